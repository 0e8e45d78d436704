#include "api/quiz_views.h"

#include <Poco/JSON/Array.h>

#include "core/http/json.h"

namespace cartable::api::views {
namespace {

using Object = Poco::JSON::Object::Ptr;
using Poco::Dynamic::Var;
using quizzes::Kind;

Var points(quizzes::Points value) {
  return static_cast<double>(value) / 100.0;
}
Var optionalPoints(const std::optional<quizzes::Points>& value) {
  return value ? points(*value) : Var();
}
Var decimal(const std::optional<quizzes::Micros>& value) {
  return value ? Var(static_cast<double>(*value) / 1e6) : Var();
}
Var optionalId(const std::optional<std::int64_t>& value) {
  return value ? Var(*value) : Var();
}

template <class T>
Poco::JSON::Array::Ptr array(const std::vector<T>& values) {
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
  for (const T& value : values) out->add(value);
  return out;
}

bool isChoice(Kind kind) {
  return kind == Kind::single_choice || kind == Kind::multiple_choice;
}

// What the question asks, without its answer.
Object questionAsked(const quizzes::Question& q) {
  auto out = http::newObject();
  out->set("position", q.position);
  out->set("kind", std::string(quizzes::kindName(q.kind)));
  out->set("prompt", q.prompt);
  out->set("points", points(q.points));
  if (q.kind == Kind::multiple_choice) out->set("partial_credit", q.partial_credit);
  if (isChoice(q.kind)) out->set("choices", array(q.choices));
  out->set("skills", array(q.skills));
  return out;
}

// The answer key of one question.
Object correction(const quizzes::Question& q) {
  auto out = http::newObject();
  if (isChoice(q.kind)) out->set("correct", array(q.correct));
  if (q.kind == Kind::short_text) out->set("accepted", array(q.accepted));
  if (q.kind == Kind::number) {
    out->set("value", decimal(q.value));
    out->set("tolerance", decimal(q.tolerance));
  }
  return out;
}

Var answerValue(const quizzes::Answer& answer) {
  if (answer.blank) return Var();
  if (answer.choice) return *answer.choice;
  if (!answer.text.empty()) return answer.text;
  return array(answer.choices);
}

Object quizFields(const quizzes::Quiz& quiz) {
  auto out = http::newObject();
  out->set("id", quiz.id);
  out->set("teacher_id", optionalId(quiz.teacher_id));
  out->set("subject_id", quiz.subject_id);
  out->set("class_id", optionalId(quiz.class_id));
  out->set("group_id", optionalId(quiz.group_id));
  out->set("title", quiz.title);
  out->set("instructions", quiz.instructions);
  out->set("state", std::string(quizzes::stateName(quiz.state)));
  out->set("opens_at", quiz.opens_at);
  out->set("closes_at", quiz.closes_at);
  out->set("max_attempts", quiz.max_attempts);
  out->set("corrections", std::string(quizzes::correctionsName(quiz.corrections)));
  out->set("out_of", points(quiz.outOf()));
  out->set("question_count", static_cast<int>(quiz.questions.size()));
  return out;
}

}  // namespace

Object quizSummary(const quizzes::Quiz& quiz) {
  return quizFields(quiz);
}

Object quizForTeacher(const quizzes::Quiz& quiz, std::int64_t answered_by) {
  auto out = quizFields(quiz);
  out->set("student_ids", array(quiz.student_ids));
  out->set("answered_by", answered_by);
  out->set("frozen", answered_by > 0);
  out->set("evaluation_id", optionalId(quiz.evaluation_id));
  Poco::JSON::Array::Ptr questions = new Poco::JSON::Array;
  for (const auto& q : quiz.questions) {
    auto item = questionAsked(q);
    item->set("correction", correction(q));
    questions->add(item);
  }
  out->set("questions", questions);
  return out;
}

Object quizForStudent(const quizzes::Quiz& quiz, bool corrections) {
  auto out = quizFields(quiz);
  out->set("corrections_visible", corrections);
  Poco::JSON::Array::Ptr questions = new Poco::JSON::Array;
  for (const auto& q : quiz.questions) {
    auto item = questionAsked(q);
    if (corrections) item->set("correction", correction(q));
    questions->add(item);
  }
  out->set("questions", questions);
  return out;
}

Object quizAttempt(const quizzes::Quiz& quiz, const quizzes::Attempt& attempt) {
  auto out = http::newObject();
  out->set("number", attempt.number);
  out->set("score", points(attempt.score));
  out->set("out_of", points(attempt.out_of));
  out->set("on_twenty", points(quizzes::onTwenty(attempt.score, attempt.out_of)));
  out->set("submitted_at", attempt.submitted_at);
  Poco::JSON::Array::Ptr answers = new Poco::JSON::Array;
  for (std::size_t i = 0; i < attempt.answers.size(); ++i) {
    auto item = http::newObject();
    item->set("position", static_cast<int>(i) + 1);
    item->set("answer", answerValue(attempt.answers[i]));
    item->set("points", points(attempt.points[i]));
    const bool full = i < quiz.questions.size() && attempt.points[i] == quiz.questions[i].points;
    item->set("result", full ? "right" : attempt.points[i] > 0 ? "partly_right" : "wrong");
    answers->add(item);
  }
  out->set("answers", answers);
  return out;
}

Object quizProgress(const quizzes::Quiz& quiz, std::int64_t student_id,
                    const std::vector<quizzes::Attempt>& attempts) {
  auto out = http::newObject();
  out->set("student_id", student_id);
  out->set("attempts_used", static_cast<int>(attempts.size()));
  out->set("attempts_left", std::max(0, quiz.max_attempts - static_cast<int>(attempts.size())));
  out->set("best_score", optionalPoints(quizzes::bestScore(attempts)));
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const auto& attempt : attempts) list->add(quizAttempt(quiz, attempt));
  out->set("attempts", list);
  return out;
}

Object quizResults(const quizzes::Quiz& quiz, const quizzes::Results& results) {
  auto out = http::newObject();
  out->set("quiz_id", quiz.id);
  out->set("out_of", points(results.out_of));
  Poco::JSON::Array::Ptr students = new Poco::JSON::Array;
  for (const auto& s : results.students) {
    auto item = http::newObject();
    item->set("student_id", s.student_id);
    item->set("name", s.name);
    item->set("attempts", s.attempts);
    item->set("best_score", optionalPoints(s.best_score));
    item->set("best_on_twenty",
              s.best_score ? points(quizzes::onTwenty(*s.best_score, results.out_of)) : Var());
    item->set("last_score", optionalPoints(s.last_score));
    item->set("last_submitted_at", s.last_submitted_at ? Var(*s.last_submitted_at) : Var());
    students->add(item);
  }
  out->set("students", students);
  Poco::JSON::Array::Ptr questions = new Poco::JSON::Array;
  for (const auto& q : results.questions) {
    auto item = http::newObject();
    item->set("position", q.position);
    item->set("students", q.students);
    item->set("answered", q.answered);
    item->set("succeeded", q.succeeded);
    item->set("success_percent", q.success_percent ? Var(*q.success_percent) : Var());
    item->set("mean_points", points(q.mean_points));
    Poco::JSON::Array::Ptr wrong = new Poco::JSON::Array;
    for (const auto& w : q.wrong_answers) {
      auto answer = http::newObject();
      answer->set("answer", w.answer);
      answer->set("count", w.students);
      wrong->add(answer);
    }
    item->set("wrong_answers", wrong);
    questions->add(item);
  }
  out->set("questions", questions);
  Poco::JSON::Array::Ptr skills = new Poco::JSON::Array;
  for (const auto& s : results.skills) {
    auto item = http::newObject();
    item->set("skill", s.skill);
    item->set("questions", array(s.positions));
    item->set("percent", s.percent ? Var(*s.percent) : Var());
    skills->add(item);
  }
  out->set("skills", skills);
  return out;
}

}  // namespace cartable::api::views
