// The notification feed: what each person is told (a lesson cancelled, new
// homework, a grade published, an absence...). Features write to it inside the
// transaction of the event, so a notice exists exactly when the event does.
#pragma once

#include <cstdint>
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
// when no person caused it); repeated ids are told once.
Status notify(storage::Connection& db, const std::vector<std::int64_t>& people,
              const Notice& notice, std::int64_t author_id, Seconds now);

}  // namespace cartable::notifications
