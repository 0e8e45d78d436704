#include "follow_up/recommendations.h"

#include "directory/validate.h"
#include "follow_up/internal.h"

namespace cartable::follow_up {

Result<Recommendation> recommend(storage::Connection& db, const Recommendation& input,
                                 std::int64_t author_id, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(detail::requireStudent(db, input.student_id, "student_id"));
  CARTABLE_RETURN_IF_ERROR(directory::validate::text(input.text, "text", 1000));
  if (input.plan_id) {
    CARTABLE_ASSIGN_OR_RETURN(
        auto found, db.scalarInt64("SELECT 1 FROM follow_up_plans WHERE id = ? AND student_id = ?",
                                   *input.plan_id, input.student_id));
    if (!found) {
      return detail::invalid(
          "plan_id", "names no follow-up plan of student " + std::to_string(input.student_id));
    }
  }
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO teacher_recommendations (student_id, author_id, plan_id, text, "
              "created_at) VALUES (?, ?, ?, ?, ?)",
              input.student_id, author_id, input.plan_id, input.text, now));
  Recommendation out = input;
  out.id = db.lastInsertId();
  out.author_id = author_id;
  out.created_at = now;
  const std::string link =
      input.plan_id ? "/suivi/plans/" + std::to_string(*input.plan_id) : std::string("/");
  CARTABLE_RETURN_IF_ERROR(detail::tellFamily(db, input.student_id, "follow_up.recommendation",
                                              "Une recommandation de l'équipe pédagogique",
                                              input.text, link, author_id, now));
  return out;
}

Result<std::vector<Recommendation>> recommendationsTo(storage::Connection& db,
                                                      std::int64_t student_id, int limit) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto row, db.query("SELECT id, student_id, author_id, plan_id, text, created_at FROM "
                         "teacher_recommendations WHERE student_id = ? ORDER BY id DESC LIMIT ?",
                         student_id, limit));
  std::vector<Recommendation> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, row.step());
    if (!more) break;
    out.push_back({row.int64(0), row.int64(1), row.optionalInt64(2), row.optionalInt64(3),
                   row.text(4), row.int64(5)});
  }
  return out;
}

}  // namespace cartable::follow_up
