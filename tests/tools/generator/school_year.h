// A year of school life for the generated school, lived day by day through
// the modules' own functions: roll calls with absences and lateness,
// justifications, the cahier de textes, homework with hand-ins and feedback,
// evaluations with their scores, and every notification these send.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/storage/database.h"
#include "tests/tools/generator/school_generator.h"

namespace cartable::generator {

struct YearOptions {
  // The last day lived (included), YYYY-MM-DD; none: the calendar's last day.
  std::optional<std::string> until;
  // The node's file store (<data_dir>/files): a few hand-ins then carry a small
  // PDF. None: every hand-in is text only (the counts are the same either way).
  std::optional<std::filesystem::path> files_root;
  // Plants at-risk trajectories for the early-warning evaluation (see
  // plantTrajectories in year_model.h) and reports their labels.
  bool plant_at_risk = false;
};

// What the early-warning evaluation compares the detector with (never shown
// in the product): a student planted as slipping, one with a single bad week
// (who should not be flagged), or one in difficulty all year long.
struct RiskLabel {
  std::int64_t student_id = 0;
  std::string kind;     // "slipping", "bad_week", "chronic"
  std::string since;    // slipping: the first day; bad_week: its Monday; chronic: empty
  double strength = 0;  // slipping: 0.3..1
  bool operator==(const RiskLabel&) const = default;
};

struct YearSummary {
  std::string first_day, last_day;  // the span lived
  std::size_t school_days = 0;
  std::size_t roll_calls = 0;
  std::size_t corrected_roll_calls = 0;  // taken again to turn an absence into lateness
  std::size_t absence_marks = 0;         // a student absent from one lesson
  std::size_t absent_student_days = 0;   // a student absent from at least one lesson that day
  std::size_t late_marks = 0;
  std::size_t justifications_submitted = 0;  // by parents
  std::size_t justifications_recorded = 0;   // by staff, accepted at once
  std::size_t justifications_accepted = 0;   // decisions on the parents' ones
  std::size_t justifications_refused = 0;
  std::size_t lesson_records = 0;
  std::size_t homework = 0;
  std::size_t group_homework = 0;           // set for a group
  std::size_t differentiated_homework = 0;  // set for chosen students
  std::size_t done_ticks = 0;
  std::size_t hand_ins = 0;
  std::size_t late_hand_ins = 0;
  std::size_t hand_in_files = 0;
  std::size_t feedback = 0;
  std::size_t scored_feedback = 0;
  std::size_t evaluations = 0;
  std::size_t scores = 0;              // numeric
  std::size_t special_marks = 0;       // absent, exempt, not graded
  std::size_t notifications = 0;       // written while living the year
  std::vector<RiskLabel> risk_labels;  // with YearOptions::plant_at_risk only, by student id

  bool operator==(const YearSummary&) const = default;
};

// Lives the school year of `school` (written with writeSchool, then
// writeTimetable, and without school life yet) from the calendar's first day to `options.until`,
// one write transaction a week, each function called with the time of the day it acts on as `now`.
// The same school and options always give the same data. Errors: invalid_argument naming "until"
// (not a date, or before the first day; a day after the calendar's last is taken as the last);
// failed_precondition when the school or its calendar is missing; otherwise the first module
// function that refused, with the day it happened. The weeks already committed stay.
Result<YearSummary> writeSchoolYear(storage::Database& db, const GeneratedSchool& school,
                                    const YearOptions& options = {});

}  // namespace cartable::generator
