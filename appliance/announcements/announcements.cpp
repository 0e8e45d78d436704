#include "announcements/announcements.h"

#include <algorithm>

#include "announcements/internal.h"
#include "core/base/utf8.h"
#include "directory/relations.h"
#include "directory/validate.h"

namespace cartable::announcements {
namespace {

using storage::Connection;

constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxBody = 20000;
constexpr std::size_t kMaxAudiences = 20;
constexpr std::int64_t kMaxAttachments = 10;

Error notFound(std::int64_t id) {
  return makeError(Errc::not_found, "no announcement with id " + std::to_string(id), "id");
}

bool isClassKind(AudienceKind kind) {
  return kind != AudienceKind::school && kind != AudienceKind::staff;
}

Status checkText(const Announcement& a) {
  CARTABLE_RETURN_IF_ERROR(directory::validate::text(a.title, "title", kMaxTitle));
  if (a.title.find_first_of("\n\t") != std::string::npos) {
    return detail::invalid("title", "must be one line");
  }
  return directory::validate::text(a.body, "body", kMaxBody);
}

Status checkAudience(Connection& db, const Audience& audience, const std::string& field) {
  if (!isClassKind(audience.kind)) {
    if (audience.class_id) {
      return detail::invalid(field + ".class_id", "must be absent for the audience \"" +
                                                      std::string(audienceKindName(audience.kind)) +
                                                      "\"");
    }
    return okStatus();
  }
  if (!audience.class_id) {
    return detail::invalid(field + ".class_id", "is required for a class audience");
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto found, db.scalarInt64("SELECT 1 FROM classes WHERE id = ?", *audience.class_id));
  if (!found) {
    return detail::invalid(field + ".class_id",
                           std::to_string(*audience.class_id) + " names no known class");
  }
  return okStatus();
}

Status checkAudiences(Connection& db, const std::vector<Audience>& audiences) {
  if (audiences.empty()) return detail::invalid("audiences", "must name at least one audience");
  if (audiences.size() > kMaxAudiences) {
    return detail::invalid("audiences",
                           "has more than " + std::to_string(kMaxAudiences) + " items");
  }
  for (std::size_t i = 0; i < audiences.size(); ++i) {
    const std::string field = "audiences[" + std::to_string(i) + "]";
    CARTABLE_RETURN_IF_ERROR(checkAudience(db, audiences[i], field));
    const auto earlier = audiences.begin() + static_cast<std::ptrdiff_t>(i);
    if (std::find(audiences.begin(), earlier, audiences[i]) != earlier) {
      return detail::invalid(field, "repeats an earlier audience");
    }
  }
  return okStatus();
}

// expires_at must come after publication and, when it changes, after now.
Status checkExpiry(const Announcement& a, const Announcement* before, Seconds now) {
  if (!a.expires_at) return okStatus();
  if (*a.expires_at <= a.publish_at) {
    return detail::invalid("expires_at", "must be after publish_at (" +
                                             std::to_string(*a.expires_at) + " is not after " +
                                             std::to_string(a.publish_at) + ")");
  }
  const bool unchanged = before && before->expires_at == a.expires_at;
  if (!unchanged && *a.expires_at <= now) return detail::invalid("expires_at", "is already past");
  return okStatus();
}

Status validate(Connection& db, const Announcement& a, const Announcement* before, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(checkText(a));
  CARTABLE_RETURN_IF_ERROR(checkAudiences(db, a.audiences));
  return checkExpiry(a, before, now);
}

Status replaceAudiences(Connection& db, std::int64_t id, const std::vector<Audience>& audiences) {
  CARTABLE_RETURN_IF_ERROR(
      db.exec("DELETE FROM announcement_audiences WHERE announcement_id = ?", id));
  for (const Audience& audience : audiences) {
    CARTABLE_RETURN_IF_ERROR(
        db.exec("INSERT INTO announcement_audiences (announcement_id, kind, class_id) "
                "VALUES (?, ?, ?)",
                id, audienceKindName(audience.kind), audience.class_id));
  }
  return okStatus();
}

Result<std::vector<Audience>> audiencesOf(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(auto rows, db.query("SELECT kind, class_id FROM announcement_audiences "
                                                "WHERE announcement_id = ? ORDER BY rowid",
                                                id));
  std::vector<Audience> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) return out;
    const auto kind = parseAudienceKind(rows.text(0));
    out.push_back({kind.value_or(AudienceKind::school), rows.optionalInt64(1)});
  }
}

}  // namespace

std::string_view audienceKindName(AudienceKind kind) {
  switch (kind) {
    case AudienceKind::school:
      return "school";
    case AudienceKind::staff:
      return "staff";
    case AudienceKind::class_all:
      return "class";
    case AudienceKind::class_students:
      return "class_students";
    case AudienceKind::class_parents:
      return "class_parents";
  }
  return "school";
}

std::optional<AudienceKind> parseAudienceKind(std::string_view name) {
  for (AudienceKind kind : {AudienceKind::school, AudienceKind::staff, AudienceKind::class_all,
                            AudienceKind::class_students, AudienceKind::class_parents}) {
    if (audienceKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

Publication publicationAt(const Announcement& announcement, Seconds now) {
  if (announcement.publish_at > now) return Publication::scheduled;
  if (announcement.expires_at && *announcement.expires_at <= now) return Publication::expired;
  return Publication::published;
}

std::string_view publicationName(Publication publication) {
  switch (publication) {
    case Publication::scheduled:
      return "scheduled";
    case Publication::published:
      return "published";
    case Publication::expired:
      return "expired";
  }
  return "published";
}

Result<bool> mayAddress(Connection& db, std::int64_t author_id, directory::RoleSet roles,
                        const std::vector<Audience>& audiences) {
  using directory::Role;
  if (roles.intersects({Role::admin, Role::staff})) return true;
  if (!roles.has(Role::teacher)) return false;
  for (const Audience& audience : audiences) {
    if (!isClassKind(audience.kind) || !audience.class_id) return false;
    CARTABLE_ASSIGN_OR_RETURN(bool teaches,
                              directory::teachesClass(db, author_id, *audience.class_id));
    if (!teaches) return false;
  }
  return true;
}

Result<std::int64_t> createAnnouncement(Connection& db, const Announcement& announcement,
                                        Seconds now) {
  Announcement stored = announcement;
  stored.publish_at = std::max(announcement.publish_at, now);
  CARTABLE_RETURN_IF_ERROR(validate(db, stored, nullptr, now));
  stored.announced = stored.publish_at <= now;
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO announcements (author_id, title, body, publish_at, expires_at, pinned, "
              "announced, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              stored.author_id, stored.title, stored.body, stored.publish_at, stored.expires_at,
              stored.pinned, stored.announced, now, now));
  stored.id = db.lastInsertId();
  CARTABLE_RETURN_IF_ERROR(replaceAudiences(db, stored.id, stored.audiences));
  if (stored.announced) CARTABLE_RETURN_IF_ERROR(detail::notifyAudience(db, stored, now));
  return stored.id;
}

Result<Announcement> getAnnouncement(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(auto found, detail::loadAnnouncements(db, "a.id = ?", id));
  if (found.empty()) return notFound(id);
  Announcement a = std::move(found.front());
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT file_id FROM announcement_attachments WHERE announcement_id = ? "
                          "ORDER BY file_id",
                          id));
  std::vector<std::int64_t> file_ids;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) break;
    file_ids.push_back(rows.int64(0));
  }
  for (std::int64_t file_id : file_ids) {
    CARTABLE_ASSIGN_OR_RETURN(auto file, files::FileStore::find(db, file_id));
    a.attachments.push_back(std::move(file));
  }
  return a;
}

Status updateAnnouncement(Connection& db, const Announcement& updated, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(const Announcement before, getAnnouncement(db, updated.id));
  Announcement stored = updated;
  if (before.announced && stored.publish_at != before.publish_at) {
    return detail::invalid("publish_at", "cannot change: the announcement is already published");
  }
  if (!before.announced) stored.publish_at = std::max(stored.publish_at, now);
  CARTABLE_RETURN_IF_ERROR(validate(db, stored, &before, now));
  const bool publish_now = !before.announced && stored.publish_at <= now;
  CARTABLE_RETURN_IF_ERROR(
      db.exec("UPDATE announcements SET title = ?, body = ?, publish_at = ?, expires_at = ?, "
              "pinned = ?, announced = ?, updated_at = ? WHERE id = ?",
              stored.title, stored.body, stored.publish_at, stored.expires_at, stored.pinned,
              before.announced || publish_now, now, stored.id));
  CARTABLE_RETURN_IF_ERROR(replaceAudiences(db, stored.id, stored.audiences));
  if (publish_now) CARTABLE_RETURN_IF_ERROR(detail::notifyAudience(db, stored, now));
  return okStatus();
}

Status deleteAnnouncement(Connection& db, std::int64_t id) {
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM announcements WHERE id = ?", id));
  if (db.changes() == 0) return notFound(id);
  return okStatus();
}

Status attachFile(Connection& db, std::int64_t announcement_id, std::int64_t file_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto count,
      db.scalarInt64("SELECT count(*) FROM announcement_attachments WHERE announcement_id = ?",
                     announcement_id));
  if (count.value_or(0) >= kMaxAttachments) {
    return detail::invalid("file", "cannot be added: announcement " +
                                       std::to_string(announcement_id) + " already has " +
                                       std::to_string(kMaxAttachments) + " attachments");
  }
  return db.exec("INSERT INTO announcement_attachments (announcement_id, file_id) VALUES (?, ?)",
                 announcement_id, file_id);
}

Result<bool> hasAttachment(Connection& db, std::int64_t announcement_id, std::int64_t file_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto found, db.scalarInt64("SELECT 1 FROM announcement_attachments "
                                                       "WHERE announcement_id = ? AND file_id = ?",
                                                       announcement_id, file_id));
  return found.has_value();
}

Result<bool> isAuthor(Connection& db, std::int64_t announcement_id, std::int64_t user_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found, db.scalarInt64("SELECT 1 FROM announcements WHERE id = ? AND author_id = ?",
                                 announcement_id, user_id));
  return found.has_value();
}

namespace detail {

Error invalid(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

Announcement readRow(const storage::Statement& row) {
  Announcement a;
  a.id = row.int64(0);
  a.author_id = row.optionalInt64(1);
  a.title = row.text(2);
  a.body = row.text(3);
  a.publish_at = row.int64(4);
  a.expires_at = row.optionalInt64(5);
  a.pinned = row.int64(6) != 0;
  a.announced = row.int64(7) != 0;
  a.created_at = row.int64(8);
  a.updated_at = row.int64(9);
  return a;
}

Status fillAudiences(Connection& db, std::vector<Announcement>& found) {
  for (Announcement& a : found) {
    CARTABLE_ASSIGN_OR_RETURN(a.audiences, audiencesOf(db, a.id));
  }
  return okStatus();
}

}  // namespace detail
}  // namespace cartable::announcements
