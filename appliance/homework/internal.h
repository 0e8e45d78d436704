// Helpers shared by the homework module's .cpp files; nobody outside this
// folder includes it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/civil_date.h"
#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "homework/homework.h"
#include "timetable/timetable.h"

namespace cartable::homework::detail {

using civil::Day;
using civil::formatDay;
using civil::parseDay;

// The civil date and "HH:MM" of a Unix time (read as the school's local time).
std::string dateOf(Seconds instant);
std::string timeOf(Seconds instant);
// True for "HH:MM" with HH 00..23 and MM 00..59.
bool isTime(std::string_view text);

// An invalid_argument error naming `field`: "\"field\" message".
Error invalid(const std::string& field, const std::string& message);
// A range of dates `from`..`to`, both real dates, in order, at most 366 days.
Status checkRange(const std::string& from, const std::string& to);

// True when `lesson` takes place on `date` by its recurrence: its weekday,
// within its validity, in a week of its pattern, not in a holiday.
Result<bool> lessonTakesPlace(storage::Connection& db, const timetable::Lesson& lesson,
                              const std::string& date);

// An SQL condition true when the student bound as `student` (e.g. "?1") has
// the homework row `h`.
std::string assignedCondition(const std::string& h, const std::string& student);

// "Mathématiques", or "matière N" when the subject is unknown.
Result<std::string> subjectLabel(storage::Connection& db, std::int64_t subject_id);

// The hand-in of `student_id` for `homework_id`, if any.
Result<std::optional<HandIn>> findHandIn(storage::Connection& db, std::int64_t homework_id,
                                         std::int64_t student_id);
WorkStatus statusOf(const Homework& homework, const std::optional<HandIn>& hand_in, Seconds now);

// "14/09/2026" for "2026-09-14", as shown in notices.
std::string frenchDate(const std::string& date);

}  // namespace cartable::homework::detail
