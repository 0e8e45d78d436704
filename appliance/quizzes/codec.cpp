#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <cstdio>
#include <sstream>

#include "core/base/civil_date.h"
#include "quizzes/internal.h"

namespace cartable::quizzes::detail {
namespace {

Poco::JSON::Array::Ptr parseArray(const std::string& text) {
  try {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Array::Ptr>();
  } catch (const Poco::Exception&) {
    return new Poco::JSON::Array;  // written by this module: only a damaged row lands here
  }
}

std::string stringify(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(value, out);
  return out.str();
}

}  // namespace

Error invalid(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

Error notFound(std::int64_t quiz_id) {
  return makeError(Errc::not_found, "no quiz with id " + std::to_string(quiz_id), "id");
}

std::string toJson(const std::vector<std::string>& values) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const std::string& value : values) list->add(value);
  return stringify(list);
}

std::string toJson(const std::vector<int>& values) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (int value : values) list->add(value);
  return stringify(list);
}

std::vector<std::string> stringsFromJson(const std::string& text) {
  std::vector<std::string> out;
  auto list = parseArray(text);
  for (std::size_t i = 0; i < list->size(); ++i)
    out.push_back(list->getElement<std::string>(static_cast<unsigned>(i)));
  return out;
}

std::vector<int> intsFromJson(const std::string& text) {
  std::vector<int> out;
  auto list = parseArray(text);
  for (std::size_t i = 0; i < list->size(); ++i)
    out.push_back(list->getElement<int>(static_cast<unsigned>(i)));
  return out;
}

// An answer is stored as [kind-free] JSON: null (blank), an index, an array
// of indices, or a text.
std::string answerToJson(const Answer& answer) {
  if (answer.blank) return "null";
  if (answer.choice) return std::to_string(*answer.choice);
  if (!answer.text.empty()) return stringify(Poco::Dynamic::Var(answer.text));
  return toJson(answer.choices);
}

Answer answerFromJson(const std::string& text) {
  Answer answer;
  if (text == "null") return answer;
  answer.blank = false;
  try {
    // Poco's parser reads an object or an array, not a bare number or string:
    // the stored value is read as the one item of an array.
    const auto list =
        Poco::JSON::Parser().parse("[" + text + "]").extract<Poco::JSON::Array::Ptr>();
    const Poco::Dynamic::Var value = list->get(0);
    if (value.isInteger()) {
      answer.choice = value.convert<int>();
    } else if (value.isString()) {
      answer.text = value.convert<std::string>();
    } else {
      answer.choices = intsFromJson(text);
    }
  } catch (const Poco::Exception&) {
    answer.blank = true;
  }
  return answer;
}

std::string frenchTime(Seconds instant) {
  const std::string day = civil::formatDay(civil::dayOf(instant));
  const Seconds in_day = ((instant % 86400) + 86400) % 86400;
  char clock[8];
  std::snprintf(clock, sizeof clock, "%02d:%02d", static_cast<int>(in_day / 3600),
                static_cast<int>(in_day % 3600 / 60));
  return day.substr(8, 2) + "/" + day.substr(5, 2) + "/" + day.substr(0, 4) + " à " + clock;
}

std::string assignedCondition(const std::string& q, const std::string& student) {
  return "(EXISTS (SELECT 1 FROM quiz_students qs WHERE qs.quiz_id = " + q +
         ".id AND qs.student_id = " + student +
         ") OR (NOT EXISTS (SELECT 1 FROM quiz_students qs WHERE qs.quiz_id = " + q + ".id) AND (" +
         q + ".class_id IN (SELECT class_id FROM enrollments WHERE student_id = " + student +
         " AND until IS NULL) OR " + q +
         ".group_id IN (SELECT group_id FROM group_members WHERE student_id = " + student + "))))";
}

}  // namespace cartable::quizzes::detail
