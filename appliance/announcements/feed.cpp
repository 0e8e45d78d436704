// Who an announcement reaches: the readers' feed, read receipts, the
// audience's members and the notices of publication.
#include <set>

#include "announcements/announcements.h"
#include "announcements/internal.h"
#include "core/base/utf8.h"
#include "directory/structure.h"
#include "notifications/notifications.h"

namespace cartable::announcements {
namespace {

using storage::Connection;

constexpr std::size_t kNoticeBytes = 200;

// True for announcement `a` addressed to the person bound as ?1: everyone,
// the staff, their own current class, or the current class of a child.
constexpr const char* kAddressed =
    "EXISTS (SELECT 1 FROM announcement_audiences au WHERE au.announcement_id = a.id AND ("
    " au.kind = 'school'"
    " OR (au.kind = 'staff' AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = ?1"
    "     AND r.role IN ('staff', 'admin', 'teacher')))"
    " OR (au.kind IN ('class', 'class_students') AND au.class_id IN (SELECT e.class_id"
    "     FROM enrollments e WHERE e.student_id = ?1 AND e.until IS NULL))"
    " OR (au.kind IN ('class', 'class_parents') AND au.class_id IN (SELECT e.class_id"
    "     FROM guardianships g JOIN enrollments e ON e.student_id = g.student_id"
    "     AND e.until IS NULL WHERE g.parent_id = ?1))))";
// Published and not expired at ?2.
constexpr const char* kLive = "a.publish_at <= ?2 AND (a.expires_at IS NULL OR a.expires_at > ?2)";

std::string visibleCondition() {
  return std::string(kLive) + " AND " + kAddressed;
}

Result<std::vector<std::int64_t>> ids(Result<storage::Statement> query) {
  CARTABLE_ASSIGN_OR_RETURN(auto rows, std::move(query));
  std::vector<std::int64_t> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) return out;
    out.push_back(rows.int64(0));
  }
}

Result<std::vector<std::int64_t>> activeWithRoles(Connection& db, const char* roles) {
  return ids(db.query(std::string("SELECT DISTINCT u.id FROM users u JOIN user_roles r ON "
                                  "r.user_id = u.id WHERE u.disabled_at IS NULL AND r.role IN (") +
                      roles + ")"));
}

Status addClassMembers(Connection& db, const Audience& audience, std::set<std::int64_t>& out) {
  CARTABLE_ASSIGN_OR_RETURN(auto students, directory::studentsOfClass(db, *audience.class_id));
  if (audience.kind != AudienceKind::class_parents) out.insert(students.begin(), students.end());
  if (audience.kind != AudienceKind::class_students) {
    CARTABLE_ASSIGN_OR_RETURN(auto parents, directory::parentsOf(db, students));
    out.insert(parents.begin(), parents.end());
  }
  return okStatus();
}

}  // namespace

Result<bool> isVisibleTo(Connection& db, std::int64_t announcement_id, std::int64_t user_id,
                         Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found,
      db.scalarInt64("SELECT 1 FROM announcements a WHERE a.id = ?3 AND " + visibleCondition(),
                     user_id, now, announcement_id));
  return found.has_value();
}

Result<std::vector<FeedItem>> feedOf(Connection& db, std::int64_t user_id, Seconds now,
                                     const Page& page) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found,
      detail::loadAnnouncements(
          db,
          visibleCondition() +
              " ORDER BY a.pinned DESC, a.publish_at DESC, a.id DESC LIMIT ?3 OFFSET ?4",
          user_id, now, page.limit, page.offset));
  std::vector<FeedItem> out;
  for (Announcement& a : found) {
    CARTABLE_ASSIGN_OR_RETURN(
        auto read, db.scalarInt64("SELECT 1 FROM announcement_reads WHERE announcement_id = ? "
                                  "AND user_id = ?",
                                  a.id, user_id));
    out.push_back({std::move(a), read.has_value()});
  }
  return out;
}

Result<std::int64_t> unreadCount(Connection& db, std::int64_t user_id, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto count,
      db.scalarInt64("SELECT count(*) FROM announcements a WHERE " + visibleCondition() +
                         " AND NOT EXISTS (SELECT 1 FROM announcement_reads r WHERE "
                         "r.announcement_id = a.id AND r.user_id = ?1)",
                     user_id, now));
  return count.value_or(0);
}

Result<std::vector<Announcement>> listAnnouncements(Connection& db,
                                                    std::optional<std::int64_t> author_id,
                                                    const Page& page) {
  return detail::loadAnnouncements(db,
                                   "(?1 IS NULL OR a.author_id = ?1) ORDER BY a.publish_at DESC, "
                                   "a.id DESC LIMIT ?2 OFFSET ?3",
                                   author_id, page.limit, page.offset);
}

Status markRead(Connection& db, std::int64_t announcement_id, std::int64_t user_id, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(getAnnouncement(db, announcement_id));
  return db.exec(
      "INSERT OR IGNORE INTO announcement_reads (announcement_id, user_id, read_at) "
      "VALUES (?, ?, ?)",
      announcement_id, user_id, now);
}

Result<std::vector<std::int64_t>> audienceMembers(Connection& db,
                                                  const std::vector<Audience>& audiences) {
  std::set<std::int64_t> members;
  for (const Audience& audience : audiences) {
    std::vector<std::int64_t> found;
    if (audience.kind == AudienceKind::school) {
      CARTABLE_ASSIGN_OR_RETURN(found,
                                ids(db.query("SELECT id FROM users WHERE disabled_at IS NULL")));
    } else if (audience.kind == AudienceKind::staff) {
      CARTABLE_ASSIGN_OR_RETURN(found, activeWithRoles(db, "'staff', 'admin', 'teacher'"));
    } else if (audience.class_id) {
      CARTABLE_RETURN_IF_ERROR(addClassMembers(db, audience, members));
    }
    members.insert(found.begin(), found.end());
  }
  return std::vector<std::int64_t>(members.begin(), members.end());
}

Result<ReadStats> readStats(Connection& db, const Announcement& announcement) {
  CARTABLE_ASSIGN_OR_RETURN(auto members, audienceMembers(db, announcement.audiences));
  CARTABLE_ASSIGN_OR_RETURN(
      auto readers, ids(db.query("SELECT user_id FROM announcement_reads WHERE announcement_id = ?",
                                 announcement.id)));
  const std::set<std::int64_t> audience(members.begin(), members.end());
  ReadStats stats;
  stats.audience = static_cast<std::int64_t>(audience.size());
  for (std::int64_t reader : readers) stats.read += audience.contains(reader) ? 1 : 0;
  if (stats.audience > 0) {
    stats.ratio = static_cast<double>(stats.read) / static_cast<double>(stats.audience);
  }
  return stats;
}

Result<int> publishDueAnnouncements(Connection& db, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto due,
      detail::loadAnnouncements(db, "a.announced = 0 AND a.publish_at <= ? ORDER BY a.id", now));
  int notified = 0;
  for (const Announcement& a : due) {
    if (publicationAt(a, now) == Publication::published) {
      CARTABLE_RETURN_IF_ERROR(detail::notifyAudience(db, a, now));
      ++notified;
    }
    CARTABLE_RETURN_IF_ERROR(db.exec("UPDATE announcements SET announced = 1 WHERE id = ?", a.id));
  }
  return notified;
}

namespace detail {

Status notifyAudience(Connection& db, const Announcement& announcement, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto people, audienceMembers(db, announcement.audiences));
  const notifications::Notice notice{
      "announcement.new",
      "Actualité : " + std::string(utf8::truncate(announcement.title, kNoticeBytes)),
      std::string(utf8::truncate(announcement.body, kNoticeBytes)),
      "/announcements/" + std::to_string(announcement.id)};
  return notifications::notify(db, people, notice, announcement.author_id.value_or(0), now);
}

}  // namespace detail
}  // namespace cartable::announcements
