// Request bodies of the quiz routes read into the quizzes module's records;
// every error names the field ("questions[2].tolerance").
#pragma once

#include <vector>

#include "core/http/json.h"
#include "quizzes/quizzes.h"

namespace cartable::api::quiz_input {

// A new quiz set by `teacher_id`, from POST /api/v1/quizzes.
Result<quizzes::Quiz> newQuiz(const http::JsonObject& body, std::int64_t teacher_id);

// Applies the fields present in a PATCH body to `quiz` (absent ones are kept).
Status applyChanges(const http::JsonObject& body, quizzes::Quiz& quiz);

// The "answers" of an attempt, read by the kinds of `quiz`'s questions.
Result<std::vector<quizzes::Answer>> answers(const http::JsonObject& body,
                                             const quizzes::Quiz& quiz);

// The body of POST /api/v1/quizzes/{id}/gradebook; `today` is the default date.
Result<quizzes::GradebookFeed> gradebookFeed(const http::JsonObject& body,
                                             const std::string& today);

}  // namespace cartable::api::quiz_input
