#include "core/base/utf8.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "follow_up/internal.h"
#include "notifications/notifications.h"

namespace cartable::follow_up::detail {

Error invalid(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

Status requireStudent(storage::Connection& db, std::int64_t student_id, const std::string& field) {
  auto user = directory::getUser(db, student_id);
  if (!user.ok()) {
    if (user.error().code != Errc::not_found) return user.error();
    return invalid(field,
                   "names no student (no person with id " + std::to_string(student_id) + ")");
  }
  if (!user->roles.has(directory::Role::student) || !user->active()) {
    return invalid(field, "names no active student (person " + std::to_string(student_id) + ")");
  }
  return okStatus();
}

Status tellFamily(storage::Connection& db, std::int64_t student_id, const std::string& kind,
                  const std::string& title, const std::string& body, const std::string& link,
                  std::int64_t author_id, std::int64_t now) {
  CARTABLE_ASSIGN_OR_RETURN(auto people, directory::parentsOf(db, {student_id}));
  people.insert(people.begin(), student_id);
  constexpr std::size_t kBodyBytes = 200;
  const notifications::Notice notice{kind, title, std::string(utf8::truncate(body, kBodyBytes)),
                                     link};
  return notifications::notify(db, people, notice, author_id, now);
}

}  // namespace cartable::follow_up::detail
