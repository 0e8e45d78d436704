#include "api/quiz_input.h"

#include <charconv>
#include <cmath>

namespace cartable::api::quiz_input {
namespace {

using Poco::Dynamic::Var;
using quizzes::Answer;
using quizzes::Kind;
using quizzes::Question;

constexpr std::size_t kMaxQuestions = 100;
constexpr std::size_t kMaxItems = 200;

Error fieldError(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

// A JSON number (or, for decimals, a string such as "3,14") in millionths.
std::optional<quizzes::Micros> micros(const Var& value, bool strings_allowed) {
  if (value.isString()) {
    if (!strings_allowed) return std::nullopt;
    return quizzes::parseDecimal(value.convert<std::string>());
  }
  if (value.isBoolean() || !value.isNumeric()) return std::nullopt;
  if (value.isInteger())
    return quizzes::parseDecimal(std::to_string(value.convert<std::int64_t>()));
  const double number = value.convert<double>();
  if (!std::isfinite(number)) return std::nullopt;
  // The shortest text that reads back as the same double is what was written.
  char text[64];
  const auto written = std::to_chars(text, text + sizeof text, number);
  return quizzes::parseDecimal(
      std::string_view(text, static_cast<std::size_t>(written.ptr - text)));
}

Result<std::optional<quizzes::Micros>> optionalDecimal(const http::JsonObject& item,
                                                       const std::string& key,
                                                       const std::string& field) {
  if (!item.has(key) || item.raw()->isNull(key)) return std::optional<quizzes::Micros>{};
  const auto value = micros(item.raw()->get(key), true);
  if (!value) {
    return fieldError(field, "must be a number with at most 6 decimals and 12 integer digits");
  }
  return std::optional(*value);
}

Result<std::optional<quizzes::Points>> optionalPoints(const http::JsonObject& item,
                                                      const std::string& key,
                                                      const std::string& field) {
  if (!item.has(key) || item.raw()->isNull(key)) return std::optional<quizzes::Points>{};
  const auto value = micros(item.raw()->get(key), false);
  if (!value || *value % 10000 != 0) {
    return fieldError(field, "must be a number with at most 2 decimals");
  }
  return std::optional(*value / 10000);
}

Result<Poco::JSON::Array::Ptr> optionalArray(const http::JsonObject& object, const std::string& key,
                                             const std::string& field, const std::string& of_what) {
  if (!object.has(key) || object.raw()->isNull(key)) return Poco::JSON::Array::Ptr();
  Poco::JSON::Array::Ptr list = object.raw()->getArray(key);
  if (!list) return fieldError(field, "must be an array of " + of_what);
  if (list->size() > kMaxItems) return fieldError(field, "has more than 200 items");
  return list;
}

Result<std::vector<std::int64_t>> integers(const http::JsonObject& object, const std::string& key,
                                           const std::string& field, std::int64_t min) {
  CARTABLE_ASSIGN_OR_RETURN(auto list, optionalArray(object, key, field, "integers"));
  std::vector<std::int64_t> out;
  if (!list) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Var item = list->get(static_cast<unsigned>(i));
    if (!item.isInteger() || item.convert<std::int64_t>() < min ||
        item.convert<std::int64_t>() > INT32_MAX) {
      return fieldError(
          field + "[" + std::to_string(i) + "]",
          min == 0 ? "must be a choice number from 0" : "must be a positive integer id");
    }
    out.push_back(item.convert<std::int64_t>());
  }
  return out;
}

Result<std::vector<std::string>> optionalStrings(const http::JsonObject& item,
                                                 const std::string& key) {
  if (!item.has(key) || item.raw()->isNull(key)) return std::vector<std::string>{};
  return item.stringArray(key, 20, 500);
}

Result<Question> question(const Poco::JSON::Object::Ptr& raw, std::size_t index) {
  const std::string prefix = "questions[" + std::to_string(index) + "].";
  const http::JsonObject item(raw, prefix);
  CARTABLE_RETURN_IF_ERROR(item.onlyKeys({"kind", "prompt", "points", "partial_credit", "choices",
                                          "correct", "accepted", "value", "tolerance", "skills"}));
  Question q;
  CARTABLE_ASSIGN_OR_RETURN(const std::string kind, item.requiredString("kind", 40));
  const auto parsed = quizzes::parseKind(kind);
  if (!parsed) {
    return fieldError(prefix + "kind",
                      "must be single_choice, multiple_choice, number or short_text");
  }
  q.kind = *parsed;
  CARTABLE_ASSIGN_OR_RETURN(q.prompt, item.requiredString("prompt", 2000));
  CARTABLE_ASSIGN_OR_RETURN(auto points, optionalPoints(item, "points", prefix + "points"));
  q.points = points.value_or(100);
  CARTABLE_ASSIGN_OR_RETURN(auto partial, item.optionalBool("partial_credit"));
  q.partial_credit = partial.value_or(true);
  CARTABLE_ASSIGN_OR_RETURN(q.choices, optionalStrings(item, "choices"));
  CARTABLE_ASSIGN_OR_RETURN(auto correct, integers(item, "correct", prefix + "correct", 0));
  for (std::int64_t choice : correct) q.correct.push_back(static_cast<int>(choice));
  CARTABLE_ASSIGN_OR_RETURN(q.accepted, optionalStrings(item, "accepted"));
  CARTABLE_ASSIGN_OR_RETURN(q.value, optionalDecimal(item, "value", prefix + "value"));
  CARTABLE_ASSIGN_OR_RETURN(q.tolerance, optionalDecimal(item, "tolerance", prefix + "tolerance"));
  if (q.tolerance && *q.tolerance < 0) {
    return fieldError(prefix + "tolerance", "must be a number >= 0");
  }
  CARTABLE_ASSIGN_OR_RETURN(q.skills, optionalStrings(item, "skills"));
  return q;
}

Result<std::vector<Question>> questions(const http::JsonObject& body) {
  if (!body.has("questions") || body.raw()->isNull("questions")) {
    return fieldError("questions", "is required");
  }
  Poco::JSON::Array::Ptr list = body.raw()->getArray("questions");
  if (!list) return fieldError("questions", "must be an array of questions");
  if (list->size() > kMaxQuestions) return fieldError("questions", "has more than 100 questions");
  std::vector<Question> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    Poco::JSON::Object::Ptr item = list->getObject(static_cast<unsigned>(i));
    if (!item) return fieldError("questions[" + std::to_string(i) + "]", "must be an object");
    CARTABLE_ASSIGN_OR_RETURN(Question q, question(item, i));
    q.position = static_cast<int>(i) + 1;
    out.push_back(std::move(q));
  }
  return out;
}

Status applyEditable(const http::JsonObject& body, quizzes::Quiz& quiz) {
  if (body.has("subject_id")) {
    CARTABLE_ASSIGN_OR_RETURN(quiz.subject_id, body.requiredInt("subject_id", 1, INT64_MAX));
  }
  if (body.has("student_ids")) {
    CARTABLE_ASSIGN_OR_RETURN(quiz.student_ids, integers(body, "student_ids", "student_ids", 1));
  }
  if (body.has("title")) {
    CARTABLE_ASSIGN_OR_RETURN(quiz.title, body.requiredString("title", 200));
  }
  if (body.has("instructions")) {
    CARTABLE_ASSIGN_OR_RETURN(auto text, body.optionalString("instructions", 5000));
    quiz.instructions = text.value_or("");
  }
  if (body.has("opens_at")) {
    CARTABLE_ASSIGN_OR_RETURN(quiz.opens_at, body.requiredInt("opens_at", 0, INT32_MAX * 4LL));
  }
  if (body.has("closes_at")) {
    CARTABLE_ASSIGN_OR_RETURN(quiz.closes_at, body.requiredInt("closes_at", 0, INT32_MAX * 4LL));
  }
  if (body.has("max_attempts")) {
    CARTABLE_ASSIGN_OR_RETURN(auto attempts, body.requiredInt("max_attempts", 1, 10));
    quiz.max_attempts = static_cast<int>(attempts);
  }
  if (body.has("corrections")) {
    CARTABLE_ASSIGN_OR_RETURN(const std::string name, body.requiredString("corrections", 40));
    const auto corrections = quizzes::parseCorrections(name);
    if (!corrections) return fieldError("corrections", "must be after_attempt or after_close");
    quiz.corrections = *corrections;
  }
  if (body.has("questions")) {
    CARTABLE_ASSIGN_OR_RETURN(quiz.questions, questions(body));
  }
  return okStatus();
}

Result<Answer> answer(const Var& value, const Question& q, const std::string& field) {
  Answer out;
  if (value.isEmpty()) return out;
  out.blank = false;
  switch (q.kind) {
    case Kind::single_choice:
      if (!value.isInteger()) return fieldError(field, "must be a choice number (from 0) or null");
      out.choice =
          static_cast<int>(std::clamp<std::int64_t>(value.convert<std::int64_t>(), -1, INT32_MAX));
      return out;
    case Kind::multiple_choice: {
      Poco::JSON::Array::Ptr list;
      if (value.type() == typeid(Poco::JSON::Array::Ptr))
        list = value.extract<Poco::JSON::Array::Ptr>();
      if (!list) return fieldError(field, "must be an array of choice numbers (from 0) or null");
      for (std::size_t j = 0; j < list->size() && j < 10; ++j) {
        const Var item = list->get(static_cast<unsigned>(j));
        if (!item.isInteger()) {
          return fieldError(field + "[" + std::to_string(j) + "]", "must be a choice number");
        }
        out.choices.push_back(static_cast<int>(
            std::clamp<std::int64_t>(item.convert<std::int64_t>(), -1, INT32_MAX)));
      }
      if (list->size() > 10) return fieldError(field, "has more than 10 choices");
      return out;
    }
    case Kind::number:
    case Kind::short_text:
      if (value.isString()) {
        out.text = value.convert<std::string>();
      } else if (q.kind == Kind::number && value.isNumeric() && !value.isBoolean()) {
        const auto number = micros(value, false);
        if (!number) return fieldError(field, "must be a number with at most 6 decimals");
        out.text = quizzes::formatDecimal(*number);
      } else {
        return fieldError(field, q.kind == Kind::number
                                     ? "must be a number, a text such as \"3,14\", or null"
                                     : "must be a text or null");
      }
      out.blank = quizzes::normaliseShortText(out.text).empty();
      return out;
  }
  return out;
}

}  // namespace

Result<quizzes::Quiz> newQuiz(const http::JsonObject& body, std::int64_t teacher_id) {
  CARTABLE_RETURN_IF_ERROR(
      body.onlyKeys({"subject_id", "class_id", "group_id", "student_ids", "title", "instructions",
                     "opens_at", "closes_at", "max_attempts", "corrections", "questions"}));
  quizzes::Quiz quiz;
  quiz.teacher_id = teacher_id;
  CARTABLE_ASSIGN_OR_RETURN(quiz.subject_id, body.requiredInt("subject_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(quiz.class_id, body.optionalInt("class_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(quiz.group_id, body.optionalInt("group_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(quiz.title, body.requiredString("title", 200));
  CARTABLE_ASSIGN_OR_RETURN(quiz.opens_at, body.requiredInt("opens_at", 0, INT32_MAX * 4LL));
  CARTABLE_ASSIGN_OR_RETURN(quiz.closes_at, body.requiredInt("closes_at", 0, INT32_MAX * 4LL));
  CARTABLE_ASSIGN_OR_RETURN(quiz.questions, questions(body));
  CARTABLE_RETURN_IF_ERROR(applyEditable(body, quiz));
  return quiz;
}

Status applyChanges(const http::JsonObject& body, quizzes::Quiz& quiz) {
  CARTABLE_RETURN_IF_ERROR(
      body.onlyKeys({"subject_id", "student_ids", "title", "instructions", "opens_at", "closes_at",
                     "max_attempts", "corrections", "questions"}));
  return applyEditable(body, quiz);
}

Result<std::vector<Answer>> answers(const http::JsonObject& body, const quizzes::Quiz& quiz) {
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"answers"}));
  if (!body.has("answers") || body.raw()->isNull("answers")) {
    return fieldError("answers", "is required");
  }
  Poco::JSON::Array::Ptr list = body.raw()->getArray("answers");
  if (!list) return fieldError("answers", "must be an array with one answer per question");
  if (list->size() != quiz.questions.size()) {
    return fieldError("answers", "must hold one answer per question (" +
                                     std::to_string(quiz.questions.size()) + "), not " +
                                     std::to_string(list->size()));
  }
  std::vector<Answer> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    CARTABLE_ASSIGN_OR_RETURN(Answer a,
                              answer(list->get(static_cast<unsigned>(i)), quiz.questions[i],
                                     "answers[" + std::to_string(i) + "]"));
    out.push_back(std::move(a));
  }
  return out;
}

Result<quizzes::GradebookFeed> gradebookFeed(const http::JsonObject& body,
                                             const std::string& today) {
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"date", "title", "coefficient"}));
  quizzes::GradebookFeed feed;
  CARTABLE_ASSIGN_OR_RETURN(auto date, body.optionalString("date", 10));
  feed.date = date.value_or(today);
  CARTABLE_ASSIGN_OR_RETURN(feed.title, body.optionalString("title", 100));
  CARTABLE_ASSIGN_OR_RETURN(auto coefficient, optionalPoints(body, "coefficient", "coefficient"));
  feed.coefficient = coefficient.value_or(100);
  return feed;
}

}  // namespace cartable::api::quiz_input
