// The notification feed: what each person is told (a lesson cancelled, new
// homework, a grade published, an absence...). Features write to it inside the
// transaction of the event, so a notice exists exactly when the event does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::notifications {

struct Notice {
  std::string kind;   // "<feature>.<event>", e.g. "timetable.cancelled", "homework.new"
  std::string title;  // one line, in French, shown as is
  std::string body;   // may be empty
  std::string link;   // the client path that shows the event, may be empty
};

// Writes `notice` to the feed of each of `people` except `author_id` (pass 0
// when no person caused it); repeated ids are told once. Each person's
// preferences (preferences.h) decide: no feed row for a category they turned
// off, and an email queued in the same transaction when they asked for one.
Status notify(storage::Connection& db, const std::vector<std::int64_t>& people,
              const Notice& notice, std::int64_t author_id, Seconds now);

// Like notify, but a person who still has an unread notice of the same kind
// and link gets that one replaced by the new one (a flood of messages in one
// conversation leaves one notice, first in the feed, and one unsent email).
Status notifyOnce(storage::Connection& db, const std::vector<std::int64_t>& people,
                  const Notice& notice, std::int64_t author_id, Seconds now);

// Marks `user_id`'s unread notices of `kind` pointing at `link` as read (the
// person has seen what they announce).
Status markReadByLink(storage::Connection& db, std::int64_t user_id, const std::string& kind,
                      const std::string& link, Seconds now);

struct Notification {
  std::int64_t id = 0;
  std::string kind, title, body, link;
  Seconds created_at = 0;
  std::optional<Seconds> read_at;
};

struct FeedQuery {
  bool unread_only = false;
  std::optional<std::int64_t> before_id;  // the next page: ids below this one
  int limit = 50;                         // 1..200
};

// `user_id`'s notifications, newest first.
Result<std::vector<Notification>> feedOf(storage::Connection& db, std::int64_t user_id,
                                         const FeedQuery& query);
Result<std::int64_t> unreadCount(storage::Connection& db, std::int64_t user_id);
// Marks `user_id`'s notifications up to `up_to_id` (included) as read;
// returns how many changed. Another person's ids are never touched.
Result<int> markRead(storage::Connection& db, std::int64_t user_id, std::int64_t up_to_id,
                     Seconds now);

// The newest notification id of the whole school (0 when none): a cursor
// from which live delivery follows what is written next.
Result<std::int64_t> latestId(storage::Connection& db);

struct Addressed {
  std::int64_t user_id = 0;
  Notification notification;
};

// Notifications of everyone with an id above `after_id`, oldest first, at
// most `limit` (live delivery reads them once a second).
Result<std::vector<Addressed>> writtenAfter(storage::Connection& db, std::int64_t after_id,
                                            int limit);

// `user_id`'s notifications with an id in (after_id, up_to_id], oldest first,
// at most `limit` of the newest (what a reconnecting client missed).
Result<std::vector<Notification>> missedBy(storage::Connection& db, std::int64_t user_id,
                                           std::int64_t after_id, std::int64_t up_to_id, int limit);

// Deletes notifications read before `read_before` and any created before
// `any_before` (the feed is a to-do list, not an archive: the events stay in
// their own tables). Returns how many went.
Result<int> purgeOld(storage::Connection& db, Seconds read_before, Seconds any_before);

}  // namespace cartable::notifications
