// The measures of one school day, read from the school's database: per
// school, level, class, subject of a level and role. Every cell carries n,
// the people it describes; nothing is suppressed here (see suppression.h).
#pragma once

#include <vector>

#include "core/base/civil_date.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "reporting/report_envelope.h"

namespace cartable::reporting {

// Students with an early-warning alert open that day (appliance/early_warning),
// in the school, level and class cells.
inline constexpr const char* kDifficultyMetric = "difficulty.students";
// Students with a follow-up plan (appliance/follow_up) open at the end of the
// day, in the same cells.
inline constexpr const char* kFollowUpMetric = "followup.students";

// The cells of `day`, unsuppressed:
// - school, level and class cells (n: students enrolled that day):
//   attendance.expected (student-lessons whose roll was called),
//   attendance.absent, attendance.late, attendance.rate (1 - absent/expected),
//   absence.half_days, absence.unjustified_half_days (no accepted
//   justification covers one of its absences), handin.expected / on_time /
//   late / missing (homework due that day that expects a hand-in),
//   homework.posted (homework set that day), difficulty.students (students
//   with an early-warning alert open that day: first seen on or before it,
//   not cleared by then), followup.students (students with a follow-up plan
//   opened before the day's end and not closed by then);
// - subject cells, per level (n: students with a hand-in due or a grade in
//   the subject that day): handin.*, and grades.count / mean / q1 / median /
//   q3 on /20 of the evaluations dated that day;
// - role cells (n: the role's active accounts): adoption.active_day,
//   adoption.active_week (7 days ending that day), adoption.sessions,
//   messages.sent, documents.shared;
// - the school cell also: messages.sent, documents.shared, helpdesk.opened,
//   helpdesk.open (open when the report is made).
// Instants (sessions, messages…) are taken by UTC day.
Result<std::vector<ReportCell>> computeReportCells(storage::Connection& conn, civil::Day day);

}  // namespace cartable::reporting
