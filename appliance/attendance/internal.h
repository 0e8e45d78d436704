// Helpers shared by the attendance module's .cpp files; nobody outside this
// folder includes it.
#pragma once

#include <cstdint>
#include <string>

#include "attendance/attendance.h"

namespace cartable::attendance::detail {

// An invalid_argument error naming `field`.
Error invalid(std::string field, const std::string& message);
// invalid_argument on `field` unless `value` is a real YYYY-MM-DD date / an HH:MM time.
Status requireDate(const std::string& value, const std::string& field);
Status requireTime(const std::string& value, const std::string& field);

// True when `person_id` is a student.
Result<bool> isStudent(storage::Connection& db, std::int64_t person_id);
// "Given Family"; empty when there is no such person.
Result<std::string> nameOf(storage::Connection& db, std::int64_t person_id);
// The subject's label; empty when there is none.
Result<std::string> subjectLabel(storage::Connection& db, std::optional<std::int64_t> subject_id);

// The client path that shows a student's attendance, for notices.
std::string attendanceLink(std::int64_t student_id);

}  // namespace cartable::attendance::detail
