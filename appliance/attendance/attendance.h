// School life attendance ("vie scolaire"): the roll call of each lesson
// occurrence, the absences and lateness it records, justifications, and the
// half-day counts families and staff follow.
//
// Dates are ISO "YYYY-MM-DD", times "HH:MM". The clock is read as the school's
// civil time (see civilNow). A lesson occurrence is a lesson on the date it is
// actually given (after a move).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "timetable/timetable.h"

namespace cartable::attendance {

// Lessons starting before this time count in the morning half-day, the others
// in the afternoon one.
inline constexpr std::string_view kAfternoonStartsAt = "12:00";
// Lateness is recorded in minutes, within these bounds.
inline constexpr int kMinMinutesLate = 1;
inline constexpr int kMaxMinutesLate = 240;

// The school's date and time now. Unix time is read as the school's civil time
// (no time zones yet): this is the one place to change when they come.
struct CivilTime {
  std::string date;  // YYYY-MM-DD
  std::string time;  // HH:MM
};
CivilTime civilNow(Seconds now);

enum class Presence { present, absent, late };
std::string_view presenceName(Presence presence);  // "present", "absent", "late"
std::optional<Presence> parsePresence(std::string_view name);

// One line of a roll call as the teacher sends it.
struct RollEntry {
  std::int64_t student_id = 0;
  Presence status = Presence::present;
  int minutes_late = 0;  // late: kMinMinutesLate..kMaxMinutesLate; otherwise 0
};

// A student of the lesson and what the roll call says of them.
struct StudentPresence {
  std::int64_t student_id = 0;
  std::string name;  // "Given Family"
  Presence status = Presence::present;
  int minutes_late = 0;
};

// A change made by taking the roll of an occurrence again.
struct Correction {
  std::int64_t student_id = 0;
  Presence old_status = Presence::present;
  int old_minutes = 0;
  Presence new_status = Presence::present;
  int new_minutes = 0;
  std::optional<std::int64_t> changed_by;
  Seconds changed_at = 0;
};

struct RollCall {
  std::int64_t lesson_id = 0;
  std::string date;
  std::string starts_at;
  std::string ends_at;
  bool taken = false;
  std::optional<std::int64_t> taken_by;  // the last person who took or corrected it
  std::optional<Seconds> taken_at;
  std::vector<StudentPresence> students;  // the lesson's students, and any marked who left
  std::vector<Correction> corrections;    // oldest first
};

// The roll of lesson `lesson_id` on `date`: every student of its class or
// group with their status (all present while the roll was not taken).
// not_found for an unknown lesson; invalid_argument on "date" when the lesson
// is not given that day or is cancelled.
Result<RollCall> getRollCall(storage::Connection& db, std::int64_t lesson_id,
                             const std::string& date);

// Takes (or takes again, correcting it) the roll of the lesson on `date`.
// Students not listed in `entries` were present. An entry naming a student
// who is not in the lesson's class or group, or twice, is invalid_argument on
// "entries[i].student_id"; a lateness out of bounds on "entries[i].minutes_late";
// an occurrence not given that day, cancelled or not started yet (by `now`) on
// "date". Nothing is written on error. Each student's change is kept as a
// correction; the parents of a student newly absent or late are notified once
// per kind for this occurrence ("attendance.absence", "attendance.late").
Result<RollCall> recordRollCall(storage::Connection& db, std::int64_t lesson_id,
                                const std::string& date, const std::vector<RollEntry>& entries,
                                std::int64_t author_id, Seconds now);

// True when `teacher_id` is one of the lesson's teachers, or gives the
// occurrence of `date` as a substitute.
Result<bool> givesLesson(storage::Connection& db, std::int64_t teacher_id, std::int64_t lesson_id,
                         const std::string& date);

// The occurrences of `date` that have started by `now`, are not cancelled and
// have no roll call yet, by start time. A bad date is invalid_argument on "date".
Result<std::vector<timetable::Occurrence>> missingRollCalls(storage::Connection& db,
                                                            const std::string& date, Seconds now);

// Justifications.

enum class Reason { illness, medical, family, transport, exam, school_activity, other };
// Every reason, in the order a form lists them.
const std::vector<Reason>& allReasons();
std::string_view reasonName(Reason reason);   // "illness", ..., "school_activity", "other"
std::string_view reasonLabel(Reason reason);  // "Maladie", ...
std::optional<Reason> parseReason(std::string_view name);

enum class JustificationState { pending, accepted, refused };
std::string_view justificationStateName(JustificationState state);
std::optional<JustificationState> parseJustificationState(std::string_view name);

struct NewJustification {
  std::int64_t student_id = 0;
  std::string from_date;
  std::optional<std::string> from_time;  // none: from the start of from_date
  std::string to_date;
  std::optional<std::string> to_time;  // none: to the end of to_date
  Reason reason = Reason::other;
  std::string text;  // up to 1000 characters; required from a parent
};

struct Justification {
  std::int64_t id = 0;
  std::int64_t student_id = 0;
  std::string from_date;
  std::optional<std::string> from_time;
  std::string to_date;
  std::optional<std::string> to_time;
  Reason reason = Reason::other;
  std::string text;
  std::optional<std::int64_t> file_id;  // the attached document, if any
  JustificationState state = JustificationState::pending;
  std::optional<std::int64_t> submitted_by;
  Seconds submitted_at = 0;
  std::optional<std::int64_t> decided_by;
  std::optional<Seconds> decided_at;
  std::string decision_comment;
};

// Staff record a justification, accepted at once. Bad input is invalid_argument
// naming the field ("student_id" not a student, "from_date", "to_time" not
// after the start, "text"...).
Result<Justification> recordJustification(storage::Connection& db, const NewJustification& input,
                                          std::int64_t author_id, Seconds now);
// A parent submits one for their child: pending until staff decide; "text" is required.
Result<Justification> submitJustification(storage::Connection& db, const NewJustification& input,
                                          std::int64_t parent_id, Seconds now);

// Attaches file `file_id` (already recorded) to justification `id`, replacing
// any earlier one, while it is pending (a decided one is a conflict on "state").
Status attachJustificationFile(storage::Connection& db, std::int64_t id, std::int64_t file_id);

struct JustificationFilter {
  std::optional<JustificationState> state;
  std::optional<std::int64_t> student_id;
  std::optional<std::int64_t> guardian_id;  // only the children of this parent
};
// Newest first.
Result<std::vector<Justification>> listJustifications(storage::Connection& db,
                                                      const JustificationFilter& filter);
Result<Justification> getJustification(storage::Connection& db, std::int64_t id);

// Accepts or refuses a pending justification and notifies the student's parents
// ("attendance.justification"). A refusal needs a comment (invalid_argument on
// "comment"); a justification already decided is a conflict on "state".
Result<Justification> decideJustification(storage::Connection& db, std::int64_t id, bool accept,
                                          const std::string& comment, std::int64_t author_id,
                                          Seconds now);

// Summaries.

// An inclusive span of dates, from a calendar period or given directly.
struct DateSpan {
  std::string from;
  std::string to;
  std::string label;  // the period's label, empty for a span given by dates
};
// The span a summary covers: period `period` (1-based, in the calendar's
// order), or from..to, or by default the period holding `today` (all dates when
// none does). Errors name "period", "from" or "to".
Result<DateSpan> resolveSpan(storage::Connection& db, std::optional<std::int64_t> period,
                             const std::optional<std::string>& from,
                             const std::optional<std::string>& to, const std::string& today);

// An absence or a lateness with how it stands against justifications: justified
// when an accepted justification overlaps the lesson's hours, pending when only a
// pending one does, else unjustified.
struct AttendanceEvent {
  std::optional<std::int64_t> lesson_id;  // none once the lesson was deleted
  std::optional<std::int64_t> subject_id;
  std::string date;
  std::string starts_at;
  std::string ends_at;
  Presence status = Presence::absent;  // absent or late
  int minutes_late = 0;
  enum class Standing { justified, pending, unjustified } standing = Standing::unjustified;
  std::optional<std::int64_t> justification_id;
};
std::string_view standingName(AttendanceEvent::Standing standing);

// Half-days: a student absent from at least one lesson of a half-day is absent
// that half-day; it is unjustified when one of those absences is not justified.
struct StudentAttendance {
  std::int64_t student_id = 0;
  std::string name;
  int half_days_absent = 0;
  int half_days_unjustified = 0;
  int late_count = 0;
  int minutes_late = 0;
  std::vector<AttendanceEvent> events;  // by date and time
};

// not_found when `student_id` is not a student.
Result<StudentAttendance> studentAttendance(storage::Connection& db, std::int64_t student_id,
                                            const DateSpan& span);
// Every current student of the class, by name, with counts but no events.
// not_found for an unknown class.
Result<std::vector<StudentAttendance>> classAttendance(storage::Connection& db,
                                                       std::int64_t class_id, const DateSpan& span);

// Every student marked absent or late on `date`, by family then given name,
// with that day's events and counts. A bad date is invalid_argument on "date".
Result<std::vector<StudentAttendance>> attendanceOn(storage::Connection& db,
                                                    const std::string& date);

}  // namespace cartable::attendance
