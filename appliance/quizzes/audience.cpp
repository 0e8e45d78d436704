#include "quizzes/audience.h"

#include "quizzes/internal.h"

namespace cartable::quizzes {

Result<QuizParties> quizParties(storage::Connection& db, std::int64_t quiz_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto row,
      db.query("SELECT teacher_id, class_id, group_id, state FROM quizzes WHERE id = ?", quiz_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) return detail::notFound(quiz_id);
  return QuizParties{row.optionalInt64(0), row.optionalInt64(1), row.optionalInt64(2),
                     row.text(3) == "published"};
}

Result<bool> isAssignedTo(storage::Connection& db, std::int64_t quiz_id, std::int64_t student_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto found,
                            db.scalarInt64("SELECT 1 FROM quizzes q WHERE q.id = ?2 AND " +
                                               detail::assignedCondition("q", "?1"),
                                           student_id, quiz_id));
  return found.has_value();
}

Result<bool> childIsAssigned(storage::Connection& db, std::int64_t quiz_id,
                             std::int64_t parent_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found, db.scalarInt64("SELECT 1 FROM guardianships g JOIN quizzes q ON q.id = ?2 "
                                 "WHERE g.parent_id = ?1 AND " +
                                     detail::assignedCondition("q", "g.student_id") + " LIMIT 1",
                                 parent_id, quiz_id));
  return found.has_value();
}

}  // namespace cartable::quizzes
