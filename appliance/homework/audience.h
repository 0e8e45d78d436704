// Who a homework, a hand-in or a lesson's cahier de textes concerns: the
// relations the API's access checks ask about. Each is one or two queries.
#pragma once

#include <cstdint>
#include <optional>

#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::homework {

// True when `student_id` has homework `homework_id`.
Result<bool> isAssignedTo(storage::Connection& db, std::int64_t homework_id,
                          std::int64_t student_id);
// True when a child of `parent_id` has homework `homework_id`.
Result<bool> childIsAssigned(storage::Connection& db, std::int64_t homework_id,
                             std::int64_t parent_id);
// True when `teacher_id` set the homework.
Result<bool> isSetter(storage::Connection& db, std::int64_t homework_id, std::int64_t teacher_id);
// True when `teacher_id` teaches the homework's class or group (or set it).
Result<bool> teachesHomework(storage::Connection& db, std::int64_t homework_id,
                             std::int64_t teacher_id);
// True when `teacher_id` teaches the class or group: a teaching assignment,
// or a lesson of the timetable.
Result<bool> teachesClassOrGroup(storage::Connection& db, std::int64_t teacher_id,
                                 std::optional<std::int64_t> class_id,
                                 std::optional<std::int64_t> group_id);

// Who a hand-in concerns; not_found when absent.
struct HandInParties {
  std::int64_t homework_id = 0;
  std::int64_t student_id = 0;
  std::optional<std::int64_t> teacher_id;  // who set the homework
};
Result<HandInParties> handInParties(storage::Connection& db, std::int64_t hand_in_id);

// True when `student_id` attends lesson `lesson_id` (its class or group).
Result<bool> attendsLesson(storage::Connection& db, std::int64_t lesson_id,
                           std::int64_t student_id);
// True when a child of `parent_id` attends lesson `lesson_id`.
Result<bool> childAttendsLesson(storage::Connection& db, std::int64_t lesson_id,
                                std::int64_t parent_id);
// True when `teacher_id` gives lesson `lesson_id` or teaches its class or group.
Result<bool> teachesLessonAudience(storage::Connection& db, std::int64_t lesson_id,
                                   std::int64_t teacher_id);
// True when a child of `parent_id` is in class `class_id` now.
Result<bool> childIsInClass(storage::Connection& db, std::int64_t class_id, std::int64_t parent_id);

}  // namespace cartable::homework
