#include "homework/audience.h"

#include "directory/relations.h"
#include "homework/internal.h"
#include "timetable/timetable.h"

namespace cartable::homework {
namespace {

using storage::Connection;

template <class... Args>
Result<bool> exists(Connection& db, const std::string& sql, const Args&... args) {
  CARTABLE_ASSIGN_OR_RETURN(auto found, db.scalarInt64(sql, args...));
  return found.has_value();
}

// The condition "lesson l is attended by the student bound as `student`".
std::string attendsCondition(const std::string& student) {
  return "(l.class_id IN (SELECT class_id FROM enrollments WHERE student_id = " + student +
         " AND until IS NULL) OR l.group_id IN (SELECT group_id FROM group_members WHERE "
         "student_id = " +
         student + "))";
}

}  // namespace

Result<bool> isAssignedTo(Connection& db, std::int64_t homework_id, std::int64_t student_id) {
  return exists(
      db, "SELECT 1 FROM homework h WHERE h.id = ?2 AND " + detail::assignedCondition("h", "?1"),
      student_id, homework_id);
}

Result<bool> childIsAssigned(Connection& db, std::int64_t homework_id, std::int64_t parent_id) {
  return exists(db,
                "SELECT 1 FROM guardianships g JOIN homework h ON h.id = ?2 WHERE g.parent_id = ?1 "
                "AND " +
                    detail::assignedCondition("h", "g.student_id") + " LIMIT 1",
                parent_id, homework_id);
}

Result<bool> isSetter(Connection& db, std::int64_t homework_id, std::int64_t teacher_id) {
  return exists(db, "SELECT 1 FROM homework WHERE id = ? AND teacher_id = ?", homework_id,
                teacher_id);
}

Result<bool> teachesHomework(Connection& db, std::int64_t homework_id, std::int64_t teacher_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto row,
      db.query("SELECT teacher_id, class_id, group_id FROM homework WHERE id = ?", homework_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) return false;
  if (row.optionalInt64(0) == teacher_id) return true;
  const auto class_id = row.optionalInt64(1);
  const auto group_id = row.optionalInt64(2);
  return teachesClassOrGroup(db, teacher_id, class_id, group_id);
}

Result<bool> teachesClassOrGroup(Connection& db, std::int64_t teacher_id,
                                 std::optional<std::int64_t> class_id,
                                 std::optional<std::int64_t> group_id) {
  if (class_id) {
    CARTABLE_ASSIGN_OR_RETURN(bool assigned, directory::teachesClass(db, teacher_id, *class_id));
    if (assigned) return true;
  } else if (group_id) {
    CARTABLE_ASSIGN_OR_RETURN(bool assigned, directory::teachesGroup(db, teacher_id, *group_id));
    if (assigned) return true;
  } else {
    return false;
  }
  return exists(db,
                "SELECT 1 FROM lessons l JOIN lesson_teachers t ON t.lesson_id = l.id "
                "WHERE t.teacher_id = ? AND (l.class_id = ? OR l.group_id = ?) LIMIT 1",
                teacher_id, class_id, group_id);
}

Result<HandInParties> handInParties(Connection& db, std::int64_t hand_in_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto row, db.query("SELECT i.homework_id, i.student_id, h.teacher_id FROM hand_ins i "
                         "JOIN homework h ON h.id = i.homework_id WHERE i.id = ?",
                         hand_in_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) {
    return makeError(Errc::not_found, "no hand-in with id " + std::to_string(hand_in_id), "id");
  }
  return HandInParties{row.int64(0), row.int64(1), row.optionalInt64(2)};
}

Result<bool> attendsLesson(Connection& db, std::int64_t lesson_id, std::int64_t student_id) {
  return exists(db, "SELECT 1 FROM lessons l WHERE l.id = ?1 AND " + attendsCondition("?2"),
                lesson_id, student_id);
}

Result<bool> childAttendsLesson(Connection& db, std::int64_t lesson_id, std::int64_t parent_id) {
  return exists(db,
                "SELECT 1 FROM guardianships g JOIN lessons l ON l.id = ?1 WHERE g.parent_id = ?2 "
                "AND " +
                    attendsCondition("g.student_id") + " LIMIT 1",
                lesson_id, parent_id);
}

Result<bool> teachesLessonAudience(Connection& db, std::int64_t lesson_id,
                                   std::int64_t teacher_id) {
  CARTABLE_ASSIGN_OR_RETURN(bool gives, timetable::teachesLesson(db, teacher_id, lesson_id));
  if (gives) return true;
  auto lesson = timetable::getLesson(db, lesson_id);
  if (!lesson.ok()) return false;
  return teachesClassOrGroup(db, teacher_id, lesson->class_id, lesson->group_id);
}

Result<bool> childIsInClass(Connection& db, std::int64_t class_id, std::int64_t parent_id) {
  return exists(db,
                "SELECT 1 FROM guardianships g JOIN enrollments e ON e.student_id = g.student_id "
                "AND e.until IS NULL WHERE g.parent_id = ? AND e.class_id = ? LIMIT 1",
                parent_id, class_id);
}

}  // namespace cartable::homework
