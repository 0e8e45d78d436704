// Attendance and homework signs: absences by half-day, lateness, work not
// handed in or handed in late, each in the week it happened.
#include <map>
#include <tuple>

#include "early_warning/internal.h"

namespace cartable::early_warning::detail {

namespace {

// Lessons starting before noon count in the morning half-day (as attendance does).
constexpr std::string_view kAfternoonStartsAt = "12:00";

// An absence is covered when a justification, accepted or still waiting for
// a decision, overlaps the lesson: only the others are unjustified.
constexpr std::string_view kMarksInWindow =
    "SELECT m.student_id, rc.on_date, rc.starts_at, m.status, EXISTS (SELECT 1 FROM "
    "absence_justifications j WHERE j.student_id = m.student_id AND j.state IN ('accepted', "
    "'pending') AND j.from_date || ' ' || coalesce(j.from_time, '00:00') < rc.on_date || ' ' || "
    "rc.ends_at AND rc.on_date || ' ' || rc.starts_at < j.to_date || ' ' || "
    "coalesce(j.to_time, '24:00')) FROM attendance_marks m JOIN roll_calls rc ON rc.id = "
    "m.roll_call_id WHERE rc.on_date BETWEEN ?1 AND ?2";

// Every student expected to hand in work due in the window before today:
// the chosen students of differentiated work, else the class then (or the group).
constexpr std::string_view kHandInsDue =
    "WITH due AS (SELECT id, due_on, class_id, group_id FROM homework WHERE hand_in_expected = 1 "
    "AND due_on BETWEEN ?1 AND ?2), "
    "chosen AS (SELECT d.id, hs.student_id FROM due d JOIN homework_students hs ON "
    "hs.homework_id = d.id), "
    "expected AS (SELECT id, student_id FROM chosen UNION "
    "SELECT d.id, e.student_id FROM due d JOIN enrollments e ON e.class_id = d.class_id AND "
    "e.since <= d.due_on AND (e.until IS NULL OR e.until >= d.due_on) WHERE NOT EXISTS (SELECT "
    "1 FROM chosen c WHERE c.id = d.id) UNION "
    "SELECT d.id, gm.student_id FROM due d JOIN group_members gm ON gm.group_id = d.group_id "
    "WHERE NOT EXISTS (SELECT 1 FROM chosen c WHERE c.id = d.id)) "
    "SELECT x.student_id, d.due_on, h.late FROM expected x JOIN due d ON d.id = x.id LEFT JOIN "
    "hand_ins h ON h.homework_id = x.id AND h.student_id = x.student_id";

}  // namespace

Status readAttendance(storage::Connection& db, const Window& window, Students& students) {
  CARTABLE_ASSIGN_OR_RETURN(auto rows, db.query(kMarksInWindow, window.earlier_from, window.today));
  // (student, date, afternoon) → unjustified
  std::map<std::tuple<std::int64_t, std::string, bool>, bool> half_days;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    const std::int64_t student = rows.int64(0);
    const std::string date = rows.text(1);
    const int week = window.weekOf(date);
    students.addSign(student, week);
    if (rows.text(3) == "late") {
      students.count(student, Indicator::lateness, week);
      continue;
    }
    half_days[{student, date, rows.text(2) >= kAfternoonStartsAt}] |= rows.int64(4) == 0;
  }
  for (const auto& [half_day, unjustified] : half_days) {
    const auto& [student, date, afternoon] = half_day;
    const int week = window.weekOf(date);
    students.count(student, Indicator::absence_half_days, week);
    if (unjustified) students.count(student, Indicator::unjustified_half_days, week);
  }
  return okStatus();
}

Status readHandIns(storage::Connection& db, const Window& window, Students& students) {
  CARTABLE_ASSIGN_OR_RETURN(auto rows,
                            db.query(kHandInsDue, window.earlier_from, window.yesterday));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return okStatus();
    const std::int64_t student = rows.int64(0);
    const auto late = rows.optionalInt64(2);
    if (late && *late == 0) continue;
    const int week = window.weekOf(rows.text(1));
    students.count(student, late ? Indicator::late_hand_ins : Indicator::missing_hand_ins, week);
    students.addSign(student, week);
  }
}

}  // namespace cartable::early_warning::detail
