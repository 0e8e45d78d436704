#include "directory/structure.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <set>

#include "directory/validate.h"

namespace cartable::directory {
namespace {

using storage::Connection;
using storage::Statement;

constexpr std::array<std::string_view, 7> kLevels = {"6e", "5e", "4e", "3e", "2nde", "1re", "Tle"};

// Turns a uniqueness failure into an error on "code".
Error codeTaken(const Error& error, const std::string& code) {
  if (error.code != Errc::already_exists) return error;
  return makeError(Errc::already_exists, "\"code\" " + code + " is already used", "code");
}

Status validateCodeAndLabel(const std::string& code, const std::string& label) {
  CARTABLE_RETURN_IF_ERROR(validate::text(code, "code", 32));
  return validate::text(label, "label", 200);
}

// Rejects an id that does not exist in `table` with not_found on `field`.
Status requireRow(Connection& db, std::string_view table, std::int64_t id, const char* field) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found, db.scalarInt64("SELECT 1 FROM " + std::string(table) + " WHERE id = ?", id));
  if (!found) {
    return makeError(Errc::not_found,
                     std::string("\"") + field + "\" " + std::to_string(id) + " does not exist",
                     field);
  }
  return okStatus();
}

template <class T, class ReadRow>
Result<std::vector<T>> collect(Result<Statement> query, ReadRow read) {
  if (!query.ok()) return query.error();
  std::vector<T> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, query->step());
    if (!more) return out;
    out.push_back(read(*query));
  }
}

SchoolClass readClass(const Statement& row) {
  return SchoolClass{row.int64(0), row.text(1), row.text(2), row.text(3), row.text(4)};
}

Guardianship readGuardianship(const Statement& row) {
  return Guardianship{row.int64(0), row.int64(1), row.int64(2) != 0, row.text(3)};
}

// The day before an ISO date, computed through the civil calendar.
std::string dayBefore(const std::string& iso) {
  const std::chrono::year_month_day ymd{
      std::chrono::year{std::stoi(iso.substr(0, 4))},
      std::chrono::month{static_cast<unsigned>(std::stoi(iso.substr(5, 2)))},
      std::chrono::day{static_cast<unsigned>(std::stoi(iso.substr(8, 2)))}};
  const std::chrono::year_month_day before{std::chrono::sys_days{ymd} - std::chrono::days{1}};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(before.year()),
                static_cast<unsigned>(before.month()), static_cast<unsigned>(before.day()));
  return buffer;
}

}  // namespace

Result<std::int64_t> insertClass(Connection& db, const SchoolClass& value) {
  CARTABLE_RETURN_IF_ERROR(validateCodeAndLabel(value.code, value.label));
  if (std::find(kLevels.begin(), kLevels.end(), value.level) == kLevels.end()) {
    return makeError(Errc::invalid_argument,
                     "\"level\" must be one of 6e, 5e, 4e, 3e, 2nde, 1re, Tle", "level");
  }
  CARTABLE_RETURN_IF_ERROR(validate::text(value.school_year, "school_year", 9));
  Status inserted =
      db.exec("INSERT INTO classes(code, label, level, school_year) VALUES (?, ?, ?, ?)",
              value.code, value.label, value.level, value.school_year);
  if (!inserted.ok()) return codeTaken(inserted.error(), value.code);
  return db.lastInsertId();
}

Result<std::int64_t> insertGroup(Connection& db, const Group& value) {
  CARTABLE_RETURN_IF_ERROR(validateCodeAndLabel(value.code, value.label));
  Status inserted =
      db.exec("INSERT INTO groups(code, label) VALUES (?, ?)", value.code, value.label);
  if (!inserted.ok()) return codeTaken(inserted.error(), value.code);
  return db.lastInsertId();
}

Result<std::int64_t> insertSubject(Connection& db, const Subject& value) {
  CARTABLE_RETURN_IF_ERROR(validateCodeAndLabel(value.code, value.label));
  Status inserted =
      db.exec("INSERT INTO subjects(code, label) VALUES (?, ?)", value.code, value.label);
  if (!inserted.ok()) return codeTaken(inserted.error(), value.code);
  return db.lastInsertId();
}

Result<std::int64_t> insertAssignment(Connection& db, const TeachingAssignment& value) {
  if (value.class_id.has_value() == value.group_id.has_value()) {
    return makeError(Errc::invalid_argument,
                     "exactly one of \"class_id\" and \"group_id\" must be given", "class_id");
  }
  CARTABLE_RETURN_IF_ERROR(requireRow(db, "users", value.teacher_id, "teacher_id"));
  CARTABLE_RETURN_IF_ERROR(requireRow(db, "subjects", value.subject_id, "subject_id"));
  if (value.class_id) CARTABLE_RETURN_IF_ERROR(requireRow(db, "classes", *value.class_id, "class_id"));
  if (value.group_id) CARTABLE_RETURN_IF_ERROR(requireRow(db, "groups", *value.group_id, "group_id"));
  Status inserted = db.exec(
      "INSERT INTO teaching_assignments(teacher_id, subject_id, class_id, group_id, main_teacher) "
      "VALUES (?, ?, ?, ?, ?)",
      value.teacher_id, value.subject_id, value.class_id, value.group_id, value.main_teacher);
  if (!inserted.ok() && inserted.error().code == Errc::already_exists) {
    return makeError(Errc::already_exists,
                     "this teacher already teaches this subject to this class or group",
                     "teacher_id");
  }
  if (!inserted.ok()) return inserted.error();
  return db.lastInsertId();
}

Status enroll(Connection& db, std::int64_t student_id, std::int64_t class_id,
              const std::string& since) {
  CARTABLE_RETURN_IF_ERROR(validate::date(since, "since"));
  CARTABLE_RETURN_IF_ERROR(requireRow(db, "users", student_id, "student_id"));
  CARTABLE_RETURN_IF_ERROR(requireRow(db, "classes", class_id, "class_id"));
  // A student has exactly one current class: an enrollment starting on or
  // after `since` is a correction and goes; an earlier one ends the day before.
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "DELETE FROM enrollments WHERE student_id = ? AND until IS NULL AND since >= ?", student_id,
      since));
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "UPDATE enrollments SET until = ? WHERE student_id = ? AND until IS NULL", dayBefore(since),
      student_id));
  return db.exec(
      "INSERT INTO enrollments(student_id, class_id, since) VALUES (?, ?, ?) "
      "ON CONFLICT(student_id, class_id, since) DO UPDATE SET until = NULL",
      student_id, class_id, since);
}

Status addGroupMember(Connection& db, std::int64_t group_id, std::int64_t student_id) {
  CARTABLE_RETURN_IF_ERROR(requireRow(db, "groups", group_id, "group_id"));
  CARTABLE_RETURN_IF_ERROR(requireRow(db, "users", student_id, "student_id"));
  return db.exec("INSERT OR IGNORE INTO group_members(group_id, student_id) VALUES (?, ?)",
                 group_id, student_id);
}

Status linkGuardian(Connection& db, const Guardianship& link) {
  CARTABLE_RETURN_IF_ERROR(requireRow(db, "users", link.parent_id, "parent_id"));
  CARTABLE_RETURN_IF_ERROR(requireRow(db, "users", link.student_id, "student_id"));
  if (link.parent_id == link.student_id) {
    return makeError(Errc::invalid_argument, "a person cannot be their own guardian", "parent_id");
  }
  return db.exec(
      "INSERT INTO guardianships(parent_id, student_id, legal_guardian, relationship) "
      "VALUES (?, ?, ?, ?) ON CONFLICT(parent_id, student_id) DO UPDATE SET "
      "legal_guardian = excluded.legal_guardian, relationship = excluded.relationship",
      link.parent_id, link.student_id, link.legal_guardian, link.relationship);
}

Result<std::vector<SchoolClass>> listClasses(Connection& db) {
  return collect<SchoolClass>(
      db.query("SELECT id, code, label, level, school_year FROM classes WHERE archived_at IS NULL ORDER BY code"),
      readClass);
}

Result<std::vector<Group>> listGroups(Connection& db) {
  return collect<Group>(db.query("SELECT id, code, label FROM groups ORDER BY code"),
                        [](const Statement& r) { return Group{r.int64(0), r.text(1), r.text(2)}; });
}

Result<std::vector<Subject>> listSubjects(Connection& db) {
  return collect<Subject>(
      db.query("SELECT id, code, label FROM subjects ORDER BY label"),
      [](const Statement& r) { return Subject{r.int64(0), r.text(1), r.text(2)}; });
}

Result<SchoolClass> getClass(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto classes,
      collect<SchoolClass>(
          db.query("SELECT id, code, label, level, school_year FROM classes WHERE id = ?", id),
          readClass));
  if (classes.empty()) return makeError(Errc::not_found, "no class with id " + std::to_string(id), "id");
  return classes.front();
}

Result<std::optional<SchoolClass>> findClass(Connection& db, const std::string& code,
                                             const std::string& school_year) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto classes,
      collect<SchoolClass>(db.query("SELECT id, code, label, level, school_year FROM classes "
                                    "WHERE code = ? AND school_year = ?",
                                    code, school_year),
                           readClass));
  if (classes.empty()) return std::optional<SchoolClass>{};
  return std::optional<SchoolClass>(classes.front());
}

Result<std::optional<Group>> findGroup(Connection& db, const std::string& code) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto groups, collect<Group>(db.query("SELECT id, code, label FROM groups WHERE code = ?", code),
                                  [](const Statement& r) {
                                    return Group{r.int64(0), r.text(1), r.text(2)};
                                  }));
  if (groups.empty()) return std::optional<Group>{};
  return std::optional<Group>(groups.front());
}

Result<std::optional<Subject>> findSubject(Connection& db, const std::string& code) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto subjects,
      collect<Subject>(db.query("SELECT id, code, label FROM subjects WHERE code = ?", code),
                       [](const Statement& r) { return Subject{r.int64(0), r.text(1), r.text(2)}; }));
  if (subjects.empty()) return std::optional<Subject>{};
  return std::optional<Subject>(subjects.front());
}

Status updateClass(Connection& db, const SchoolClass& value) {
  CARTABLE_RETURN_IF_ERROR(validate::text(value.label, "label", 200));
  if (std::find(kLevels.begin(), kLevels.end(), value.level) == kLevels.end()) {
    return makeError(Errc::invalid_argument,
                     "\"level\" must be one of 6e, 5e, 4e, 3e, 2nde, 1re, Tle", "level");
  }
  return db.exec("UPDATE classes SET label = ?, level = ? WHERE id = ?", value.label, value.level,
                 value.id);
}

Status updateGroup(Connection& db, const Group& value) {
  CARTABLE_RETURN_IF_ERROR(validate::text(value.label, "label", 200));
  return db.exec("UPDATE groups SET label = ? WHERE id = ?", value.label, value.id);
}

Status updateSubject(Connection& db, const Subject& value) {
  CARTABLE_RETURN_IF_ERROR(validate::text(value.label, "label", 200));
  return db.exec("UPDATE subjects SET label = ? WHERE id = ?", value.label, value.id);
}

Result<std::vector<std::string>> archiveClassesBefore(Connection& db,
                                                      const std::string& school_year, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto codes,
      collect<std::string>(db.query("SELECT code || ' (' || school_year || ')' FROM classes "
                                    "WHERE school_year < ? AND archived_at IS NULL ORDER BY code",
                                    school_year),
                           [](const Statement& r) { return r.text(0); }));
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "UPDATE classes SET archived_at = ? WHERE school_year < ? AND archived_at IS NULL", now,
      school_year));
  return codes;
}

Result<std::vector<Group>> groupsOf(Connection& db, std::int64_t student_id) {
  return collect<Group>(
      db.query("SELECT g.id, g.code, g.label FROM group_members m JOIN groups g ON g.id = m.group_id "
               "WHERE m.student_id = ? ORDER BY g.code",
               student_id),
      [](const Statement& r) { return Group{r.int64(0), r.text(1), r.text(2)}; });
}

Status removeGroupMember(Connection& db, std::int64_t group_id, std::int64_t student_id) {
  return db.exec("DELETE FROM group_members WHERE group_id = ? AND student_id = ?", group_id,
                 student_id);
}

Status removeGuardian(Connection& db, std::int64_t parent_id, std::int64_t student_id) {
  return db.exec("DELETE FROM guardianships WHERE parent_id = ? AND student_id = ?", parent_id,
                 student_id);
}

Status removeAssignment(Connection& db, std::int64_t assignment_id) {
  return db.exec("DELETE FROM teaching_assignments WHERE id = ?", assignment_id);
}

Result<std::optional<SchoolClass>> currentClassOf(Connection& db, std::int64_t student_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto classes,
      collect<SchoolClass>(db.query("SELECT c.id, c.code, c.label, c.level, c.school_year "
                                    "FROM enrollments e JOIN classes c ON c.id = e.class_id "
                                    "WHERE e.student_id = ? AND e.until IS NULL",
                                    student_id),
                           readClass));
  if (classes.empty()) return std::optional<SchoolClass>{};
  return std::optional<SchoolClass>(classes.front());
}

Result<std::vector<std::int64_t>> studentsOfClass(Connection& db, std::int64_t class_id) {
  return collect<std::int64_t>(
      db.query("SELECT u.id FROM enrollments e JOIN users u ON u.id = e.student_id "
               "WHERE e.class_id = ? AND e.until IS NULL ORDER BY u.family_name, u.given_name",
               class_id),
      [](const Statement& r) { return r.int64(0); });
}

Result<std::vector<std::int64_t>> studentsOfGroup(Connection& db, std::int64_t group_id) {
  return collect<std::int64_t>(
      db.query("SELECT u.id FROM group_members m JOIN users u ON u.id = m.student_id "
               "WHERE m.group_id = ? ORDER BY u.family_name, u.given_name",
               group_id),
      [](const Statement& r) { return r.int64(0); });
}

Result<std::vector<std::int64_t>> studentsOf(Connection& db, std::optional<std::int64_t> class_id,
                                             std::optional<std::int64_t> group_id) {
  if (class_id) return studentsOfClass(db, *class_id);
  if (group_id) return studentsOfGroup(db, *group_id);
  return std::vector<std::int64_t>{};
}

Result<std::vector<std::int64_t>> parentsOf(Connection& db,
                                            const std::vector<std::int64_t>& students) {
  std::set<std::int64_t> parents;
  for (std::int64_t student : students) {
    CARTABLE_ASSIGN_OR_RETURN(auto links, guardiansOf(db, student));
    for (const Guardianship& link : links) parents.insert(link.parent_id);
  }
  return std::vector<std::int64_t>(parents.begin(), parents.end());
}

Result<std::vector<Guardianship>> guardiansOf(Connection& db, std::int64_t student_id) {
  return collect<Guardianship>(
      db.query("SELECT parent_id, student_id, legal_guardian, relationship FROM guardianships "
               "WHERE student_id = ? ORDER BY legal_guardian DESC, parent_id",
               student_id),
      readGuardianship);
}

Result<std::vector<Guardianship>> childrenOf(Connection& db, std::int64_t parent_id) {
  return collect<Guardianship>(
      db.query("SELECT parent_id, student_id, legal_guardian, relationship FROM guardianships "
               "WHERE parent_id = ? ORDER BY student_id",
               parent_id),
      readGuardianship);
}

Result<std::vector<TeachingAssignment>> assignmentsOf(Connection& db, std::int64_t teacher_id) {
  return collect<TeachingAssignment>(
      db.query("SELECT id, teacher_id, subject_id, class_id, group_id, main_teacher "
               "FROM teaching_assignments WHERE teacher_id = ? ORDER BY id",
               teacher_id),
      [](const Statement& r) {
        return TeachingAssignment{r.int64(0), r.int64(1), r.int64(2), r.optionalInt64(3),
                                  r.optionalInt64(4), r.int64(5) != 0};
      });
}

}  // namespace cartable::directory
