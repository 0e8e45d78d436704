// Helpers shared by the quizzes module's .cpp files; nobody outside this
// folder includes it.
#pragma once

#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/storage/database.h"
#include "quizzes/quizzes.h"

namespace cartable::quizzes::detail {

// An invalid_argument error naming `field`: "\"field\" message".
Error invalid(const std::string& field, const std::string& message);
Error notFound(std::int64_t quiz_id);

// JSON arrays as stored in the quiz_questions and quiz_answers columns.
std::string toJson(const std::vector<std::string>& values);
std::string toJson(const std::vector<int>& values);
std::vector<std::string> stringsFromJson(const std::string& text);
std::vector<int> intsFromJson(const std::string& text);
std::string answerToJson(const Answer& answer);
Answer answerFromJson(const std::string& text);

// "14/09/2026 à 08:00", school time, as refusals and notices show it.
std::string frenchTime(Seconds instant);

// An SQL condition true when the student bound as `student` (e.g. "?1") has
// the quiz row `q` (published or not).
std::string assignedCondition(const std::string& q, const std::string& student);

}  // namespace cartable::quizzes::detail
