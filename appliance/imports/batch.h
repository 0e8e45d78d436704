// What an import file says about the school, independent of its format:
// people, classes, groups, subjects and the links between them, each with the
// place in the file it came from. Parsers fill a Batch; the reconciler
// (reconcile.h) compares it with the database and applies the differences.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "directory/roles.h"

namespace cartable::imports {

// Where a record or a problem sits in its file: "ELEVE ELEVE_ID=4120" or "line 12".
struct Place {
  std::string file;
  std::string where;

  std::string toString() const { return where.empty() ? file : file + ": " + where; }
};

struct Problem {
  Place place;
  std::string message;  // English, names the element, attribute or column at fault
};

struct PersonRecord {
  // Stable identifier in the source, prefixed by its kind so that ids from
  // different files never collide: "siecle-eleve:4120", "siecle-personne:88",
  // "sts:1502", "csv-eleve:E12".
  std::string external_id;
  directory::Role role = directory::Role::student;
  std::string given_name;
  std::string family_name;
  std::optional<std::string> email;
  std::optional<std::string> ine;         // students
  std::optional<std::string> birth_date;  // YYYY-MM-DD
  std::optional<std::string> left_on;     // YYYY-MM-DD: DATE_SORTIE, the person has left
  Place place;
};

struct ClassRecord {
  std::string code;   // division code: "6A"
  std::string label;  // "6e A"; empty, or the code itself, when the file gives none
  std::string level;  // 6e 5e 4e 3e 2nde 1re Tle
  Place place;
};

struct GroupRecord {
  std::string code;
  std::string label;  // empty, or the code itself, when the file gives none
  Place place;
};

struct SubjectRecord {
  std::string code;  // STS code gestion: "MATHS"
  std::string label;
  Place place;
};

struct EnrollmentRecord {
  std::string student_id;  // external id
  std::string class_code;
  Place place;
};

struct MembershipRecord {
  std::string student_id;  // external id
  std::string group_code;
  Place place;
};

struct GuardianRecord {
  std::string parent_id;   // external id
  std::string student_id;  // external id
  bool legal_guardian = true;
  std::string relationship;  // "mère", "père", "tuteur", ...
  Place place;
};

struct AssignmentRecord {
  std::string teacher_id;  // external id
  std::string subject_code;
  std::string class_code;  // exactly one of class_code and group_code
  std::string group_code;
  bool main_teacher = false;
  Place place;
};

struct Batch {
  std::string uai;          // the school the file belongs to (UAJ); empty when the format has none
  std::string school_year;  // "2026-2027"; empty when the format has none
  // The roles this batch lists in full: a person of such a role who is in
  // the database (from the same kind of source) but not in the batch has left.
  std::set<directory::Role> complete_roles;
  std::vector<PersonRecord> people;
  std::vector<ClassRecord> classes;
  std::vector<GroupRecord> groups;
  std::vector<SubjectRecord> subjects;
  std::vector<EnrollmentRecord> enrollments;
  std::vector<MembershipRecord> memberships;
  std::vector<GuardianRecord> guardians;
  std::vector<AssignmentRecord> assignments;
  // Problems found while reading; any problem means nothing is applied.
  std::vector<Problem> problems;

  // The prefix shared by this batch's external ids ("siecle-eleve:"), used to
  // tell which existing people the batch is authoritative for.
  std::string id_prefix;
};

}  // namespace cartable::imports
