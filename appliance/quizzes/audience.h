// Who a quiz concerns: the relations the API's access checks ask about.
#pragma once

#include <cstdint>
#include <optional>

#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::quizzes {

struct QuizParties {
  std::optional<std::int64_t> teacher_id;  // who set it
  std::optional<std::int64_t> class_id;
  std::optional<std::int64_t> group_id;
  bool published = false;
};
// not_found ("no quiz with id N") when absent.
Result<QuizParties> quizParties(storage::Connection& db, std::int64_t quiz_id);

// True when `student_id` has quiz `quiz_id` (published or not).
Result<bool> isAssignedTo(storage::Connection& db, std::int64_t quiz_id, std::int64_t student_id);
// True when a child of `parent_id` has quiz `quiz_id`.
Result<bool> childIsAssigned(storage::Connection& db, std::int64_t quiz_id, std::int64_t parent_id);

}  // namespace cartable::quizzes
