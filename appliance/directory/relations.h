// The relations that authorisation rules ask about. Each is one indexed query.
#pragma once

#include <cstdint>
#include <optional>

#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::directory {

// True when `parent_id` is linked to `student_id` (legal guardian or not).
Result<bool> isGuardianOf(storage::Connection& db, std::int64_t parent_id,
                          std::int64_t student_id);

// True when `teacher_id` teaches the student's current class, or a group the
// student belongs to.
Result<bool> teachesStudent(storage::Connection& db, std::int64_t teacher_id,
                            std::int64_t student_id);

// True when `teacher_id` teaches class `class_id` (directly, or through a group
// one of whose members is in that class).
Result<bool> teachesClass(storage::Connection& db, std::int64_t teacher_id, std::int64_t class_id);

// True when `teacher_id` has a teaching assignment for `subject_id` on class
// `class_id` or on group `group_id` (pass one of them): the teacher who may set
// and mark that class's or group's evaluations in that subject.
Result<bool> teachesSubjectTo(storage::Connection& db, std::int64_t teacher_id,
                              std::int64_t subject_id, std::optional<std::int64_t> class_id,
                              std::optional<std::int64_t> group_id);

// True when `teacher_id` has a teaching assignment for group `group_id`.
Result<bool> teachesGroup(storage::Connection& db, std::int64_t teacher_id, std::int64_t group_id);

}  // namespace cartable::directory
