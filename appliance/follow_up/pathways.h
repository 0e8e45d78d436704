// Differentiated pathways: a teacher groups the students of one of their
// classes by need in a subject (by hand, or from a suggestion computed from
// recent grades and quiz results), then gives each group its own homework,
// quizzes or shared resources through the ordinary chosen-students targeting
// of those modules. Only the teacher side sees the groups and their labels;
// a student only ever sees what was given to them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::follow_up {

struct GroupMember {
  std::int64_t student_id = 0;
  // The figure that placed the student, when suggested: their recent mean
  // on 20 in hundredths (1250 is 12.50/20); none when placed by hand or
  // without a grade.
  std::optional<std::int64_t> basis;
};

struct NeedGroup {
  std::string label;  // 1..100 characters, e.g. "Consolidation"
  std::vector<GroupMember> members;
};

struct Grouping {
  std::int64_t id = 0;
  std::optional<std::int64_t> teacher_id;
  std::int64_t class_id = 0;
  std::int64_t subject_id = 0;
  std::string title;              // 1..200 characters
  std::vector<NeedGroup> groups;  // 1..8, numbered from 1 by their order
  Seconds created_at = 0;
  Seconds updated_at = 0;

  // The student ids of group `index` (0-based): what homework, quizzes and
  // shares take as their chosen students.
  std::vector<std::int64_t> studentsOf(std::size_t index) const;
};

// Checks and inserts `grouping` (by grouping.teacher_id, who must teach the
// class, which access checks). invalid_argument names "class_id",
// "subject_id", "title", "groups", "groups[i].label" or
// "groups[i].student_ids[j]" (not a current student of the class, or
// already in another group).
Result<std::int64_t> createGrouping(storage::Connection& db, const Grouping& grouping, Seconds now);
// not_found naming "id" when absent.
Result<Grouping> getGrouping(storage::Connection& db, std::int64_t id);
// Replaces the title and the groups, checked as by createGrouping.
Status updateGrouping(storage::Connection& db, const Grouping& grouping, Seconds now);
Status deleteGrouping(storage::Connection& db, std::int64_t id);
// The groupings of class `class_id`, the newest first.
Result<std::vector<Grouping>> groupingsOfClass(storage::Connection& db, std::int64_t class_id);
// The groupings `teacher_id` made, the newest first.
Result<std::vector<Grouping>> groupingsBy(storage::Connection& db, std::int64_t teacher_id);
// Who a grouping concerns, for access checks; not_found naming "id".
struct GroupingParties {
  std::optional<std::int64_t> teacher_id;
  std::int64_t class_id = 0;
};
Result<GroupingParties> groupingParties(storage::Connection& db, std::int64_t id);

// Suggestion thresholds, on 20 in hundredths: below kCoreFrom is
// consolidation, from kExtensionFrom is extension, core between.
inline constexpr std::int64_t kCoreFrom = 1000;
inline constexpr std::int64_t kExtensionFrom = 1400;

// Three groups for the current students of class `class_id` in
// `subject_id`: "Consolidation", "Cœur", "Approfondissement", each student
// placed by their mean on 20 over the evaluations' scores (absent, exempt
// and not graded left out) and the best score of each quiz, dated from
// `from` (YYYY-MM-DD) on. Students with neither go to the core group
// without a figure. By figure, then by name.
Result<Grouping> suggestGrouping(storage::Connection& db, std::int64_t class_id,
                                 std::int64_t subject_id, const std::string& from);

}  // namespace cartable::follow_up
