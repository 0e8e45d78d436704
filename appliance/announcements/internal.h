// Helpers shared by the announcements module's .cpp files; nobody outside
// this folder includes it.
#pragma once

#include <string>
#include <vector>

#include "announcements/announcements.h"

namespace cartable::announcements::detail {

// An invalid_argument error naming `field`: "\"field\" message".
Error invalid(const std::string& field, const std::string& message);

// The columns readRow expects, on `announcements a`.
inline constexpr const char* kColumns =
    "a.id, a.author_id, a.title, a.body, a.publish_at, a.expires_at, a.pinned, a.announced, "
    "a.created_at, a.updated_at";
Announcement readRow(const storage::Statement& row);
Status fillAudiences(storage::Connection& db, std::vector<Announcement>& found);

// Announcements selected by `where` (on `announcements a`), audiences filled in.
template <class... Args>
Result<std::vector<Announcement>> loadAnnouncements(storage::Connection& db,
                                                    const std::string& where, const Args&... args) {
  CARTABLE_ASSIGN_OR_RETURN(auto rows, db.query(std::string("SELECT ") + kColumns +
                                                    " FROM announcements a WHERE " + where,
                                                args...));
  std::vector<Announcement> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) break;
    out.push_back(readRow(rows));
  }
  CARTABLE_RETURN_IF_ERROR(fillAudiences(db, out));
  return out;
}

// Tells the announcement's audience ("announcement.new"), its author excepted.
Status notifyAudience(storage::Connection& db, const Announcement& announcement, Seconds now);

}  // namespace cartable::announcements::detail
