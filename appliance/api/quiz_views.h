// JSON shapes of quizzes, attempts and results. A student's and a parent's
// view of a quiz never holds the correct answers unless `corrections` says
// they may see them.
#pragma once

#include <Poco/JSON/Object.h>

#include "quizzes/quizzes.h"

namespace cartable::api::views {

// The quiz with its answer key (its teacher, the teachers of its class or
// group, staff and admin); `answered_by` is how many students answered.
Poco::JSON::Object::Ptr quizForTeacher(const quizzes::Quiz& quiz, std::int64_t answered_by);
// The quiz as its students and their parents read it: the questions, and
// their corrections only when `corrections` is true.
Poco::JSON::Object::Ptr quizForStudent(const quizzes::Quiz& quiz, bool corrections);
// One student's progress: attempts left, best score, and each attempt with
// its points per question.
Poco::JSON::Object::Ptr quizProgress(const quizzes::Quiz& quiz, std::int64_t student_id,
                                     const std::vector<quizzes::Attempt>& attempts);
// One attempt, as answered and scored.
Poco::JSON::Object::Ptr quizAttempt(const quizzes::Quiz& quiz, const quizzes::Attempt& attempt);
// The quiz in a list (no questions).
Poco::JSON::Object::Ptr quizSummary(const quizzes::Quiz& quiz);
Poco::JSON::Object::Ptr quizResults(const quizzes::Quiz& quiz, const quizzes::Results& results);

}  // namespace cartable::api::views
