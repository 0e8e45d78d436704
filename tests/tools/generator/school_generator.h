// A deterministic, realistic French school (collège or lycée) for the demo,
// the tests and the benchmarks: people, classes, groups, subjects, family
// links and teaching assignments, generated in memory and then written to an
// appliance database through the directory module.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "directory/roles.h"

namespace cartable::generator {

struct GeneratorOptions {
  enum class Kind { college, lycee };

  std::uint64_t seed = 42;
  int students = 1200;  // from one to 40 per class
  int classes = 45;     // 1 to 26 per level, spread evenly over the levels
  int teachers = 90;    // from one per subject taught to one per class or group taught
  int staff = 10;       // 1 to 1000; a fifth of them CPE, the others AED
  Kind kind = Kind::college;
  std::string school_year = "2026-2027";  // "YYYY-YYYY", consecutive years

  bool operator==(const GeneratorOptions&) const = default;
};

struct GeneratedPerson {
  std::string login;  // "prenom.nom", with 2, 3, ... appended when taken
  std::string given_name;
  std::string family_name;
  std::optional<std::string> email;       // parents, teachers and staff, on .example domains
  std::optional<std::string> ine;         // students
  std::optional<std::string> birth_date;  // students, YYYY-MM-DD
  std::string external_id;                // "siecle-eleve-…", "siecle-resp-…", "sts-…"
  directory::RoleSet roles;
  std::string position;  // staff: "CPE" or "AED"; teachers: subject code

  bool operator==(const GeneratedPerson&) const = default;
};

struct GeneratedSubject {
  std::string code;   // STS-like: "MATHS"
  std::string label;  // "Mathématiques"
  bool operator==(const GeneratedSubject&) const = default;
};

struct GeneratedClass {
  std::string code;                   // "6A"
  std::string label;                  // "6e A"
  std::string level;                  // 6e 5e 4e 3e, or 2nde 1re Tle
  std::vector<std::size_t> subjects;  // indexes into subjects, taught to the whole class
  bool operator==(const GeneratedClass&) const = default;
};

// A second modern language group gathering students of one level.
struct GeneratedGroup {
  std::string code;   // "5_ESP_1"
  std::string label;  // "Espagnol LV2 5e groupe 1"
  std::string level;
  std::size_t subject = 0;
  bool operator==(const GeneratedGroup&) const = default;
};

struct GeneratedEnrollment {
  std::size_t student = 0;
  std::size_t school_class = 0;
  bool operator==(const GeneratedEnrollment&) const = default;
};

struct GeneratedMembership {
  std::size_t group = 0;
  std::size_t student = 0;
  bool operator==(const GeneratedMembership&) const = default;
};

struct GeneratedGuardianship {
  std::size_t parent = 0;
  std::size_t student = 0;
  bool legal_guardian = true;
  std::string relationship;  // mère, père, tuteur, tutrice; grand-mère, ... when not legal
  bool operator==(const GeneratedGuardianship&) const = default;
};

// A teacher teaching a subject to exactly one class or one group.
struct GeneratedAssignment {
  std::size_t teacher = 0;
  std::size_t subject = 0;
  std::optional<std::size_t> school_class;
  std::optional<std::size_t> group;
  bool main_teacher = false;  // professeur principal of the class
  bool operator==(const GeneratedAssignment&) const = default;
};

// The school in memory. Links hold indexes into the vectors of people,
// classes, groups and subjects.
struct GeneratedSchool {
  GeneratorOptions options;
  std::string enrollment_date;  // first day of the school year, "2026-09-01"
  std::vector<GeneratedSubject> subjects;
  std::vector<GeneratedClass> classes;
  std::vector<GeneratedGroup> groups;
  std::vector<GeneratedPerson> students;
  std::vector<GeneratedPerson> parents;
  std::vector<GeneratedPerson> teachers;
  std::vector<GeneratedPerson> staff;
  std::vector<GeneratedEnrollment> enrollments;  // one per student
  std::vector<GeneratedMembership> group_members;
  std::vector<GeneratedGuardianship> guardianships;
  std::vector<GeneratedAssignment> assignments;

  std::size_t userCount() const {
    return students.size() + parents.size() + teachers.size() + staff.size();
  }
  bool operator==(const GeneratedSchool&) const = default;
};

// Builds the school described by `options`; the same options always give
// the same school. Fails with invalid_argument naming the option at fault.
Result<GeneratedSchool> generateSchool(const GeneratorOptions& options);

// Inserts the whole school in one write transaction: every account gets
// `password_hash` (must_change_password = 0, changed at `now`). The database
// must be migrated. On any error nothing is written.
Status writeSchool(storage::Database& db, const GeneratedSchool& school,
                   const std::string& password_hash, Seconds now);

struct DemoLogin {
  directory::Role role = directory::Role::student;
  std::string login;
  std::string display_name;  // "Léa Martin"
  std::string description;   // in French: "élève de 6e A", "mère de Léa Martin", ...
};

// One account per role, related to each other: a student, a legal guardian of
// that student, the main teacher of the student's class, and a CPE.
std::vector<DemoLogin> sampleLogins(const GeneratedSchool& school);

}  // namespace cartable::generator
