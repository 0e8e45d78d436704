#include "notifications/notifications.h"

#include <algorithm>
#include <set>
#include <string>

#include "mail/outbox.h"
#include "notifications/preferences.h"

namespace cartable::notifications {

Status notify(storage::Connection& db, const std::vector<std::int64_t>& people,
              const Notice& notice, std::int64_t author_id, Seconds now) {
  std::set<std::int64_t> told;
  for (std::int64_t person : people) {
    if (person == author_id || !told.insert(person).second) continue;
    CARTABLE_ASSIGN_OR_RETURN(Channels channels, channelsFor(db, person, notice.kind));
    if (channels.feed) {
      CARTABLE_RETURN_IF_ERROR(
          db.exec("INSERT INTO notifications (user_id, kind, title, body, link, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  person, notice.kind, notice.title, notice.body, notice.link, now));
    }
    // The email repeats the notice and nothing more (see mail::noticeBody).
    if (channels.email) {
      CARTABLE_RETURN_IF_ERROR(
          mail::enqueue(db, {person, notice.kind, notice.title, notice.body, notice.link}, now));
    }
  }
  return okStatus();
}

Status notifyOnce(storage::Connection& db, const std::vector<std::int64_t>& people,
                  const Notice& notice, std::int64_t author_id, Seconds now) {
  // The older unread notice is replaced rather than updated: the fresh one
  // gets a new id, so it comes first in the feed and live delivery sees it.
  for (std::int64_t person : people) {
    if (person == author_id) continue;
    CARTABLE_RETURN_IF_ERROR(
        db.exec("DELETE FROM notifications "
                "WHERE user_id = ? AND kind = ? AND link = ? AND read_at IS NULL",
                person, notice.kind, notice.link));
    CARTABLE_RETURN_IF_ERROR(mail::withdrawUnsent(db, person, notice.kind, notice.link));
  }
  return notify(db, people, notice, author_id, now);
}

Status markReadByLink(storage::Connection& db, std::int64_t user_id, const std::string& kind,
                      const std::string& link, Seconds now) {
  return db.exec(
      "UPDATE notifications SET read_at = ? WHERE user_id = ? AND kind = ? AND link = ? "
      "AND read_at IS NULL",
      now, user_id, kind, link);
}

namespace {

constexpr const char* kNoticeColumns = "SELECT id, kind, title, body, link, created_at, read_at";

Notification readNotice(const storage::Statement& row) {
  Notification n{row.int64(0), row.text(1),  row.text(2), row.text(3),
                 row.text(4),  row.int64(5), std::nullopt};
  if (!row.isNull(6)) n.read_at = row.int64(6);
  return n;
}

}  // namespace

Result<std::vector<Notification>> feedOf(storage::Connection& db, std::int64_t user_id,
                                         const FeedQuery& query) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      db.query(std::string(kNoticeColumns) +
                   " FROM notifications WHERE user_id = ?1 AND (?2 = 0 OR read_at IS NULL) "
                   "AND (?3 IS NULL OR id < ?3) ORDER BY id DESC LIMIT ?4",
               user_id, query.unread_only ? 1 : 0, query.before_id, query.limit));
  std::vector<Notification> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    out.push_back(readNotice(rows));
  }
}

Result<std::int64_t> unreadCount(storage::Connection& db, std::int64_t user_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto count,
      db.scalarInt64("SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL",
                     user_id));
  return count.value_or(0);
}

Result<int> markRead(storage::Connection& db, std::int64_t user_id, std::int64_t up_to_id,
                     Seconds now) {
  CARTABLE_RETURN_IF_ERROR(
      db.exec("UPDATE notifications SET read_at = ? WHERE user_id = ? AND id <= ? AND "
              "read_at IS NULL",
              now, user_id, up_to_id));
  return db.changes();
}

Result<std::int64_t> latestId(storage::Connection& db) {
  CARTABLE_ASSIGN_OR_RETURN(auto latest, db.scalarInt64("SELECT max(id) FROM notifications"));
  return latest.value_or(0);
}

Result<std::vector<Addressed>> writtenAfter(storage::Connection& db, std::int64_t after_id,
                                            int limit) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query(std::string(kNoticeColumns) + ", user_id FROM notifications WHERE id > ? "
                                                        "ORDER BY id LIMIT ?",
                          after_id, limit));
  std::vector<Addressed> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    out.push_back({rows.int64(7), readNotice(rows)});
  }
}

Result<std::vector<Notification>> missedBy(storage::Connection& db, std::int64_t user_id,
                                           std::int64_t after_id, std::int64_t up_to_id,
                                           int limit) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query(std::string(kNoticeColumns) +
                              " FROM notifications WHERE user_id = ? AND id > ? AND id <= ? "
                              "ORDER BY id DESC LIMIT ?",
                          user_id, after_id, up_to_id, limit));
  std::vector<Notification> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    out.push_back(readNotice(rows));
  }
  std::reverse(out.begin(), out.end());
  return out;
}

Result<int> purgeOld(storage::Connection& db, Seconds read_before, Seconds any_before) {
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM notifications WHERE read_at < ? OR created_at < ?",
                                   read_before, any_before));
  return db.changes();
}

}  // namespace cartable::notifications
