#include <algorithm>

#include "quizzes/internal.h"
#include "quizzes/quizzes.h"

namespace cartable::quizzes {
namespace {

using storage::Connection;

Status checkOpen(const Quiz& quiz, Seconds now) {
  const std::string name = "quiz " + std::to_string(quiz.id);
  if (quiz.state != State::published) {
    return makeError(Errc::conflict, name + " is not published yet", "state");
  }
  if (now < quiz.opens_at) {
    return makeError(Errc::conflict,
                     name + " opens on " + detail::frenchTime(quiz.opens_at) + "; come back then",
                     "opens_at");
  }
  if (now >= quiz.closes_at) {
    return makeError(
        Errc::conflict,
        name + " closed on " + detail::frenchTime(quiz.closes_at) + ": answers are no longer taken",
        "closes_at");
  }
  return okStatus();
}

Status checkAnswers(const Quiz& quiz, const std::vector<Answer>& answers) {
  if (answers.size() != quiz.questions.size()) {
    return detail::invalid("answers", "must hold one answer per question (" +
                                          std::to_string(quiz.questions.size()) + "), not " +
                                          std::to_string(answers.size()));
  }
  for (std::size_t i = 0; i < answers.size(); ++i) {
    CARTABLE_RETURN_IF_ERROR(
        checkAnswer(quiz.questions[i], answers[i], "answers[" + std::to_string(i) + "]"));
  }
  return okStatus();
}

Status loadAnswers(Connection& db, Attempt& attempt) {
  CARTABLE_ASSIGN_OR_RETURN(auto rows,
                            db.query("SELECT answer, points FROM quiz_answers WHERE attempt_id = ? "
                                     "ORDER BY position",
                                     attempt.id));
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) return okStatus();
    attempt.answers.push_back(detail::answerFromJson(rows.text(0)));
    attempt.points.push_back(rows.int64(1));
  }
}

}  // namespace

Result<Attempt> submitAttempt(Connection& db, std::int64_t quiz_id, std::int64_t student_id,
                              const std::vector<Answer>& answers, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(const Quiz quiz, getQuiz(db, quiz_id));
  CARTABLE_RETURN_IF_ERROR(checkOpen(quiz, now));
  CARTABLE_ASSIGN_OR_RETURN(
      auto used, db.scalarInt64("SELECT count(*) FROM quiz_attempts WHERE quiz_id = ? AND "
                                "student_id = ?",
                                quiz_id, student_id));
  if (used.value_or(0) >= quiz.max_attempts) {
    return makeError(Errc::conflict,
                     "every attempt at quiz " + std::to_string(quiz_id) + " is used (" +
                         std::to_string(quiz.max_attempts) + " allowed)",
                     "attempts");
  }
  CARTABLE_RETURN_IF_ERROR(checkAnswers(quiz, answers));
  Attempt attempt{0,   quiz_id, student_id, static_cast<int>(used.value_or(0)) + 1, 0, quiz.outOf(),
                  now, answers, {}};
  for (std::size_t i = 0; i < answers.size(); ++i) {
    attempt.points.push_back(score(quiz.questions[i], answers[i]));
    attempt.score += attempt.points.back();
  }
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO quiz_attempts (quiz_id, student_id, number, score, out_of, "
              "submitted_at) VALUES (?, ?, ?, ?, ?, ?)",
              quiz_id, student_id, attempt.number, attempt.score, attempt.out_of, now));
  attempt.id = db.lastInsertId();
  for (std::size_t i = 0; i < answers.size(); ++i) {
    CARTABLE_RETURN_IF_ERROR(db.exec(
        "INSERT INTO quiz_answers (attempt_id, position, answer, points) VALUES (?, ?, ?, ?)",
        attempt.id, static_cast<std::int64_t>(i) + 1, detail::answerToJson(answers[i]),
        attempt.points[i]));
  }
  return attempt;
}

Result<std::vector<Attempt>> attemptsOf(Connection& db, std::int64_t quiz_id,
                                        std::int64_t student_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT id, number, score, out_of, submitted_at FROM quiz_attempts "
                          "WHERE quiz_id = ? AND student_id = ? ORDER BY number",
                          quiz_id, student_id));
  std::vector<Attempt> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) break;
    out.push_back({rows.int64(0),
                   quiz_id,
                   student_id,
                   static_cast<int>(rows.int64(1)),
                   rows.int64(2),
                   rows.int64(3),
                   rows.int64(4),
                   {},
                   {}});
  }
  for (Attempt& attempt : out) CARTABLE_RETURN_IF_ERROR(loadAnswers(db, attempt));
  return out;
}

bool correctionsVisible(const Quiz& quiz, std::size_t attempts, Seconds now) {
  if (now >= quiz.closes_at) return true;
  return quiz.corrections == Corrections::after_attempt && attempts > 0;
}

std::optional<Points> bestScore(const std::vector<Attempt>& attempts) {
  std::optional<Points> best;
  for (const Attempt& attempt : attempts) best = std::max(best.value_or(0), attempt.score);
  return best;
}

}  // namespace cartable::quizzes
