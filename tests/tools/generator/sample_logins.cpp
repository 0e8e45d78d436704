#include <algorithm>
#include <string_view>

#include "tests/tools/generator/school_generator.h"

namespace cartable::generator {
namespace {

std::string displayName(const GeneratedPerson& person) {
  return person.given_name + " " + person.family_name;
}

DemoLogin demoLogin(directory::Role role, const GeneratedPerson& person, std::string description) {
  return {role, person.login, displayName(person), std::move(description)};
}

// "de Liam Boyer" but "d'Antoine Lemaître", as French elides before a vowel.
std::string ofPerson(const std::string& name) {
  static constexpr std::string_view kVowelStarts[] = {"A", "E", "I", "O", "U", "Y", "É",
                                                      "È", "Ê", "Â", "Î", "Ô", "Œ"};
  for (std::string_view start : kVowelStarts) {
    if (name.starts_with(start)) return "d'" + name;
  }
  return "de " + name;
}

}  // namespace

std::vector<DemoLogin> sampleLogins(const GeneratedSchool& school) {
  std::vector<DemoLogin> logins;
  if (school.enrollments.empty()) return logins;
  const GeneratedEnrollment& enrollment = school.enrollments.front();
  const GeneratedPerson& student = school.students[enrollment.student];
  const GeneratedClass& school_class = school.classes[enrollment.school_class];
  logins.push_back(demoLogin(directory::Role::student, student, "élève de " + school_class.label));

  const auto guardian = std::find_if(school.guardianships.begin(), school.guardianships.end(),
                                     [&](const GeneratedGuardianship& g) {
                                       return g.student == enrollment.student && g.legal_guardian;
                                     });
  if (guardian != school.guardianships.end()) {
    logins.push_back(demoLogin(directory::Role::parent, school.parents[guardian->parent],
                               guardian->relationship + " " + ofPerson(displayName(student))));
  }

  const auto main_teacher = std::find_if(
      school.assignments.begin(), school.assignments.end(), [&](const GeneratedAssignment& a) {
        return a.main_teacher && a.school_class == enrollment.school_class;
      });
  if (main_teacher != school.assignments.end()) {
    logins.push_back(demoLogin(directory::Role::teacher, school.teachers[main_teacher->teacher],
                               "professeur principal de " + school_class.label + " (" +
                                   school.subjects[main_teacher->subject].label + ")"));
  }

  if (!school.staff.empty()) {
    const GeneratedPerson& staff = school.staff.front();
    logins.push_back(demoLogin(directory::Role::staff, staff, staff.position));
  }
  return logins;
}

}  // namespace cartable::generator
