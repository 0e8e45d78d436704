// The timetable: the school calendar (periods, holidays, week A/B), recurring
// lessons, one-off changes to a lesson on a date, and each person's week.
// Dates are ISO "YYYY-MM-DD", times "HH:MM"; weekdays run 1 (Monday) to 7.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::timetable {

struct DateRange {
  std::string label;  // "Vacances de la Toussaint", "Trimestre 1"
  std::string starts_on;
  std::string ends_on;  // included
};

struct Calendar {
  std::optional<std::string> week_a_monday;  // a Monday of a week A; none: no A/B weeks
  std::vector<DateRange> periods;
  std::vector<DateRange> holidays;
};

enum class WeekPattern { all, a, b };

struct Lesson {
  std::int64_t id = 0;
  std::int64_t subject_id = 0;
  std::optional<std::int64_t> class_id;  // exactly one of class_id, group_id
  std::optional<std::int64_t> group_id;
  std::vector<std::int64_t> teacher_ids;  // at least one, each a teacher
  std::string room;                       // may be empty
  int weekday = 1;
  std::string starts_at;
  std::string ends_at;  // after starts_at
  WeekPattern week_pattern = WeekPattern::all;
  std::string valid_from;
  std::string valid_until;  // included, not before valid_from
};

enum class ChangeKind { cancelled, moved, room, substitute };

// A change to the occurrence of `lesson_id` on `on_date`.
struct LessonChange {
  std::int64_t lesson_id = 0;
  std::string on_date;
  ChangeKind kind = ChangeKind::cancelled;
  std::optional<std::string> new_date;        // moved: required
  std::optional<std::string> new_starts_at;   // moved: required
  std::optional<std::string> new_ends_at;     // moved: required
  std::optional<std::string> new_room;        // room: required; moved: optional
  std::optional<std::int64_t> substitute_id;  // substitute: required, a teacher
  std::string note;
};

// One concrete lesson of a week, with its changes applied.
struct Occurrence {
  std::int64_t lesson_id = 0;
  std::int64_t subject_id = 0;
  std::optional<std::int64_t> class_id;
  std::optional<std::int64_t> group_id;
  std::vector<std::int64_t> teacher_ids;  // the substitute in place of the usual teachers
  std::string room;
  std::string date;
  std::string starts_at;
  std::string ends_at;
  bool cancelled = false;                 // still listed, so families see it was cancelled
  std::optional<std::string> moved_from;  // the date it was planned on
  std::optional<std::int64_t> substitute_id;
  std::vector<std::string> notes;
};

std::string_view weekPatternName(WeekPattern pattern);  // "all", "A", "B"
std::optional<WeekPattern> parseWeekPattern(std::string_view name);
std::string_view changeKindName(ChangeKind kind);  // "cancelled", "moved", "room", "substitute"
std::optional<ChangeKind> parseChangeKind(std::string_view name);

// The calendar; an empty one when it was never set.
Result<Calendar> getCalendar(storage::Connection& db);
// Replaces the calendar. Errors name the field ("week_a_monday",
// "holidays[1].ends_on", ...); nothing is written on error.
Status setCalendar(storage::Connection& db, const Calendar& calendar);

// Checks `lesson` and inserts it. Bad input is invalid_argument naming the field
// (an unknown subject, class or group id; a teacher id that is not a teacher:
// "teacher_ids"); an overlap with another lesson sharing a teacher, the room or
// the class is conflict naming that lesson and the field ("teacher_ids", "room",
// "class_id" or "group_id").
Result<std::int64_t> createLesson(storage::Connection& db, const Lesson& lesson);
Result<Lesson> getLesson(storage::Connection& db, std::int64_t id);  // not_found when absent
Status deleteLesson(storage::Connection& db, std::int64_t id);
// Ends lesson `id` after `last_day`, keeping its past (changes, records) —
// or deletes it when it would not take place at all (valid_from after
// `last_day`). Returns true when it was deleted.
Result<bool> endLesson(storage::Connection& db, std::int64_t id, const std::string& last_day);
struct LessonFilter {
  std::optional<std::int64_t> class_id;
  std::optional<std::int64_t> group_id;
  std::optional<std::int64_t> teacher_id;
};
Result<std::vector<Lesson>> listLessons(storage::Connection& db, const LessonFilter& filter);

// True when `lesson` is given on `date` by its recurrence and the calendar
// (weekday, validity, week A/B, holidays), one-off changes aside; false for a
// date that is not YYYY-MM-DD.
Result<bool> takesPlaceOn(storage::Connection& db, const Lesson& lesson, const std::string& date);

// True when `teacher_id` is one of the lesson's teachers.
Result<bool> teachesLesson(storage::Connection& db, std::int64_t teacher_id,
                           std::int64_t lesson_id);

// Records `change` (replacing one of the same kind on that date) and, in the same
// transaction, notifies the lesson's students, their parents and its teachers
// (and the substitute), except `author_id` (0 when no person made it). `on_date` must be a date the
// lesson takes place; a move is checked for overlaps like a new lesson. Returns its id.
Result<std::int64_t> recordChange(storage::Connection& db, const LessonChange& change,
                                  std::int64_t author_id, Seconds now);

// The week starting on `monday` as `person_id` lives it: a student's class and
// groups, a teacher's own lessons and substitutions given to them. Holidays are
// removed, changes applied; sorted by date then start time.
Result<std::vector<Occurrence>> weekFor(storage::Connection& db, std::int64_t person_id,
                                        const std::string& monday);

// Every lesson of the school given on `date` (YYYY-MM-DD), changes applied: an
// occurrence moved to that date is included, one moved away is not, cancelled
// ones are listed with `cancelled`; none on a holiday. Sorted by start time.
// A bad date is invalid_argument on "date".
Result<std::vector<Occurrence>> occurrencesOn(storage::Connection& db, const std::string& date);
// The same for one lesson (none, one, or a cancelled one and the one moved in).
Result<std::vector<Occurrence>> occurrencesOfLessonOn(storage::Connection& db,
                                                      std::int64_t lesson_id,
                                                      const std::string& date);

}  // namespace cartable::timetable
