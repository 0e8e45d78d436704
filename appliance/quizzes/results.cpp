#include <algorithm>
#include <map>
#include <tuple>

#include "core/base/utf8.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "grades/grades.h"
#include "quizzes/internal.h"
#include "quizzes/quizzes.h"

namespace cartable::quizzes {
namespace {

using storage::Connection;

// a / b as a percentage, rounded half up.
int percent(Points a, Points b) {
  return static_cast<int>((200 * a + b) / (2 * b));
}

// The student's first attempt with their best score.
const Attempt* bestAttempt(const std::vector<Attempt>& attempts) {
  const Attempt* best = nullptr;
  for (const Attempt& attempt : attempts) {
    if (!best || attempt.score > best->score) best = &attempt;
  }
  return best;
}

StudentResult studentResult(const directory::User& user, const std::vector<Attempt>& attempts) {
  StudentResult out;
  out.student_id = user.id;
  out.name = user.displayName();
  out.attempts = static_cast<int>(attempts.size());
  out.best_score = bestScore(attempts);
  if (!attempts.empty()) {
    out.last_score = attempts.back().score;
    out.last_submitted_at = attempts.back().submitted_at;
  }
  return out;
}

std::string choiceLabel(const Question& question, int choice) {
  if (choice < 0 || static_cast<std::size_t>(choice) >= question.choices.size()) return "?";
  return question.choices[static_cast<std::size_t>(choice)];
}

// The answer as the teacher reads it; answers that score alike read alike
// ("0,5" and "0.50"; "Éléphant" and "elephant").
std::string answerLabel(const Question& question, const Answer& answer) {
  switch (question.kind) {
    case Kind::single_choice:
      return choiceLabel(question, answer.choice.value_or(-1));
    case Kind::multiple_choice: {
      std::vector<int> ticked = answer.choices;
      std::sort(ticked.begin(), ticked.end());
      std::string out;
      for (int choice : ticked) out += (out.empty() ? "" : " ; ") + choiceLabel(question, choice);
      return out;
    }
    case Kind::number: {
      const auto value = parseDecimal(answer.text);
      return value ? formatDecimal(*value) : answer.text;
    }
    case Kind::short_text:
      return normaliseShortText(answer.text);
  }
  return answer.text;
}

using WrongCounts = std::vector<std::map<std::string, int>>;

void addToQuestions(const Quiz& quiz, const Attempt& best, std::vector<QuestionResult>& questions,
                    std::vector<Points>& earned, WrongCounts& wrong) {
  for (std::size_t i = 0; i < quiz.questions.size() && i < best.points.size(); ++i) {
    QuestionResult& q = questions[i];
    ++q.students;
    if (!best.answers[i].blank) ++q.answered;
    if (best.points[i] == quiz.questions[i].points) {
      ++q.succeeded;
    } else if (!best.answers[i].blank) {
      ++wrong[i][answerLabel(quiz.questions[i], best.answers[i])];
    }
    earned[i] += best.points[i];
  }
}

std::vector<WrongAnswer> mostFrequent(const std::map<std::string, int>& counts) {
  std::vector<WrongAnswer> out;
  for (const auto& [answer, students] : counts) out.push_back({answer, students});
  // Stable: equal counts keep the map's order, by answer.
  std::stable_sort(out.begin(), out.end(), [](const WrongAnswer& a, const WrongAnswer& b) {
    return a.students > b.students;
  });
  if (out.size() > 3) out.resize(3);
  return out;
}

std::vector<SkillResult> skillResults(const Quiz& quiz, const std::vector<Points>& earned,
                                      int students) {
  std::map<std::string, SkillResult> by_skill;
  for (std::size_t i = 0; i < quiz.questions.size(); ++i) {
    for (const std::string& skill : quiz.questions[i].skills) {
      SkillResult& result = by_skill[skill];
      result.skill = skill;
      result.positions.push_back(static_cast<int>(i) + 1);
      result.earned += earned[i];
      result.possible += quiz.questions[i].points * students;
    }
  }
  std::vector<SkillResult> out;
  for (auto& [label, result] : by_skill) {
    if (result.possible > 0) result.percent = percent(result.earned, result.possible);
    out.push_back(std::move(result));
  }
  return out;
}

struct StudentRow {
  directory::User user;
  std::vector<Attempt> attempts;
};

// Every student of the quiz, and anyone else who answered it (since moved).
Result<std::vector<StudentRow>> studentRows(Connection& db, const Quiz& quiz) {
  CARTABLE_ASSIGN_OR_RETURN(auto ids, studentsOfQuiz(db, quiz));
  CARTABLE_ASSIGN_OR_RETURN(
      auto others,
      db.query("SELECT DISTINCT student_id FROM quiz_attempts WHERE quiz_id = ?", quiz.id));
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, others.step());
    if (!has_row) break;
    if (std::find(ids.begin(), ids.end(), others.int64(0)) == ids.end()) {
      ids.push_back(others.int64(0));
    }
  }
  std::vector<StudentRow> rows;
  for (std::int64_t id : ids) {
    CARTABLE_ASSIGN_OR_RETURN(auto user, directory::getUser(db, id));
    CARTABLE_ASSIGN_OR_RETURN(auto attempts, attemptsOf(db, quiz.id, id));
    rows.push_back({std::move(user), std::move(attempts)});
  }
  std::sort(rows.begin(), rows.end(), [](const StudentRow& a, const StudentRow& b) {
    return std::tie(a.user.family_name, a.user.given_name, a.user.id) <
           std::tie(b.user.family_name, b.user.given_name, b.user.id);
  });
  return rows;
}

Status requireFeedable(const Quiz& quiz, Seconds now) {
  const std::string name = "quiz " + std::to_string(quiz.id);
  if (quiz.evaluation_id) {
    return makeError(Errc::conflict,
                     name + " already fed the gradebook: evaluation " +
                         std::to_string(*quiz.evaluation_id) +
                         " holds its scores; correct them there",
                     "evaluation_id");
  }
  if (quiz.state != State::published || now < quiz.closes_at) {
    return makeError(Errc::conflict,
                     name + " is still open until " + detail::frenchTime(quiz.closes_at) +
                         ": its scores go to the gradebook once it has closed",
                     "closes_at");
  }
  return okStatus();
}

// The best score on 20 of each student still in the class or group who answered.
Result<std::vector<grades::Score>> bestScoresOnTwenty(Connection& db, const Quiz& quiz) {
  CARTABLE_ASSIGN_OR_RETURN(auto members, directory::studentsOf(db, quiz.class_id, quiz.group_id));
  CARTABLE_ASSIGN_OR_RETURN(auto ids, studentsOfQuiz(db, quiz));
  std::vector<grades::Score> scores;
  for (std::int64_t id : ids) {
    if (std::find(members.begin(), members.end(), id) == members.end()) continue;
    CARTABLE_ASSIGN_OR_RETURN(auto attempts, attemptsOf(db, quiz.id, id));
    const auto best = bestScore(attempts);
    if (!best) continue;
    grades::Score score;
    score.student_id = id;
    score.value = onTwenty(*best, attempts.front().out_of);
    scores.push_back(score);
  }
  return scores;
}

}  // namespace

Points onTwenty(Points score, Points out_of) {
  if (out_of <= 0) return 0;
  return (2 * score * 2000 + out_of) / (2 * out_of);
}

Result<Results> resultsOf(Connection& db, const Quiz& quiz) {
  Results out;
  out.out_of = quiz.outOf();
  out.questions.resize(quiz.questions.size());
  std::vector<Points> earned(quiz.questions.size(), 0);
  WrongCounts wrong(quiz.questions.size());
  CARTABLE_ASSIGN_OR_RETURN(auto rows, studentRows(db, quiz));
  int students = 0;
  for (const StudentRow& row : rows) {
    out.students.push_back(studentResult(row.user, row.attempts));
    const Attempt* best = bestAttempt(row.attempts);
    if (!best) continue;
    ++students;
    addToQuestions(quiz, *best, out.questions, earned, wrong);
  }
  for (std::size_t i = 0; i < out.questions.size(); ++i) {
    QuestionResult& q = out.questions[i];
    q.position = static_cast<int>(i) + 1;
    q.wrong_answers = mostFrequent(wrong[i]);
    if (q.students == 0) continue;
    q.mean_points = (2 * earned[i] + q.students) / (2 * q.students);
    q.success_percent = percent(q.succeeded, q.students);
  }
  out.skills = skillResults(quiz, earned, students);
  return out;
}

Result<FedGradebook> feedGradebook(Connection& db, std::int64_t quiz_id, const GradebookFeed& feed,
                                   std::int64_t author_id, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(const Quiz quiz, getQuiz(db, quiz_id));
  CARTABLE_RETURN_IF_ERROR(requireFeedable(quiz, now));
  grades::Evaluation evaluation;
  evaluation.subject_id = quiz.subject_id;
  evaluation.class_id = quiz.class_id;
  evaluation.group_id = quiz.group_id;
  evaluation.teacher_id = quiz.teacher_id.value_or(author_id);
  evaluation.date = evaluation.visible_from = feed.date;
  evaluation.title = feed.title.value_or(std::string(utf8::truncate(quiz.title, 100)));
  evaluation.description = "Quiz : " + quiz.title;
  evaluation.out_of = 2000;
  evaluation.coefficient = feed.coefficient;
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t evaluation_id,
                            grades::createEvaluation(db, evaluation, now));
  CARTABLE_ASSIGN_OR_RETURN(auto scores, bestScoresOnTwenty(db, quiz));
  if (!scores.empty()) {
    CARTABLE_RETURN_IF_ERROR(grades::setScores(db, evaluation_id, scores, author_id, now));
  }
  CARTABLE_RETURN_IF_ERROR(
      db.exec("UPDATE quizzes SET evaluation_id = ?, fed_at = ?, "
              "updated_at = ? WHERE id = ?",
              evaluation_id, now, now, quiz_id));
  return FedGradebook{evaluation_id, static_cast<int>(scores.size())};
}

}  // namespace cartable::quizzes
