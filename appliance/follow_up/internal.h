// Helpers shared by the follow_up module's .cpp files; nobody outside this
// folder includes it.
#pragma once

#include <cstdint>
#include <string>

#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::follow_up::detail {

// An invalid_argument error naming `field`: "\"field\" message".
Error invalid(const std::string& field, const std::string& message);

// invalid_argument naming `field` unless `student_id` is an active student.
Status requireStudent(storage::Connection& db, std::int64_t student_id, const std::string& field);

// Tells the student and their parents (author excluded).
Status tellFamily(storage::Connection& db, std::int64_t student_id, const std::string& kind,
                  const std::string& title, const std::string& body, const std::string& link,
                  std::int64_t author_id, std::int64_t now);

}  // namespace cartable::follow_up::detail
