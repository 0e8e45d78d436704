// How the school is organised: classes (divisions), groups, subjects,
// enrollments, family links and teaching assignments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::directory {

struct SchoolClass {
  std::int64_t id = 0;
  std::string code;         // "3A"; 1..32 characters
  std::string label;        // "3e A"
  std::string level;        // one of 6e 5e 4e 3e 2nde 1re Tle
  std::string school_year;  // "2026-2027"
};

struct Group {
  std::int64_t id = 0;
  std::string code;   // "4_ESP_1"
  std::string label;  // "Espagnol LV2 4e groupe 1"
};

struct Subject {
  std::int64_t id = 0;
  std::string code;   // "MATHS"
  std::string label;  // "Mathématiques"
};

struct TeachingAssignment {
  std::int64_t id = 0;
  std::int64_t teacher_id = 0;
  std::int64_t subject_id = 0;
  std::optional<std::int64_t> class_id;  // exactly one of class_id, group_id
  std::optional<std::int64_t> group_id;
  bool main_teacher = false;             // professeur principal of the class
};

struct Guardianship {
  std::int64_t parent_id = 0;
  std::int64_t student_id = 0;
  bool legal_guardian = true;
  std::string relationship;  // "mère", "père", "tuteur", ...
};

// Inserts return the new id; errors name the field, duplicates of a code are
// already_exists on "code".
Result<std::int64_t> insertClass(storage::Connection& db, const SchoolClass& value);
Result<std::int64_t> insertGroup(storage::Connection& db, const Group& value);
Result<std::int64_t> insertSubject(storage::Connection& db, const Subject& value);
Result<std::int64_t> insertAssignment(storage::Connection& db, const TeachingAssignment& value);

// Puts a student in a class from `since` (YYYY-MM-DD), ending any current
// enrollment the day before.
Status enroll(storage::Connection& db, std::int64_t student_id, std::int64_t class_id,
              const std::string& since);
Status addGroupMember(storage::Connection& db, std::int64_t group_id, std::int64_t student_id);
Status linkGuardian(storage::Connection& db, const Guardianship& link);

// The classes of the current year (archived ones left out).
Result<std::vector<SchoolClass>> listClasses(storage::Connection& db);
Result<std::vector<Group>> listGroups(storage::Connection& db);
Result<std::vector<Subject>> listSubjects(storage::Connection& db);
Result<SchoolClass> getClass(storage::Connection& db, std::int64_t id);

Result<std::optional<SchoolClass>> findClass(storage::Connection& db, const std::string& code,
                                             const std::string& school_year);
Result<std::optional<Group>> findGroup(storage::Connection& db, const std::string& code);
Result<std::optional<Subject>> findSubject(storage::Connection& db, const std::string& code);
// Label and level of an existing class; label of a group or subject (found by id).
Status updateClass(storage::Connection& db, const SchoolClass& value);
Status updateGroup(storage::Connection& db, const Group& value);
Status updateSubject(storage::Connection& db, const Subject& value);
// Archives (read-only from now on) the classes of years before `school_year`;
// returns their codes.
Result<std::vector<std::string>> archiveClassesBefore(storage::Connection& db,
                                                      const std::string& school_year, Seconds now);

Result<std::vector<Group>> groupsOf(storage::Connection& db, std::int64_t student_id);
Status removeGroupMember(storage::Connection& db, std::int64_t group_id, std::int64_t student_id);
Status removeGuardian(storage::Connection& db, std::int64_t parent_id, std::int64_t student_id);
Status removeAssignment(storage::Connection& db, std::int64_t assignment_id);

// The student's current class, if any.
Result<std::optional<SchoolClass>> currentClassOf(storage::Connection& db, std::int64_t student_id);
// Students currently in a class, by family then given name.
Result<std::vector<std::int64_t>> studentsOfClass(storage::Connection& db, std::int64_t class_id);
// Members of a group, by family then given name.
Result<std::vector<std::int64_t>> studentsOfGroup(storage::Connection& db, std::int64_t group_id);
// The students of exactly one of a class or a group (homework, lessons and
// evaluations are set for one or the other).
Result<std::vector<std::int64_t>> studentsOf(storage::Connection& db,
                                             std::optional<std::int64_t> class_id,
                                             std::optional<std::int64_t> group_id);
// The parents linked to any of `students`, without repeats.
Result<std::vector<std::int64_t>> parentsOf(storage::Connection& db,
                                            const std::vector<std::int64_t>& students);
Result<std::vector<Guardianship>> guardiansOf(storage::Connection& db, std::int64_t student_id);
Result<std::vector<Guardianship>> childrenOf(storage::Connection& db, std::int64_t parent_id);
Result<std::vector<TeachingAssignment>> assignmentsOf(storage::Connection& db,
                                                      std::int64_t teacher_id);

}  // namespace cartable::directory
