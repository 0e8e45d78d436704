#include "notifications/notifications.h"

#include <set>

namespace cartable::notifications {

Status notify(storage::Connection& db, const std::vector<std::int64_t>& people,
              const Notice& notice, std::int64_t author_id, Seconds now) {
  std::set<std::int64_t> told;
  for (std::int64_t person : people) {
    if (person == author_id || !told.insert(person).second) continue;
    CARTABLE_RETURN_IF_ERROR(db.exec(
        "INSERT INTO notifications (user_id, kind, title, body, link, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        person, notice.kind, notice.title, notice.body, notice.link, now));
  }
  return okStatus();
}

}  // namespace cartable::notifications
