// Report cards: each student's subject averages and general average for a
// period, with their class's statistics. Averages stay exact fractions until
// they are rounded half up to hundredths for display (see fraction.h).
#include <algorithm>
#include <map>
#include <set>

#include "directory/structure.h"
#include "grades/internal.h"

namespace cartable::grades {
namespace {

using storage::Connection;

// A subject average under construction: sum(score/out_of*20 * coefficient)
// and sum(coefficient), over numeric scores only.
struct WeightedSum {
  Fraction weighted;
  std::int64_t coefficients = 0;

  void add(Hundredths value, Hundredths out_of, Hundredths coefficient) {
    weighted = weighted + Fraction(20 * value * coefficient, out_of);
    coefficients += coefficient;
  }
  Fraction average() const { return weighted / coefficients; }
};

// student -> subject -> average on 20; only subjects with a numeric score.
using SubjectAverages = std::map<std::int64_t, std::map<std::int64_t, Fraction>>;

// Which scores count: the period's evaluations, visible ones only when `visible_on` is set.
struct Scope {
  const Period& period;
  const std::optional<std::string>& visible_on;
};

// The subject averages of `student_id` and of the current students of `class_id`.
Result<SubjectAverages> subjectAverages(Connection& db, const Scope& scope, std::int64_t student_id,
                                        std::optional<std::int64_t> class_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT s.student_id, e.subject_id, s.value, e.out_of, e.coefficient "
                          "FROM scores s JOIN evaluations e ON e.id = s.evaluation_id "
                          "WHERE s.mark = 'score' AND e.date BETWEEN ?1 AND ?2 "
                          "AND (?3 IS NULL OR e.visible_from <= ?3) AND (s.student_id = ?4 OR "
                          "s.student_id IN (SELECT student_id FROM enrollments "
                          "                 WHERE class_id = ?5 AND until IS NULL))",
                          scope.period.starts_on, scope.period.ends_on, scope.visible_on,
                          student_id, class_id));
  std::map<std::int64_t, std::map<std::int64_t, WeightedSum>> sums;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    sums[rows.int64(0)][rows.int64(1)].add(rows.int64(2), rows.int64(3), rows.int64(4));
  }
  SubjectAverages out;
  for (const auto& [student, subjects] : sums) {
    for (const auto& [subject, sum] : subjects) out[student][subject] = sum.average();
  }
  return out;
}

// The unweighted mean of a student's subject averages.
std::optional<Fraction> generalAverage(const std::map<std::int64_t, Fraction>& subjects) {
  if (subjects.empty()) return std::nullopt;
  Fraction sum;
  for (const auto& [subject, average] : subjects) sum = sum + average;
  return sum / static_cast<std::int64_t>(subjects.size());
}

std::optional<Hundredths> rounded(const std::optional<Fraction>& value) {
  if (!value) return std::nullopt;
  return value->roundedHundredths();
}

// The averages of the class's students in `subject` (those who have one).
std::optional<Stats> classStats(const SubjectAverages& averages,
                                const std::vector<std::int64_t>& students, std::int64_t subject) {
  std::vector<Fraction> values;
  for (std::int64_t student : students) {
    const auto found = averages.find(student);
    if (found == averages.end()) continue;
    const auto average = found->second.find(subject);
    if (average != found->second.end()) values.push_back(average->second);
  }
  return detail::statsOf(values);
}

Status requireStudent(Connection& db, std::int64_t student_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found, db.scalarInt64("SELECT 1 FROM user_roles WHERE user_id = ? AND role = 'student'",
                                 student_id));
  if (!found) {
    return detail::invalid("student_id", std::to_string(student_id) + " is not a student");
  }
  return okStatus();
}

// The evaluations a student's report lists, grouped by subject, with their score.
Result<std::vector<SubjectReport>> reportLines(Connection& db, const Scope& scope,
                                               std::int64_t student_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto periods, detail::loadPeriods(db));
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      db.query(std::string("SELECT ") + detail::kEvaluationColumns +
                   ", s.mark, s.value, s.comment, sub.label FROM evaluations e "
                   "JOIN subjects sub ON sub.id = e.subject_id LEFT JOIN scores s "
                   "ON s.evaluation_id = e.id AND s.student_id = ?1 "
                   "WHERE e.date BETWEEN ?2 AND ?3 AND (?4 IS NULL OR e.visible_from <= ?4) "
                   // The student's class's and groups' evaluations, and any they were
                   // scored in (before changing class), each found through an index.
                   "AND e.id IN (SELECT id FROM evaluations WHERE date BETWEEN ?2 AND ?3 AND "
                   "class_id IN (SELECT class_id FROM enrollments WHERE student_id = ?1 AND "
                   "until IS NULL) UNION SELECT id FROM evaluations WHERE date BETWEEN ?2 AND ?3 "
                   "AND group_id IN (SELECT group_id FROM group_members WHERE student_id = ?1) "
                   "UNION SELECT evaluation_id FROM scores WHERE student_id = ?1) "
                   "ORDER BY sub.label, e.subject_id, e.date, e.id",
               student_id, scope.period.starts_on, scope.period.ends_on, scope.visible_on));
  std::vector<SubjectReport> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    ReportLine line{detail::readEvaluation(rows, 0, periods),
                    detail::readScore(rows, 11, student_id), std::nullopt};
    if (out.empty() || out.back().subject_id != line.evaluation.subject_id) {
      out.push_back({line.evaluation.subject_id, rows.text(14), {}, std::nullopt, std::nullopt});
    }
    out.back().lines.push_back(std::move(line));
  }
  // Every listed evaluation's numeric scores, read in one query.
  std::string ids = "[";
  for (const SubjectReport& subject : out) {
    for (const ReportLine& line : subject.lines) {
      ids += (ids.size() > 1 ? "," : "") + std::to_string(line.evaluation.id);
    }
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto scores, db.query("SELECT evaluation_id, value FROM scores WHERE mark = 'score' AND "
                            "evaluation_id IN (SELECT value FROM json_each(?))",
                            ids + "]"));
  std::map<std::int64_t, std::vector<Fraction>> values;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, scores.step());
    if (!more) break;
    values[scores.int64(0)].emplace_back(scores.int64(1), 100);
  }
  for (SubjectReport& subject : out) {
    for (ReportLine& line : subject.lines) line.stats = detail::statsOf(values[line.evaluation.id]);
  }
  return out;
}

struct Student {
  std::int64_t id = 0;
  std::string name;
};

Result<std::vector<Student>> studentsOfClass(Connection& db, std::int64_t class_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT u.id, u.given_name || ' ' || u.family_name FROM enrollments e "
                          "JOIN users u ON u.id = e.student_id WHERE e.class_id = ? AND "
                          "e.until IS NULL ORDER BY u.family_name, u.given_name, u.id",
                          class_id));
  std::vector<Student> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    out.push_back({rows.int64(0), rows.text(1)});
  }
}

// The subjects in which any of `averages` has an average, by label.
Result<std::vector<ClassAverages::Column>> subjectColumns(Connection& db,
                                                          const SubjectAverages& averages) {
  std::set<std::int64_t> ids;
  for (const auto& [student, subjects] : averages) {
    for (const auto& [subject, average] : subjects) ids.insert(subject);
  }
  std::vector<ClassAverages::Column> out;
  for (std::int64_t id : ids) {
    CARTABLE_ASSIGN_OR_RETURN(auto row, db.query("SELECT label FROM subjects WHERE id = ?", id));
    CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
    out.push_back({id, found ? row.text(0) : "", std::nullopt});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.subject < b.subject; });
  return out;
}

}  // namespace

Result<StudentReport> studentReport(Connection& db, std::int64_t student_id, std::int64_t period,
                                    const std::optional<std::string>& visible_on) {
  CARTABLE_RETURN_IF_ERROR(requireStudent(db, student_id));
  StudentReport report;
  report.student_id = student_id;
  CARTABLE_ASSIGN_OR_RETURN(report.period, periodByIndex(db, period));
  CARTABLE_ASSIGN_OR_RETURN(auto current, directory::currentClassOf(db, student_id));
  if (current) report.class_id = current->id;
  const Scope scope{report.period, visible_on};
  CARTABLE_ASSIGN_OR_RETURN(report.subjects, reportLines(db, scope, student_id));
  CARTABLE_ASSIGN_OR_RETURN(auto averages, subjectAverages(db, scope, student_id, report.class_id));
  std::vector<std::int64_t> classmates;
  if (report.class_id) {
    CARTABLE_ASSIGN_OR_RETURN(classmates, directory::studentsOfClass(db, *report.class_id));
  }
  const auto& own = averages[student_id];
  for (SubjectReport& subject : report.subjects) {
    const auto average = own.find(subject.subject_id);
    if (average != own.end()) subject.average = average->second.roundedHundredths();
    subject.class_averages = classStats(averages, classmates, subject.subject_id);
  }
  report.general_average = rounded(generalAverage(own));
  return report;
}

Result<ClassAverages> classAverages(Connection& db, std::int64_t class_id, std::int64_t period) {
  ClassAverages table;
  table.class_id = class_id;
  CARTABLE_RETURN_IF_ERROR(directory::getClass(db, class_id));
  CARTABLE_ASSIGN_OR_RETURN(table.period, periodByIndex(db, period));
  const std::optional<std::string> every_evaluation;
  CARTABLE_ASSIGN_OR_RETURN(auto averages,
                            subjectAverages(db, {table.period, every_evaluation}, 0, class_id));
  CARTABLE_ASSIGN_OR_RETURN(auto students, studentsOfClass(db, class_id));
  CARTABLE_ASSIGN_OR_RETURN(table.subjects, subjectColumns(db, averages));
  std::vector<std::int64_t> ids;
  std::vector<Fraction> generals;
  for (const Student& student : students) {
    ids.push_back(student.id);
    const auto& own = averages[student.id];
    ClassAverages::Row row{student.id, student.name, {}, std::nullopt};
    for (const auto& column : table.subjects) {
      const auto average = own.find(column.subject_id);
      row.averages.push_back(
          average == own.end() ? std::nullopt : std::optional(average->second.roundedHundredths()));
    }
    const auto general = generalAverage(own);
    if (general) generals.push_back(*general);
    row.general_average = rounded(general);
    table.students.push_back(std::move(row));
  }
  for (auto& column : table.subjects) column.stats = classStats(averages, ids, column.subject_id);
  table.general_stats = detail::statsOf(generals);
  return table;
}

namespace {

// The comment of a score, read by its primary key.
Result<std::string> commentOf(Connection& db, std::int64_t evaluation_id, std::int64_t student_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto row, db.query("SELECT comment FROM scores WHERE evaluation_id = ? AND student_id = ?",
                         evaluation_id, student_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  return found ? row.text(0) : std::string();
}

}  // namespace

Result<std::vector<ReportLine>> latestScoresOf(Connection& db, std::int64_t student_id,
                                               const std::string& visible_on, int limit,
                                               bool commented_only) {
  if (limit < 1 || limit > 50) return detail::invalid("limit", "must be from 1 to 50");
  CARTABLE_ASSIGN_OR_RETURN(auto periods, detail::loadPeriods(db));
  // The candidates come from the covering index on the student's scores; only
  // theirs get their comment read (a student's scores lie on many pages).
  const int candidates = commented_only ? 4 * limit : limit;
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      db.query(std::string("SELECT ") + detail::kEvaluationColumns +
                   ", s.mark, s.value FROM scores s JOIN evaluations e ON e.id = s.evaluation_id "
                   "WHERE s.student_id = ?1 AND e.visible_from <= ?2 "
                   "ORDER BY e.date DESC, e.id DESC LIMIT ?3",
               student_id, visible_on, candidates));
  std::vector<ReportLine> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    Score score;
    score.student_id = student_id;
    score.mark = parseMark(rows.text(11)).value_or(Mark::score);
    score.value = rows.optionalInt64(12);
    out.push_back({detail::readEvaluation(rows, 0, periods), std::move(score), std::nullopt});
  }
  std::string ids = "[";
  std::vector<ReportLine> kept;
  for (ReportLine& line : out) {
    if (std::ssize(kept) >= limit) break;
    CARTABLE_ASSIGN_OR_RETURN(line.score->comment, commentOf(db, line.evaluation.id, student_id));
    if (commented_only && line.score->comment.empty()) continue;
    ids += (ids.size() > 1 ? "," : "") + std::to_string(line.evaluation.id);
    kept.push_back(std::move(line));
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto scores, db.query("SELECT evaluation_id, value FROM scores WHERE mark = 'score' AND "
                            "evaluation_id IN (SELECT value FROM json_each(?))",
                            ids + "]"));
  std::map<std::int64_t, std::vector<Fraction>> values;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, scores.step());
    if (!more) break;
    values[scores.int64(0)].emplace_back(scores.int64(1), 100);
  }
  for (ReportLine& line : kept) line.stats = detail::statsOf(values[line.evaluation.id]);
  return kept;
}

}  // namespace cartable::grades
