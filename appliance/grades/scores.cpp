#include <map>
#include <set>

#include "directory/structure.h"
#include "directory/validate.h"
#include "grades/internal.h"
#include "notifications/notifications.h"

namespace cartable::grades {
namespace detail {

std::optional<Score> readScore(const storage::Statement& row, int first, std::int64_t student_id) {
  if (row.isNull(first)) return std::nullopt;
  Score score;
  score.student_id = student_id;
  score.mark = parseMark(row.text(first)).value_or(Mark::score);
  score.value = row.optionalInt64(first + 1);
  score.comment = row.optionalText(first + 2).value_or("");
  return score;
}

std::optional<Stats> statsOf(const std::vector<Fraction>& values) {
  if (values.empty()) return std::nullopt;
  Fraction low = values.front(), high = values.front(), sum;
  for (const Fraction& value : values) {
    if (value < low) low = value;
    if (high < value) high = value;
    sum = sum + value;
  }
  const auto count = static_cast<std::int64_t>(values.size());
  return Stats{low.roundedHundredths(), high.roundedHundredths(), (sum / count).roundedHundredths(),
               static_cast<int>(count)};
}

Result<std::vector<Fraction>> numericScores(storage::Connection& db, std::int64_t evaluation_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT value FROM scores WHERE evaluation_id = ? AND mark = 'score'",
                          evaluation_id));
  std::vector<Fraction> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    out.emplace_back(rows.int64(0), 100);
  }
}

Status publishIfDue(storage::Connection& db, const Evaluation& evaluation, std::int64_t author_id,
                    Seconds now) {
  if (evaluation.visible_from > dateAt(now)) return okStatus();
  // Marking first makes the announcement happen once, whoever gets here first.
  CARTABLE_RETURN_IF_ERROR(
      db.exec("UPDATE evaluations SET notified_at = ?1 WHERE id = ?2 AND notified_at IS NULL "
              "AND EXISTS (SELECT 1 FROM scores WHERE evaluation_id = ?2)",
              now, evaluation.id));
  if (db.changes() == 0) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(auto people,
                            directory::studentsOf(db, evaluation.class_id, evaluation.group_id));
  CARTABLE_ASSIGN_OR_RETURN(auto parents, directory::parentsOf(db, people));
  people.insert(people.end(), parents.begin(), parents.end());
  CARTABLE_ASSIGN_OR_RETURN(
      auto subject, db.query("SELECT label FROM subjects WHERE id = ?", evaluation.subject_id));
  CARTABLE_ASSIGN_OR_RETURN(bool has_subject, subject.step());
  const std::string label = has_subject ? subject.text(0) : "";
  notifications::Notice notice{"grades.published",
                               "Nouvelle note en " + label + " : " + evaluation.title,
                               "Évaluation du " + evaluation.date + ".", "/grades"};
  if (evaluation.period > 0) notice.link += "?period=" + std::to_string(evaluation.period);
  return notifications::notify(db, people, notice, author_id, now);
}

}  // namespace detail

namespace {

using detail::invalid;
using storage::Connection;

// The students an evaluation concerns: its class's or group's current students,
// and whoever already has a score (a student who has since moved keeps theirs).
constexpr const char* kConcerned =
    "WITH concerned(id) AS ("
    "  SELECT student_id FROM enrollments WHERE class_id = ?2 AND until IS NULL"
    "  UNION SELECT student_id FROM group_members WHERE group_id = ?3"
    "  UNION SELECT student_id FROM scores WHERE evaluation_id = ?1) ";

Result<std::map<std::int64_t, std::optional<Score>>> concernedStudents(
    Connection& db, const Evaluation& evaluation) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      db.query(std::string(kConcerned) +
                   "SELECT c.id, s.mark, s.value, s.comment FROM concerned c LEFT JOIN scores s "
                   "ON s.evaluation_id = ?1 AND s.student_id = c.id",
               evaluation.id, evaluation.class_id, evaluation.group_id));
  std::map<std::int64_t, std::optional<Score>> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    const std::int64_t student = rows.int64(0);
    out[student] = detail::readScore(rows, 1, student);
  }
}

Status checkValue(const Score& score, Hundredths out_of, const std::string& where) {
  const std::string field = where + "value";
  if (score.mark != Mark::score) {
    if (score.value)
      return invalid(field, "must be left out with the mark " + std::string(markName(score.mark)));
    return okStatus();
  }
  if (!score.value) return invalid(field, "is required unless a mark is given");
  if (*score.value < 0) return invalid(field, formatHundredths(*score.value) + " is below 0");
  if (*score.value > out_of) {
    return invalid(field, formatHundredths(*score.value) + " is above the evaluation's maximum " +
                              formatHundredths(out_of));
  }
  return okStatus();
}

Status checkScores(const Evaluation& evaluation, const std::vector<Score>& scores,
                   const std::map<std::int64_t, std::optional<Score>>& concerned) {
  std::set<std::int64_t> seen;
  const char* const target = evaluation.class_id ? "class" : "group";
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const Score& score = scores[i];
    const std::string where = "scores[" + std::to_string(i) + "].";
    const std::string student = std::to_string(score.student_id);
    if (!concerned.contains(score.student_id)) {
      return invalid(where + "student_id",
                     student + " is not a student of the evaluation's " + target);
    }
    if (!seen.insert(score.student_id).second) {
      return invalid(where + "student_id", "names student " + student + " a second time");
    }
    CARTABLE_RETURN_IF_ERROR(checkValue(score, evaluation.out_of, where));
    if (!score.comment.empty()) {
      CARTABLE_RETURN_IF_ERROR(directory::validate::text(score.comment, where + "comment", 200));
    }
  }
  return okStatus();
}

Status writeScore(Connection& db, std::int64_t evaluation_id, const Score& score,
                  const std::optional<Score>& before, std::int64_t author_id, Seconds now) {
  const std::optional<std::int64_t> author =
      author_id > 0 ? std::optional(author_id) : std::nullopt;
  const std::string mark(markName(score.mark));
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "INSERT INTO scores (evaluation_id, student_id, mark, value, comment, updated_by, "
      "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (evaluation_id, student_id) "
      "DO UPDATE SET mark = ?3, value = ?4, comment = ?5, updated_by = ?6, updated_at = ?7",
      evaluation_id, score.student_id, mark, score.value, score.comment, author, now));
  std::optional<std::string> before_mark, before_comment;
  std::optional<Hundredths> before_value;
  if (before) {
    before_mark = std::string(markName(before->mark));
    before_value = before->value;
    before_comment = before->comment;
  }
  return db.exec(
      "INSERT INTO score_history (evaluation_id, student_id, before_mark, before_value, "
      "before_comment, after_mark, after_value, after_comment, changed_by, changed_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      evaluation_id, score.student_id, before_mark, before_value, before_comment, mark, score.value,
      score.comment, author, now);
}

}  // namespace

Result<GradeGrid> gradeGrid(Connection& db, std::int64_t evaluation_id) {
  GradeGrid grid;
  CARTABLE_ASSIGN_OR_RETURN(grid.evaluation, getEvaluation(db, evaluation_id));
  const Evaluation& evaluation = grid.evaluation;
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      db.query(std::string(kConcerned) +
                   "SELECT u.id, u.given_name || ' ' || u.family_name, s.mark, s.value, "
                   "s.comment FROM concerned c JOIN users u ON u.id = c.id LEFT JOIN scores s "
                   "ON s.evaluation_id = ?1 AND s.student_id = u.id "
                   "ORDER BY u.family_name, u.given_name, u.id",
               evaluation.id, evaluation.class_id, evaluation.group_id));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    const std::int64_t student = rows.int64(0);
    grid.rows.push_back({student, rows.text(1), detail::readScore(rows, 2, student)});
  }
  CARTABLE_ASSIGN_OR_RETURN(auto values, detail::numericScores(db, evaluation.id));
  grid.stats = detail::statsOf(values);
  return grid;
}

Status setScores(Connection& db, std::int64_t evaluation_id, const std::vector<Score>& scores,
                 std::int64_t author_id, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(Evaluation evaluation, getEvaluation(db, evaluation_id));
  CARTABLE_ASSIGN_OR_RETURN(auto concerned, concernedStudents(db, evaluation));
  // Every item is checked before the first write: all or nothing.
  CARTABLE_RETURN_IF_ERROR(checkScores(evaluation, scores, concerned));
  for (const Score& score : scores) {
    const std::optional<Score>& before = concerned.at(score.student_id);
    if (before == score) continue;
    CARTABLE_RETURN_IF_ERROR(writeScore(db, evaluation_id, score, before, author_id, now));
  }
  return detail::publishIfDue(db, evaluation, author_id, now);
}

Result<std::vector<ScoreChange>> scoreHistory(Connection& db, std::int64_t evaluation_id) {
  CARTABLE_RETURN_IF_ERROR(getEvaluation(db, evaluation_id));
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      db.query("SELECT student_id, before_mark, before_value, before_comment, after_mark, "
               "after_value, after_comment, changed_by, changed_at FROM score_history "
               "WHERE evaluation_id = ? ORDER BY id",
               evaluation_id));
  std::vector<ScoreChange> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    ScoreChange change;
    change.student_id = rows.int64(0);
    change.before = detail::readScore(rows, 1, change.student_id);
    change.after = detail::readScore(rows, 4, change.student_id).value_or(Score{});
    change.changed_by = rows.optionalInt64(7).value_or(0);
    change.changed_at = rows.int64(8);
    out.push_back(std::move(change));
  }
}

Result<int> publishDueEvaluations(Connection& db, Seconds now) {
  std::vector<std::int64_t> due;
  {
    CARTABLE_ASSIGN_OR_RETURN(
        auto rows, db.query("SELECT e.id FROM evaluations e WHERE e.notified_at IS NULL AND "
                            "e.visible_from <= ? AND EXISTS (SELECT 1 FROM scores s WHERE "
                            "s.evaluation_id = e.id) ORDER BY e.id",
                            dateAt(now)));
    for (;;) {
      CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
      if (!more) break;
      due.push_back(rows.int64(0));
    }
  }
  for (std::int64_t id : due) {
    CARTABLE_ASSIGN_OR_RETURN(Evaluation evaluation, getEvaluation(db, id));
    CARTABLE_RETURN_IF_ERROR(detail::publishIfDue(db, evaluation, 0, now));
  }
  return static_cast<int>(due.size());
}

}  // namespace cartable::grades
