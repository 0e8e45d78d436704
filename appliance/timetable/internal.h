// Helpers shared by the timetable's .cpp files; nobody outside this folder
// includes it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/civil_date.h"
#include "timetable/timetable.h"

namespace cartable::timetable::detail {

using civil::Day;
using civil::formatDay;
using civil::isoWeekday;
using civil::parseDay;

// True for "HH:MM" with HH 00..23 and MM 00..59.
bool isTime(std::string_view text);

// An invalid_argument error naming `field`.
Error invalid(std::string field, const std::string& message);
Status requireDate(const std::string& value, const std::string& field);
Status requireTime(const std::string& value, const std::string& field);
// A present and distinct list of active teachers: invalid_argument on `field` otherwise.
Status requireTeachers(storage::Connection& db, const std::vector<std::int64_t>& ids,
                       const std::string& field);

// Whether the week holding `day` is an A or a B week (none without a reference).
std::optional<WeekPattern> weekType(const Calendar& calendar, Day day);
bool isHoliday(const Calendar& calendar, Day day);
// True when a lesson with `pattern` takes place in a week of type `type`.
bool patternFits(WeekPattern pattern, std::optional<WeekPattern> type);
// True when the lesson is given on `day` by its recurrence (ignoring changes).
bool recursOn(const Lesson& lesson, const Calendar& calendar, Day day);

// The SELECT of every lesson column on `lessons l`, followed by `where`.
std::string lessonQuery(const std::string& where);
// Reads every row of a lessonQuery().
Result<std::vector<Lesson>> readLessons(Result<storage::Statement> rows);

// Lessons selected by a WHERE clause on `lessons l`, with `args` bound to it.
template <class... Args>
Result<std::vector<Lesson>> loadLessons(storage::Connection& db, const std::string& where,
                                        const Args&... args) {
  return readLessons(db.query(lessonQuery(where), args...));
}

// The occurrences of `lessons` in the week starting on `monday`, every change
// applied and holidays removed; not filtered by person.
Result<std::vector<Occurrence>> expandWeek(storage::Connection& db,
                                           const std::vector<Lesson>& lessons, Day monday);

// What two simultaneous lessons must not share.
struct Seat {
  std::optional<std::int64_t> class_id;
  std::optional<std::int64_t> group_id;
  std::vector<std::int64_t> teacher_ids;
  std::string room;
};
// A conflict error naming lesson `other_id` (described by `when`) and the field
// when `mine` and `theirs` share a teacher, the room or students; else ok.
Status checkShared(storage::Connection& db, const Seat& mine, const Seat& theirs,
                   std::int64_t other_id, const std::string& when);

}  // namespace cartable::timetable::detail
