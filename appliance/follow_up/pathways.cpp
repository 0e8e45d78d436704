#include "follow_up/pathways.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/base/civil_date.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "directory/validate.h"
#include "follow_up/internal.h"

namespace cartable::follow_up {
namespace {

using detail::invalid;
using storage::Connection;

constexpr std::size_t kMaxGroups = 8;

Error notFound(std::int64_t id) {
  return makeError(Errc::not_found, "no grouping with id " + std::to_string(id), "id");
}

Status checkGroups(Connection& db, const Grouping& grouping) {
  if (grouping.groups.empty() || grouping.groups.size() > kMaxGroups) {
    return invalid("groups", "must hold 1 to " + std::to_string(kMaxGroups) + " groups");
  }
  CARTABLE_ASSIGN_OR_RETURN(auto students, directory::studentsOfClass(db, grouping.class_id));
  const std::set<std::int64_t> in_class(students.begin(), students.end());
  std::set<std::int64_t> placed;
  for (std::size_t i = 0; i < grouping.groups.size(); ++i) {
    const std::string prefix = "groups[" + std::to_string(i) + "]";
    const NeedGroup& group = grouping.groups[i];
    CARTABLE_RETURN_IF_ERROR(directory::validate::text(group.label, prefix + ".label", 100));
    for (std::size_t j = 0; j < group.members.size(); ++j) {
      const std::int64_t id = group.members[j].student_id;
      const std::string field = prefix + ".student_ids[" + std::to_string(j) + "]";
      if (!in_class.contains(id)) {
        return invalid(field, "is not a current student of the class (" + std::to_string(id) + ")");
      }
      if (!placed.insert(id).second) {
        return invalid(field, "is already in another group (" + std::to_string(id) + ")");
      }
    }
  }
  return okStatus();
}

Status checkGrouping(Connection& db, const Grouping& grouping) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto school_class, db.scalarInt64("SELECT 1 FROM classes WHERE id = ?", grouping.class_id));
  if (!school_class) return invalid("class_id", "names no class");
  CARTABLE_ASSIGN_OR_RETURN(
      auto subject, db.scalarInt64("SELECT 1 FROM subjects WHERE id = ?", grouping.subject_id));
  if (!subject) return invalid("subject_id", "names no subject");
  CARTABLE_RETURN_IF_ERROR(directory::validate::text(grouping.title, "title", 200));
  return checkGroups(db, grouping);
}

Status writeGroups(Connection& db, const Grouping& grouping) {
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM need_groups WHERE grouping_id = ?", grouping.id));
  for (std::size_t i = 0; i < grouping.groups.size(); ++i) {
    const NeedGroup& group = grouping.groups[i];
    CARTABLE_RETURN_IF_ERROR(
        db.exec("INSERT INTO need_groups (grouping_id, position, label) VALUES (?, ?, ?)",
                grouping.id, i + 1, group.label));
    for (const GroupMember& member : group.members) {
      CARTABLE_RETURN_IF_ERROR(
          db.exec("INSERT INTO need_group_members (grouping_id, student_id, position, basis) "
                  "VALUES (?, ?, ?, ?)",
                  grouping.id, member.student_id, i + 1, member.basis));
    }
  }
  return okStatus();
}

Status readGroups(Connection& db, Grouping& grouping) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto groups, db.query("SELECT label FROM need_groups WHERE grouping_id = ? ORDER BY position",
                            grouping.id));
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, groups.step());
    if (!more) break;
    grouping.groups.push_back({groups.text(0), {}});
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto members,
      db.query("SELECT m.position, m.student_id, m.basis FROM need_group_members m JOIN users u "
               "ON u.id = m.student_id WHERE m.grouping_id = ? ORDER BY m.position, "
               "m.basis IS NULL, m.basis, u.family_name, u.given_name",
               grouping.id));
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, members.step());
    if (!more) break;
    const auto index = static_cast<std::size_t>(members.int64(0) - 1);
    if (index < grouping.groups.size()) {
      grouping.groups[index].members.push_back({members.int64(1), members.optionalInt64(2)});
    }
  }
  return okStatus();
}

Result<std::vector<Grouping>> groupingsWhere(Connection& db, const std::string& condition,
                                             std::int64_t arg) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto row, db.query("SELECT id, teacher_id, class_id, subject_id, title, created_at, "
                         "updated_at FROM need_groupings WHERE " +
                             condition + " ORDER BY created_at DESC, id DESC LIMIT 200",
                         arg));
  std::vector<Grouping> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, row.step());
    if (!more) break;
    Grouping grouping;
    grouping.id = row.int64(0);
    grouping.teacher_id = row.optionalInt64(1);
    grouping.class_id = row.int64(2);
    grouping.subject_id = row.int64(3);
    grouping.title = row.text(4);
    grouping.created_at = row.int64(5);
    grouping.updated_at = row.int64(6);
    out.push_back(std::move(grouping));
  }
  for (Grouping& grouping : out) CARTABLE_RETURN_IF_ERROR(readGroups(db, grouping));
  return out;
}

// Each student's results in the subject since `from`, on 20 in hundredths:
// every score, and the best attempt of every quiz.
Result<std::map<std::int64_t, std::vector<double>>> resultsSince(Connection& db,
                                                                 std::int64_t subject_id,
                                                                 const std::string& from,
                                                                 Seconds from_instant) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto row,
      db.query("SELECT s.student_id, s.value * 2000.0 / e.out_of FROM scores s JOIN evaluations e "
               "ON e.id = s.evaluation_id WHERE e.subject_id = ?1 AND e.date >= ?2 AND "
               "s.mark = 'score' "
               "UNION ALL SELECT a.student_id, max(a.score * 2000.0 / a.out_of) FROM "
               "quiz_attempts a JOIN quizzes q ON q.id = a.quiz_id WHERE q.subject_id = ?1 AND "
               "q.closes_at >= ?3 GROUP BY a.quiz_id, a.student_id",
               subject_id, from, from_instant));
  std::map<std::int64_t, std::vector<double>> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, row.step());
    if (!more) break;
    out[row.int64(0)].push_back(row.real(1));
  }
  return out;
}

std::size_t groupFor(std::optional<std::int64_t> mean) {
  if (!mean) return 1;
  if (*mean < kCoreFrom) return 0;
  return *mean < kExtensionFrom ? 1 : 2;
}

}  // namespace

std::vector<std::int64_t> Grouping::studentsOf(std::size_t index) const {
  std::vector<std::int64_t> out;
  if (index >= groups.size()) return out;
  for (const GroupMember& member : groups[index].members) out.push_back(member.student_id);
  return out;
}

Result<std::int64_t> createGrouping(Connection& db, const Grouping& grouping, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(checkGrouping(db, grouping));
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "INSERT INTO need_groupings (teacher_id, class_id, subject_id, title, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      grouping.teacher_id, grouping.class_id, grouping.subject_id, grouping.title, now, now));
  Grouping stored = grouping;
  stored.id = db.lastInsertId();
  CARTABLE_RETURN_IF_ERROR(writeGroups(db, stored));
  return stored.id;
}

Result<Grouping> getGrouping(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(auto found, groupingsWhere(db, "id = ?", id));
  if (found.empty()) return notFound(id);
  return std::move(found.front());
}

Status updateGrouping(Connection& db, const Grouping& grouping, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(Grouping current, getGrouping(db, grouping.id));
  Grouping changed = grouping;
  changed.class_id = current.class_id;
  changed.subject_id = current.subject_id;
  CARTABLE_RETURN_IF_ERROR(checkGrouping(db, changed));
  CARTABLE_RETURN_IF_ERROR(
      db.exec("UPDATE need_groupings SET title = ?, updated_at = ? WHERE id = ?", changed.title,
              now, changed.id));
  return writeGroups(db, changed);
}

Status deleteGrouping(Connection& db, std::int64_t id) {
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM need_groupings WHERE id = ?", id));
  if (db.changes() == 0) return notFound(id);
  return okStatus();
}

Result<std::vector<Grouping>> groupingsOfClass(Connection& db, std::int64_t class_id) {
  return groupingsWhere(db, "class_id = ?", class_id);
}

Result<std::vector<Grouping>> groupingsBy(Connection& db, std::int64_t teacher_id) {
  return groupingsWhere(db, "teacher_id = ?", teacher_id);
}

Result<GroupingParties> groupingParties(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto row, db.query("SELECT teacher_id, class_id FROM need_groupings WHERE id = ?", id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) return notFound(id);
  return GroupingParties{row.optionalInt64(0), row.int64(1)};
}

Result<Grouping> suggestGrouping(Connection& db, std::int64_t class_id, std::int64_t subject_id,
                                 const std::string& from) {
  const auto day = civil::parseDay(from);
  if (!day) return invalid("from", "must be a date YYYY-MM-DD");
  const Seconds from_instant = Seconds{day->time_since_epoch().count()} * 86400;
  CARTABLE_ASSIGN_OR_RETURN(auto students, directory::studentsOfClass(db, class_id));
  CARTABLE_ASSIGN_OR_RETURN(auto results, resultsSince(db, subject_id, from, from_instant));
  Grouping out;
  out.class_id = class_id;
  out.subject_id = subject_id;
  out.groups = {{"Consolidation", {}}, {"Cœur", {}}, {"Approfondissement", {}}};
  for (std::int64_t student : students) {  // by name: the order within a figure
    std::optional<std::int64_t> mean;
    auto found = results.find(student);
    if (found != results.end() && !found->second.empty()) {
      double sum = 0;
      for (double value : found->second) sum += value;
      mean = std::llround(sum / static_cast<double>(found->second.size()));
    }
    out.groups[groupFor(mean)].members.push_back({student, mean});
  }
  for (NeedGroup& group : out.groups) {
    std::stable_sort(group.members.begin(), group.members.end(),
                     [](const GroupMember& a, const GroupMember& b) {
                       if (a.basis.has_value() != b.basis.has_value()) return a.basis.has_value();
                       return a.basis.value_or(0) < b.basis.value_or(0);
                     });
  }
  return out;
}

}  // namespace cartable::follow_up
