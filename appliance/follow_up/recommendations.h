// Teachers' recommendations: a short piece of advice a teacher (or the vie
// scolaire) writes to one student, optionally within a follow-up plan. The
// student's dashboard shows the latest ones; the student and their parents
// are told ("follow_up.recommendation").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::follow_up {

struct Recommendation {
  std::int64_t id = 0;
  std::int64_t student_id = 0;
  std::optional<std::int64_t> author_id;
  std::optional<std::int64_t> plan_id;
  std::string text;  // 1..1000 characters
  Seconds created_at = 0;
};

// Checks and records `input` by `author_id`. invalid_argument names
// "student_id" (no such student), "text", "plan_id" (no plan of that student).
Result<Recommendation> recommend(storage::Connection& db, const Recommendation& input,
                                 std::int64_t author_id, Seconds now);

// The latest `limit` recommendations to `student_id`, newest first.
Result<std::vector<Recommendation>> recommendationsTo(storage::Connection& db,
                                                      std::int64_t student_id, int limit);

}  // namespace cartable::follow_up
