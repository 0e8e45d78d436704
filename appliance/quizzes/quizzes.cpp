#include "quizzes/quizzes.h"

#include <algorithm>

#include "directory/structure.h"
#include "directory/validate.h"
#include "notifications/notifications.h"
#include "quizzes/internal.h"

namespace cartable::quizzes {
namespace {

using detail::invalid;
using storage::Connection;

constexpr std::size_t kMaxQuestions = 100;
constexpr std::size_t kMaxChosenStudents = 200;
constexpr int kMaxAttempts = 10;
constexpr int kListLimit = 200;
constexpr const char* kColumns =
    "q.id, q.teacher_id, q.subject_id, q.class_id, q.group_id, q.title, q.instructions, q.state, "
    "q.opens_at, q.closes_at, q.max_attempts, q.corrections, q.evaluation_id, q.created_at, "
    "q.updated_at";

Quiz readQuiz(const storage::Statement& row) {
  Quiz q;
  q.id = row.int64(0);
  q.teacher_id = row.optionalInt64(1);
  q.subject_id = row.int64(2);
  q.class_id = row.optionalInt64(3);
  q.group_id = row.optionalInt64(4);
  q.title = row.text(5);
  q.instructions = row.text(6);
  q.state = row.text(7) == "published" ? State::published : State::draft;
  q.opens_at = row.int64(8);
  q.closes_at = row.int64(9);
  q.max_attempts = static_cast<int>(row.int64(10));
  q.corrections = parseCorrections(row.text(11)).value_or(Corrections::after_attempt);
  q.evaluation_id = row.optionalInt64(12);
  q.created_at = row.int64(13);
  q.updated_at = row.int64(14);
  return q;
}

Question readQuestion(const storage::Statement& row) {
  Question q;
  q.position = static_cast<int>(row.int64(0));
  q.kind = parseKind(row.text(1)).value_or(Kind::single_choice);
  q.prompt = row.text(2);
  q.points = row.int64(3);
  q.partial_credit = row.int64(4) != 0;
  q.choices = detail::stringsFromJson(row.text(5));
  q.correct = detail::intsFromJson(row.text(6));
  q.accepted = detail::stringsFromJson(row.text(7));
  q.value = row.optionalInt64(8);
  q.tolerance = row.optionalInt64(9);
  q.skills = detail::stringsFromJson(row.text(10));
  return q;
}

Status fillDetails(Connection& db, Quiz& quiz) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto students,
      db.query("SELECT student_id FROM quiz_students WHERE quiz_id = ? ORDER BY student_id",
               quiz.id));
  quiz.student_ids.clear();
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, students.step());
    if (!has_row) break;
    quiz.student_ids.push_back(students.int64(0));
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT position, kind, prompt, points, partial_credit, choices, "
                          "correct, accepted, value, tolerance, skills FROM quiz_questions "
                          "WHERE quiz_id = ? ORDER BY position",
                          quiz.id));
  quiz.questions.clear();
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) return okStatus();
    quiz.questions.push_back(readQuestion(rows));
  }
}

template <class... Args>
Result<std::vector<Quiz>> loadQuizzes(Connection& db, const std::string& where,
                                      const Args&... args) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      db.query(std::string("SELECT ") + kColumns + " FROM quizzes q WHERE " + where, args...));
  std::vector<Quiz> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) break;
    out.push_back(readQuiz(rows));
  }
  for (Quiz& quiz : out) CARTABLE_RETURN_IF_ERROR(fillDetails(db, quiz));
  return out;
}

Status requireRow(Connection& db, const char* table, std::int64_t id, const std::string& field,
                  const std::string& what) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found, db.scalarInt64(std::string("SELECT 1 FROM ") + table + " WHERE id = ?", id));
  if (!found) return invalid(field, "names no " + what + ": " + std::to_string(id));
  return okStatus();
}

Status checkAudience(Connection& db, const Quiz& quiz) {
  if (quiz.class_id.has_value() == quiz.group_id.has_value()) {
    return invalid("class_id", "or \"group_id\": give exactly one of them");
  }
  if (quiz.class_id) {
    CARTABLE_RETURN_IF_ERROR(requireRow(db, "classes", *quiz.class_id, "class_id", "class"));
  }
  if (quiz.group_id) {
    CARTABLE_RETURN_IF_ERROR(requireRow(db, "groups", *quiz.group_id, "group_id", "group"));
  }
  if (quiz.student_ids.size() > kMaxChosenStudents) {
    return invalid("student_ids", "has more than 200 items");
  }
  CARTABLE_ASSIGN_OR_RETURN(auto members, directory::studentsOf(db, quiz.class_id, quiz.group_id));
  const std::string where = quiz.class_id ? "class" : "group";
  for (std::size_t i = 0; i < quiz.student_ids.size(); ++i) {
    const std::string field = "student_ids[" + std::to_string(i) + "]";
    const std::int64_t student = quiz.student_ids[i];
    const auto before = quiz.student_ids.begin() + static_cast<std::ptrdiff_t>(i);
    if (std::find(quiz.student_ids.begin(), before, student) != before) {
      return invalid(field, "names student " + std::to_string(student) + " twice");
    }
    if (std::find(members.begin(), members.end(), student) == members.end()) {
      return invalid(field, std::to_string(student) + " is not a student of the " + where);
    }
  }
  return okStatus();
}

// The window must be in order and, when it changes, not already over.
Status checkWindow(const Quiz& quiz, const Quiz* before, Seconds now) {
  if (quiz.closes_at <= quiz.opens_at) {
    return invalid("closes_at",
                   "must be after \"opens_at\" (" + detail::frenchTime(quiz.opens_at) + ")");
  }
  const bool unchanged = before && before->closes_at == quiz.closes_at;
  if (!unchanged && quiz.closes_at <= now) {
    return invalid("closes_at", detail::frenchTime(quiz.closes_at) + " is already past");
  }
  return okStatus();
}

Status checkQuestions(const Quiz& quiz) {
  if (quiz.questions.empty()) return invalid("questions", "must hold at least one question");
  if (quiz.questions.size() > kMaxQuestions) {
    return invalid("questions", "has more than " + std::to_string(kMaxQuestions) + " questions");
  }
  for (std::size_t i = 0; i < quiz.questions.size(); ++i) {
    CARTABLE_RETURN_IF_ERROR(checkQuestion(quiz.questions[i], i));
  }
  return okStatus();
}

Status validate(Connection& db, const Quiz& quiz, const Quiz* before, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(requireRow(db, "subjects", quiz.subject_id, "subject_id", "subject"));
  CARTABLE_RETURN_IF_ERROR(checkAudience(db, quiz));
  CARTABLE_RETURN_IF_ERROR(directory::validate::text(quiz.title, "title", 200));
  if (!quiz.instructions.empty()) {
    CARTABLE_RETURN_IF_ERROR(directory::validate::text(quiz.instructions, "instructions", 5000));
  }
  CARTABLE_RETURN_IF_ERROR(checkWindow(quiz, before, now));
  if (quiz.max_attempts < 1 || quiz.max_attempts > kMaxAttempts) {
    return invalid("max_attempts", "must be from 1 to " + std::to_string(kMaxAttempts));
  }
  return checkQuestions(quiz);
}

Status writeDetails(Connection& db, const Quiz& quiz) {
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM quiz_students WHERE quiz_id = ?", quiz.id));
  for (std::int64_t student : quiz.student_ids) {
    CARTABLE_RETURN_IF_ERROR(
        db.exec("INSERT INTO quiz_students (quiz_id, student_id) VALUES (?, ?)", quiz.id, student));
  }
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM quiz_questions WHERE quiz_id = ?", quiz.id));
  int position = 0;
  for (const Question& q : quiz.questions) {
    CARTABLE_RETURN_IF_ERROR(db.exec(
        "INSERT INTO quiz_questions (quiz_id, position, kind, prompt, points, partial_credit, "
        "choices, correct, accepted, value, tolerance, skills) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        quiz.id, ++position, kindName(q.kind), q.prompt, q.points, q.partial_credit,
        detail::toJson(q.choices), detail::toJson(q.correct), detail::toJson(q.accepted), q.value,
        q.kind == Kind::number ? std::optional<Micros>(q.tolerance.value_or(0)) : std::nullopt,
        detail::toJson(q.skills)));
  }
  return okStatus();
}

Result<std::string> subjectLabel(Connection& db, std::int64_t subject_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto row,
                            db.query("SELECT label FROM subjects WHERE id = ?", subject_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  return found ? row.text(0) : "matière " + std::to_string(subject_id);
}

// Tells the quiz's students and their parents that it is published.
Status announce(Connection& db, const Quiz& quiz, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto students, studentsOfQuiz(db, quiz));
  CARTABLE_ASSIGN_OR_RETURN(auto people, directory::parentsOf(db, students));
  people.insert(people.begin(), students.begin(), students.end());
  CARTABLE_ASSIGN_OR_RETURN(const std::string subject, subjectLabel(db, quiz.subject_id));
  const notifications::Notice notice{"homework.quiz",
                                     "Nouveau quiz en " + subject + " : " + quiz.title,
                                     "Ouvert du " + detail::frenchTime(quiz.opens_at) + " au " +
                                         detail::frenchTime(quiz.closes_at),
                                     "/quizzes/" + std::to_string(quiz.id)};
  return notifications::notify(db, people, notice, quiz.teacher_id.value_or(0), now);
}

// Refuses changes once a student has answered: their scores would no longer
// match the questions.
Status requireUnanswered(Connection& db, std::int64_t quiz_id, const std::string& what) {
  CARTABLE_ASSIGN_OR_RETURN(auto students,
                            db.scalarInt64("SELECT count(DISTINCT student_id) FROM quiz_attempts "
                                           "WHERE quiz_id = ?",
                                           quiz_id));
  const std::int64_t count = students.value_or(0);
  if (count == 0) return okStatus();
  return makeError(Errc::conflict,
                   "quiz " + std::to_string(quiz_id) + " is frozen: " + std::to_string(count) +
                       (count == 1 ? " student has" : " students have") +
                       " already answered it, so it can no longer be " + what,
                   "id");
}

}  // namespace

std::string_view correctionsName(Corrections value) {
  return value == Corrections::after_close ? "after_close" : "after_attempt";
}

std::optional<Corrections> parseCorrections(std::string_view name) {
  if (name == "after_attempt") return Corrections::after_attempt;
  if (name == "after_close") return Corrections::after_close;
  return std::nullopt;
}

std::string_view stateName(State value) {
  return value == State::published ? "published" : "draft";
}

Points Quiz::outOf() const {
  Points total = 0;
  for (const Question& q : questions) total += q.points;
  return total;
}

Result<std::int64_t> createQuiz(Connection& db, const Quiz& quiz, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(validate(db, quiz, nullptr, now));
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "INSERT INTO quizzes (teacher_id, subject_id, class_id, group_id, title, instructions, "
      "state, opens_at, closes_at, max_attempts, corrections, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      quiz.teacher_id, quiz.subject_id, quiz.class_id, quiz.group_id, quiz.title, quiz.instructions,
      stateName(quiz.state), quiz.opens_at, quiz.closes_at, quiz.max_attempts,
      correctionsName(quiz.corrections), now, now));
  Quiz stored = quiz;
  stored.id = db.lastInsertId();
  CARTABLE_RETURN_IF_ERROR(writeDetails(db, stored));
  if (stored.state == State::published) CARTABLE_RETURN_IF_ERROR(announce(db, stored, now));
  return stored.id;
}

Result<Quiz> getQuiz(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(auto found, loadQuizzes(db, "q.id = ?", id));
  if (found.empty()) return detail::notFound(id);
  return std::move(found.front());
}

Status updateQuiz(Connection& db, const Quiz& updated, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(const Quiz before, getQuiz(db, updated.id));
  CARTABLE_RETURN_IF_ERROR(requireUnanswered(db, updated.id, "changed"));
  if (before.class_id != updated.class_id || before.group_id != updated.group_id) {
    return invalid("class_id", "and \"group_id\" cannot change; set a new quiz instead");
  }
  CARTABLE_RETURN_IF_ERROR(validate(db, updated, &before, now));
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "UPDATE quizzes SET subject_id = ?, title = ?, instructions = ?, opens_at = ?, "
      "closes_at = ?, max_attempts = ?, corrections = ?, updated_at = ? WHERE id = ?",
      updated.subject_id, updated.title, updated.instructions, updated.opens_at, updated.closes_at,
      updated.max_attempts, correctionsName(updated.corrections), now, updated.id));
  return writeDetails(db, updated);
}

Status publishQuiz(Connection& db, std::int64_t id, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(Quiz quiz, getQuiz(db, id));
  if (quiz.state == State::published) {
    return makeError(Errc::conflict, "quiz " + std::to_string(id) + " is already published",
                     "state");
  }
  if (quiz.closes_at <= now) {
    return invalid("closes_at", detail::frenchTime(quiz.closes_at) +
                                    " is already past: move it before publishing");
  }
  CARTABLE_RETURN_IF_ERROR(
      db.exec("UPDATE quizzes SET state = 'published', updated_at = ? WHERE id = ?", now, id));
  quiz.state = State::published;
  return announce(db, quiz, now);
}

Status deleteQuiz(Connection& db, std::int64_t id) {
  CARTABLE_RETURN_IF_ERROR(getQuiz(db, id));
  CARTABLE_RETURN_IF_ERROR(requireUnanswered(db, id, "deleted"));
  return db.exec("DELETE FROM quizzes WHERE id = ?", id);
}

Result<std::vector<std::int64_t>> studentsOfQuiz(Connection& db, const Quiz& quiz) {
  if (!quiz.student_ids.empty()) return quiz.student_ids;
  return directory::studentsOf(db, quiz.class_id, quiz.group_id);
}

Result<std::int64_t> attemptCount(Connection& db, std::int64_t quiz_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto count, db.scalarInt64("SELECT count(*) FROM quiz_attempts WHERE quiz_id = ?", quiz_id));
  return count.value_or(0);
}

Result<std::vector<Quiz>> quizzesSetBy(Connection& db, std::int64_t teacher_id) {
  return loadQuizzes(db, "q.teacher_id = ? ORDER BY q.closes_at DESC, q.id DESC LIMIT ?",
                     teacher_id, kListLimit);
}

Result<std::vector<Quiz>> quizzesOfStudent(Connection& db, std::int64_t student_id) {
  return loadQuizzes(db,
                     "q.state = 'published' AND " + detail::assignedCondition("q", "?1") +
                         " ORDER BY q.closes_at DESC, q.id DESC LIMIT ?2",
                     student_id, kListLimit);
}

}  // namespace cartable::quizzes
