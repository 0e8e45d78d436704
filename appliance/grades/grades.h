// Grades, as French schools keep them: evaluations that a teacher sets to a
// class or a group, each student's score (or absent, exempt, not graded), the
// history of every correction, and the averages of a report card per period of
// the school calendar.
//
// Points and coefficients are integer hundredths (15.25 is 1525), never floating
// point. Averages are computed as exact fractions and rounded half up to
// hundredths once, for display (12.345 shows as 12.35).
//
// A period is named by its index: 1 for the first period of the calendar (by
// start date), 2 for the second, and so on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::grades {

// Hundredths of a point or of a coefficient: 1525 is 15.25.
using Hundredths = std::int64_t;

// "15.25", "12.5", "20": hundredths written without trailing zeros.
std::string formatHundredths(Hundredths value);

// The school's civil date (YYYY-MM-DD) at `time`.
std::string dateAt(Seconds time);

struct Period {
  int index = 0;  // 1-based position in the calendar's periods
  std::string label;
  std::string starts_on;
  std::string ends_on;  // included
};

// Period `index`, or invalid_argument naming "period" when the calendar has no such period.
Result<Period> periodByIndex(storage::Connection& db, std::int64_t index);
// The period holding `date`, if any.
Result<std::optional<Period>> periodHolding(storage::Connection& db, const std::string& date);

struct Evaluation {
  std::int64_t id = 0;
  std::int64_t subject_id = 0;
  std::optional<std::int64_t> class_id;  // exactly one of class_id, group_id
  std::optional<std::int64_t> group_id;
  std::int64_t teacher_id = 0;   // who created it; 0 once that account is deleted
  std::string date;              // inside a period of the calendar
  std::string title;             // 1..100 characters
  std::string description;       // up to 1000 characters, may be empty
  Hundredths out_of = 2000;      // above 0, at most 100.00
  Hundredths coefficient = 100;  // above 0, at most 20.00
  std::string visible_from;      // students and parents see it from this date
  int period = 0;                // read only: the index of the period holding `date`
};

// Checks `evaluation` and inserts it; returns its id. Errors are invalid_argument
// naming the field: an unknown "subject_id", "class_id" or "group_id" (or both or
// neither given), an archived class, a "date" outside every period, a bad
// "title", "out_of", "coefficient" or "visible_from". Who may create it is
// decided by the caller (api/access.cpp).
Result<std::int64_t> createEvaluation(storage::Connection& db, const Evaluation& evaluation,
                                      Seconds now);
Result<Evaluation> getEvaluation(storage::Connection& db, std::int64_t id);  // not_found

// Replaces date, title, description, out_of, coefficient and visible_from of
// evaluation `evaluation.id` (subject, class and group never change). Checked as
// on creation; an out_of below a score already entered is invalid_argument on
// "out_of". Students and parents are told if it thereby becomes visible with
// scores (see setScores).
Status updateEvaluation(storage::Connection& db, const Evaluation& evaluation, Seconds now);
// Deletes the evaluation with its scores and their history; not_found when absent.
Status deleteEvaluation(storage::Connection& db, std::int64_t id);

// True when `teacher_id` teaches the evaluation's subject to its class or group
// (a teaching assignment): the teachers who may edit and mark it. False for an
// unknown evaluation.
Result<bool> teachesEvaluation(storage::Connection& db, std::int64_t teacher_id,
                               std::int64_t evaluation_id);

struct EvaluationFilter {
  std::optional<std::int64_t> class_id;
  std::optional<std::int64_t> group_id;
  std::optional<std::int64_t> period;
  // Only evaluations whose subject `taught_by` teaches to their class or group.
  std::optional<std::int64_t> taught_by;
};
// Evaluations by date; an unknown period is invalid_argument naming "period".
Result<std::vector<Evaluation>> listEvaluations(storage::Connection& db,
                                                const EvaluationFilter& filter);

enum class Mark { score, absent, exempt, not_graded };
std::string_view markName(Mark mark);  // "score", "absent", "exempt", "not_graded"
std::optional<Mark> parseMark(std::string_view name);

struct Score {
  std::int64_t student_id = 0;
  Mark mark = Mark::score;
  std::optional<Hundredths> value;  // present exactly when mark is score: 0..out_of
  std::string comment;              // up to 200 characters

  bool operator==(const Score&) const = default;
};

// Min, max and mean of some values, each rounded half up to hundredths.
struct Stats {
  Hundredths min = 0;
  Hundredths max = 0;
  Hundredths mean = 0;
  int count = 0;  // how many values
};

struct GridRow {
  std::int64_t student_id = 0;
  std::string name;            // "Given Family"
  std::optional<Score> score;  // none while not entered
};

// An evaluation with every student concerned: those currently in its class or
// group, and any other student already scored (one who has since moved).
struct GradeGrid {
  Evaluation evaluation;
  std::vector<GridRow> rows;   // by family then given name
  std::optional<Stats> stats;  // of the numeric scores, on the evaluation's scale
};
Result<GradeGrid> gradeGrid(storage::Connection& db, std::int64_t evaluation_id);

// Sets the scores of several students at once, all or nothing. Item i's errors
// are invalid_argument naming "scores[i].<field>": a "student_id" that is not a
// student of the evaluation's class or group (nor already scored) or that comes
// twice, a "value" below 0 or above out_of (`"scores[2].value" 21 is above the
// evaluation's maximum 20`), a value missing or given with a special mark, a
// "comment" too long. Each write that changes a score is kept in its history.
// When the evaluation is visible on `now`'s date and its students were not yet
// told, its students and their parents get a "grades.published" notice.
Status setScores(storage::Connection& db, std::int64_t evaluation_id,
                 const std::vector<Score>& scores, std::int64_t author_id, Seconds now);

// One write of a score: what it was (nothing the first time), what it became.
struct ScoreChange {
  std::int64_t student_id = 0;
  std::optional<Score> before;
  Score after;
  std::int64_t changed_by = 0;  // 0 once that account is deleted
  Seconds changed_at = 0;
};
// The evaluation's score writes, oldest first; not_found when it does not exist.
Result<std::vector<ScoreChange>> scoreHistory(storage::Connection& db, std::int64_t evaluation_id);

// Tells the students and parents of every evaluation that has scores, became
// visible on or before `now`'s date and was not yet announced ("grades.published"),
// and marks it announced. Meant for the node's periodic maintenance. Returns how
// many evaluations were announced.
Result<int> publishDueEvaluations(storage::Connection& db, Seconds now);

// One evaluation as a student sees it in their report.
struct ReportLine {
  Evaluation evaluation;
  std::optional<Score> score;  // none while not entered
  std::optional<Stats> stats;  // the class's numeric scores on this evaluation
};

struct SubjectReport {
  std::int64_t subject_id = 0;
  std::string subject;                  // its label
  std::vector<ReportLine> lines;        // by date
  std::optional<Hundredths> average;    // on 20; none without a numeric score
  std::optional<Stats> class_averages;  // of the subject averages of the student's class
};

// A student's report card for a period. Each numeric score is brought to /20
// and weighted by its evaluation's coefficient: subject average =
// sum(score/out_of*20 * coefficient) / sum(coefficient) over numeric scores only
// (absent, exempt and not graded count for nothing). The general average is the
// unweighted mean of the subject averages (subjects have no coefficient here).
struct StudentReport {
  std::int64_t student_id = 0;
  std::optional<std::int64_t> class_id;  // the student's current class
  Period period;
  std::vector<SubjectReport> subjects;  // by subject label
  std::optional<Hundredths> general_average;
};

// The report of `student_id` (invalid_argument on "student_id" when not a
// student) for period `period`. With `visible_on`, only evaluations visible on
// that date count, in the lines and in every average and statistic (students
// and parents); without it, every evaluation (teachers, staff, admin).
// Evaluations listed: those of the student's class and groups, and any other
// where they have a score.
Result<StudentReport> studentReport(storage::Connection& db, std::int64_t student_id,
                                    std::int64_t period,
                                    const std::optional<std::string>& visible_on);

// The `limit` (1..50) latest evaluations, by date then id, in which
// `student_id` has a score or a special mark, among those visible on
// `visible_on`, newest first, each with its class's statistics; with
// `commented_only`, only the scores that carry a comment (a teacher's remark),
// looked for among the 4 × `limit` latest evaluations.
Result<std::vector<ReportLine>> latestScoresOf(storage::Connection& db, std::int64_t student_id,
                                               const std::string& visible_on, int limit,
                                               bool commented_only = false);

// A class's averages for a period: its current students × the subjects in which
// any of them has a numeric score, with min, max and mean per subject.
struct ClassAverages {
  struct Column {
    std::int64_t subject_id = 0;
    std::string subject;
    std::optional<Stats> stats;  // of the students' averages in that subject
  };
  struct Row {
    std::int64_t student_id = 0;
    std::string name;
    std::vector<std::optional<Hundredths>> averages;  // one per column
    std::optional<Hundredths> general_average;
  };
  std::int64_t class_id = 0;
  Period period;
  std::vector<Column> subjects;  // by label
  std::vector<Row> students;     // by family then given name
  std::optional<Stats> general_stats;
};
// not_found for an unknown class; every evaluation counts.
Result<ClassAverages> classAverages(storage::Connection& db, std::int64_t class_id,
                                    std::int64_t period);

}  // namespace cartable::grades
