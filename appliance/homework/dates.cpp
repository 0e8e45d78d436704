#include <cstdio>

#include "core/base/civil_date.h"
#include "homework/internal.h"

namespace cartable::homework::detail {
namespace {

constexpr int kMaxRangeDays = 366;

}  // namespace

std::string dateOf(Seconds instant) { return civil::formatDay(civil::dayOf(instant)); }

std::string timeOf(Seconds instant) {
  const Seconds in_day = ((instant % 86400) + 86400) % 86400;
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", static_cast<int>(in_day / 3600),
                static_cast<int>(in_day % 3600 / 60));
  return buffer;
}

bool isTime(std::string_view text) {
  auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return false;
  }
  return text.substr(0, 2) <= "23" && text[3] <= '5';
}

Error invalid(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

Status checkRange(const std::string& from, const std::string& to) {
  const auto first = parseDay(from);
  if (!first) return invalid("from", "must be a date written YYYY-MM-DD");
  const auto last = parseDay(to);
  if (!last) return invalid("to", "must be a date written YYYY-MM-DD");
  if (*last < *first) return invalid("to", "must not be before \"from\"");
  if ((*last - *first).count() > kMaxRangeDays) {
    return invalid("to",
                   "must be at most " + std::to_string(kMaxRangeDays) + " days after \"from\"");
  }
  return okStatus();
}

Result<bool> lessonTakesPlace(storage::Connection& db, const timetable::Lesson& lesson,
                              const std::string& date) {
  return timetable::takesPlaceOn(db, lesson, date);
}

std::string assignedCondition(const std::string& h, const std::string& student) {
  return "(EXISTS (SELECT 1 FROM homework_students hs WHERE hs.homework_id = " + h +
         ".id AND hs.student_id = " + student +
         ") OR (NOT EXISTS (SELECT 1 FROM homework_students hs WHERE hs.homework_id = " + h +
         ".id) AND (" + h +
         ".class_id IN (SELECT class_id FROM enrollments WHERE student_id = " + student +
         " AND until IS NULL) OR " + h +
         ".group_id IN (SELECT group_id FROM group_members WHERE student_id = " + student + "))))";
}

Result<std::string> subjectLabel(storage::Connection& db, std::int64_t subject_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto row,
                            db.query("SELECT label FROM subjects WHERE id = ?", subject_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  return found ? row.text(0) : "matière " + std::to_string(subject_id);
}

std::string frenchDate(const std::string& date) {
  if (date.size() != 10) return date;
  return date.substr(8, 2) + "/" + date.substr(5, 2) + "/" + date.substr(0, 4);
}

}  // namespace cartable::homework::detail
