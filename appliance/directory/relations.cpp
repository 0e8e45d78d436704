#include "directory/relations.h"

namespace cartable::directory {

Result<bool> isGuardianOf(storage::Connection& db, std::int64_t parent_id,
                          std::int64_t student_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found, db.scalarInt64(
                      "SELECT 1 FROM guardianships WHERE parent_id = ? AND student_id = ?",
                      parent_id, student_id));
  return found.has_value();
}

Result<bool> teachesStudent(storage::Connection& db, std::int64_t teacher_id,
                            std::int64_t student_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found,
      db.scalarInt64("SELECT 1 FROM teaching_assignments t WHERE t.teacher_id = ?1 AND ("
                     " t.class_id IN (SELECT class_id FROM enrollments"
                     "                WHERE student_id = ?2 AND until IS NULL)"
                     " OR t.group_id IN (SELECT group_id FROM group_members WHERE student_id = ?2))"
                     " LIMIT 1",
                     teacher_id, student_id));
  return found.has_value();
}

Result<bool> teachesClass(storage::Connection& db, std::int64_t teacher_id,
                          std::int64_t class_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found,
      db.scalarInt64("SELECT 1 FROM teaching_assignments t WHERE t.teacher_id = ?1 AND ("
                     " t.class_id = ?2 OR t.group_id IN ("
                     "   SELECT g.group_id FROM group_members g JOIN enrollments e"
                     "   ON e.student_id = g.student_id AND e.until IS NULL"
                     "   WHERE e.class_id = ?2)) LIMIT 1",
                     teacher_id, class_id));
  return found.has_value();
}

Result<bool> teachesSubjectTo(storage::Connection& db, std::int64_t teacher_id,
                              std::int64_t subject_id, std::optional<std::int64_t> class_id,
                              std::optional<std::int64_t> group_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found,
      db.scalarInt64("SELECT 1 FROM teaching_assignments WHERE teacher_id = ? AND subject_id = ? "
                     "AND (class_id = ? OR group_id = ?) LIMIT 1",
                     teacher_id, subject_id, class_id, group_id));
  return found.has_value();
}

Result<bool> teachesGroup(storage::Connection& db, std::int64_t teacher_id, std::int64_t group_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found, db.scalarInt64("SELECT 1 FROM teaching_assignments WHERE teacher_id = ? AND "
                                 "group_id = ? LIMIT 1",
                                 teacher_id, group_id));
  return found.has_value();
}

}  // namespace cartable::directory
