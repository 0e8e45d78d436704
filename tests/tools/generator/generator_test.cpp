#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "tests/tools/generator/logins.h"
#include "tests/tools/generator/school_generator.h"

namespace cartable::generator {
namespace {

using directory::Role;

GeneratorOptions smallSchool(std::uint64_t seed = 7) {
  GeneratorOptions options;
  options.seed = seed;
  options.students = 60;
  options.classes = 3;
  options.teachers = 15;
  options.staff = 2;
  return options;
}

GeneratedSchool generate(const GeneratorOptions& options) {
  auto school = generateSchool(options);
  EXPECT_TRUE(school.ok()) << (school.ok() ? "" : school.error().message);
  return std::move(school).value();
}

const GeneratedSchool& defaultSchool() {
  static const GeneratedSchool school = generate(GeneratorOptions{});
  return school;
}

std::vector<const GeneratedPerson*> everyone(const GeneratedSchool& school) {
  std::vector<const GeneratedPerson*> people;
  for (const auto* list : {&school.students, &school.parents, &school.teachers, &school.staff}) {
    for (const GeneratedPerson& person : *list) people.push_back(&person);
  }
  return people;
}

std::map<std::size_t, std::set<std::size_t>> guardiansByStudent(const GeneratedSchool& school) {
  std::map<std::size_t, std::set<std::size_t>> guardians;
  for (const GeneratedGuardianship& g : school.guardianships) guardians[g.student].insert(g.parent);
  return guardians;
}

TEST(GeneratorModel, SameSeedGivesTheSameSchool) {
  EXPECT_EQ(generate(smallSchool(11)), generate(smallSchool(11)));
  GeneratorOptions lycee = smallSchool(11);
  lycee.kind = GeneratorOptions::Kind::lycee;
  EXPECT_EQ(generate(lycee), generate(lycee));
}

TEST(GeneratorModel, DifferentSeedGivesADifferentSchool) {
  const GeneratedSchool first = generate(smallSchool(1));
  const GeneratedSchool second = generate(smallSchool(2));
  EXPECT_NE(first.students, second.students);
  EXPECT_NE(first.parents, second.parents);
  EXPECT_EQ(first.classes, second.classes);  // the structure follows from the sizes alone
}

TEST(GeneratorModel, DefaultOptionsGiveACollegeOf1200Students) {
  const GeneratedSchool& school = defaultSchool();
  EXPECT_EQ(school.students.size(), 1200u);
  EXPECT_EQ(school.classes.size(), 45u);
  EXPECT_EQ(school.teachers.size(), 90u);
  EXPECT_EQ(school.staff.size(), 10u);
  EXPECT_GE(school.parents.size(), 1700u);
  EXPECT_LE(school.parents.size(), 2300u);
  EXPECT_EQ(school.subjects.size(), 12u);
  EXPECT_EQ(school.enrollment_date, "2026-09-01");
}

TEST(GeneratorModel, ClassesAreSpreadOverTheFourCollegeLevels) {
  const GeneratedSchool& school = defaultSchool();
  std::map<std::string, std::vector<std::string>> codes_by_level;
  for (const GeneratedClass& c : school.classes) codes_by_level[c.level].push_back(c.code);
  ASSERT_EQ(codes_by_level.size(), 4u);
  EXPECT_EQ(codes_by_level["6e"].size(), 12u);
  EXPECT_EQ(codes_by_level["6e"].front(), "6A");
  EXPECT_EQ(codes_by_level["6e"].back(), "6L");
  EXPECT_EQ(codes_by_level["3e"].back(), "3K");
  EXPECT_EQ(school.classes.front().label, "6e A");
  std::map<std::size_t, int> sizes;
  for (const GeneratedEnrollment& e : school.enrollments) ++sizes[e.school_class];
  for (const auto& [school_class, size] : sizes) {
    EXPECT_TRUE(size == 26 || size == 27) << school.classes[school_class].code << ": " << size;
  }
}

TEST(GeneratorModel, LyceeHasClassesFromSecondeToTerminale) {
  GeneratorOptions options;
  options.kind = GeneratorOptions::Kind::lycee;
  options.students = 900;
  options.classes = 30;
  options.teachers = 70;
  const GeneratedSchool school = generate(options);
  std::set<std::string> levels;
  for (const GeneratedClass& c : school.classes) levels.insert(c.level);
  EXPECT_EQ(levels, (std::set<std::string>{"2nde", "1re", "Tle"}));
  EXPECT_EQ(school.classes.front().code, "2A");
  EXPECT_EQ(school.classes.back().code, "TJ");
  EXPECT_EQ(school.classes.back().label, "Tle J");
  const auto philo = std::find_if(school.subjects.begin(), school.subjects.end(),
                                  [](const GeneratedSubject& s) { return s.code == "PHILO"; });
  ASSERT_NE(philo, school.subjects.end());
  EXPECT_EQ(philo->label, "Philosophie");
  EXPECT_EQ(school.groups.front().label, "Espagnol LVB 2nde groupe 1");
}

TEST(GeneratorModel, EveryStudentIsEnrolledInExactlyOneClass) {
  const GeneratedSchool& school = defaultSchool();
  std::vector<int> enrollments(school.students.size(), 0);
  for (const GeneratedEnrollment& e : school.enrollments) ++enrollments.at(e.student);
  EXPECT_TRUE(std::all_of(enrollments.begin(), enrollments.end(), [](int n) { return n == 1; }));
}

TEST(GeneratorModel, StudentsAreBornInTheUsualYearOfTheirLevel) {
  const GeneratedSchool& school = defaultSchool();
  const std::map<std::string, int> usual = {{"6e", 2015}, {"5e", 2014}, {"4e", 2013}, {"3e", 2012}};
  int off_year = 0;
  for (const GeneratedEnrollment& e : school.enrollments) {
    const int year = std::stoi(school.students[e.student].birth_date.value().substr(0, 4));
    const int expected = usual.at(school.classes[e.school_class].level);
    EXPECT_LE(std::abs(year - expected), 1) << school.students[e.student].login;
    off_year += year != expected ? 1 : 0;
  }
  EXPECT_GT(off_year, 0);
  EXPECT_LT(off_year, 120);
}

TEST(GeneratorModel, EveryStudentHasALegalGuardian) {
  const GeneratedSchool& school = defaultSchool();
  std::set<std::size_t> with_legal_guardian;
  for (const GeneratedGuardianship& g : school.guardianships) {
    if (g.legal_guardian) with_legal_guardian.insert(g.student);
  }
  EXPECT_EQ(with_legal_guardian.size(), school.students.size());
}

TEST(GeneratorModel, SiblingsShareTheirGuardians) {
  const GeneratedSchool& school = defaultSchool();
  const auto guardians = guardiansByStudent(school);
  std::map<std::size_t, std::vector<std::size_t>> children;
  for (const GeneratedGuardianship& g : school.guardianships)
    children[g.parent].push_back(g.student);
  int families_with_siblings = 0;
  for (const auto& [parent, kids] : children) {
    if (kids.size() < 2) continue;
    ++families_with_siblings;
    for (std::size_t kid : kids) EXPECT_EQ(guardians.at(kid), guardians.at(kids.front()));
    EXPECT_EQ(school.students[kids[0]].family_name, school.students[kids[1]].family_name);
  }
  EXPECT_GT(families_with_siblings, 50);
}

TEST(GeneratorModel, SomeContactsAreNotLegalGuardians) {
  const GeneratedSchool& school = defaultSchool();
  const auto others =
      std::count_if(school.guardianships.begin(), school.guardianships.end(),
                    [](const GeneratedGuardianship& g) { return !g.legal_guardian; });
  EXPECT_GT(others, 10);
  EXPECT_LT(others, 200);
  for (const GeneratedGuardianship& g : school.guardianships) {
    if (g.legal_guardian) {
      EXPECT_TRUE(g.relationship == "mère" || g.relationship == "père" ||
                  g.relationship == "tuteur" || g.relationship == "tutrice")
          << g.relationship;
    }
  }
}

TEST(GeneratorModel, EveryClassHasOneMainTeacherAndOneTeacherPerSubject) {
  const GeneratedSchool& school = defaultSchool();
  for (std::size_t c = 0; c < school.classes.size(); ++c) {
    std::map<std::size_t, int> teachers_per_subject;
    int main_teachers = 0;
    for (const GeneratedAssignment& a : school.assignments) {
      if (a.school_class != c) continue;
      ++teachers_per_subject[a.subject];
      main_teachers += a.main_teacher ? 1 : 0;
      EXPECT_EQ(school.teachers[a.teacher].position, school.subjects[a.subject].code);
    }
    EXPECT_EQ(main_teachers, 1) << school.classes[c].code;
    ASSERT_EQ(teachers_per_subject.size(), 10u) << school.classes[c].code;
    for (std::size_t subject : school.classes[c].subjects) {
      EXPECT_EQ(teachers_per_subject[subject], 1) << school.subjects[subject].code;
    }
  }
}

TEST(GeneratorModel, NoTeacherIsMainTeacherOfTwoClasses) {
  const GeneratedSchool& school = defaultSchool();
  std::map<std::size_t, int> main_classes;
  for (const GeneratedAssignment& a : school.assignments) {
    if (a.main_teacher) ++main_classes[a.teacher];
  }
  EXPECT_EQ(main_classes.size(), school.classes.size());
}

TEST(GeneratorModel, TeachersHaveFourToSevenClassesOrGroups) {
  const GeneratedSchool& school = defaultSchool();
  std::vector<int> load(school.teachers.size(), 0);
  for (const GeneratedAssignment& a : school.assignments) ++load.at(a.teacher);
  EXPECT_GE(*std::min_element(load.begin(), load.end()), 4);
  EXPECT_LE(*std::max_element(load.begin(), load.end()), 7);
}

TEST(GeneratorModel, StudentsFrom5eOnLearnOneSecondLanguageInAGroupOfTheirLevel) {
  const GeneratedSchool& school = defaultSchool();
  std::vector<int> groups_of(school.students.size(), 0);
  for (const GeneratedMembership& m : school.group_members) {
    ++groups_of[m.student];
    const auto& level = school.classes[school.enrollments[m.student].school_class].level;
    EXPECT_EQ(school.groups[m.group].level, level);
  }
  for (const GeneratedEnrollment& e : school.enrollments) {
    const bool sixieme = school.classes[e.school_class].level == "6e";
    EXPECT_EQ(groups_of[e.student], sixieme ? 0 : 1) << school.students[e.student].login;
  }
  EXPECT_EQ(school.groups.front().code, "5_ESP_1");
  EXPECT_EQ(school.groups.front().label, "Espagnol LV2 5e groupe 1");
}

TEST(GeneratorModel, EveryLanguageGroupHasOneTeacherOfItsLanguage) {
  const GeneratedSchool& school = defaultSchool();
  std::vector<int> teachers_of(school.groups.size(), 0);
  for (const GeneratedAssignment& a : school.assignments) {
    if (!a.group) continue;
    ++teachers_of[*a.group];
    EXPECT_EQ(a.subject, school.groups[*a.group].subject);
    EXPECT_FALSE(a.school_class.has_value());
  }
  EXPECT_TRUE(std::all_of(teachers_of.begin(), teachers_of.end(), [](int n) { return n == 1; }));
}

TEST(GeneratorModel, LoginsAreUniqueAndWellFormed) {
  const GeneratedSchool& school = defaultSchool();
  const std::regex pattern("^[a-z][a-z0-9._-]{2,63}$");
  std::set<std::string> logins;
  for (const GeneratedPerson* person : everyone(school)) {
    EXPECT_TRUE(std::regex_match(person->login, pattern)) << person->login;
    EXPECT_TRUE(logins.insert(person->login).second) << person->login;
  }
}

TEST(GeneratorModel, NamesakesGetANumberedLogin) {
  const GeneratedSchool& school = defaultSchool();
  std::set<std::string> logins;
  for (const GeneratedPerson* person : everyone(school)) logins.insert(person->login);
  int numbered = 0;
  for (const std::string& login : logins) {
    if (login.back() != '2') continue;
    ++numbered;
    EXPECT_TRUE(logins.contains(login.substr(0, login.size() - 1))) << login;
  }
  EXPECT_GT(numbered, 0);
}

TEST(GeneratorModel, IdentifiersAreUniqueAndShapedLikeTheSourceDirectories) {
  const GeneratedSchool& school = defaultSchool();
  const std::regex ine("^[0-9]{10}[A-Z]$");
  std::set<std::string> ines;
  for (const GeneratedPerson& student : school.students) {
    ASSERT_TRUE(student.ine.has_value());
    EXPECT_TRUE(std::regex_match(*student.ine, ine)) << *student.ine;
    ines.insert(*student.ine);
  }
  EXPECT_EQ(ines.size(), school.students.size());
  std::set<std::string> external_ids;
  for (const GeneratedPerson* person : everyone(school)) external_ids.insert(person->external_id);
  EXPECT_EQ(external_ids.size(), school.userCount());
  EXPECT_EQ(school.students.front().external_id, "siecle-eleve-100001");
}

TEST(GeneratorModel, AdultsHaveEmailsOnExampleDomainsAndStudentsNone) {
  const GeneratedSchool& school = defaultSchool();
  for (const GeneratedPerson& student : school.students) EXPECT_FALSE(student.email.has_value());
  for (const GeneratedPerson& parent : school.parents) {
    EXPECT_EQ(parent.email, parent.login + "@familles.example");
  }
  for (const GeneratedPerson& teacher : school.teachers) {
    EXPECT_EQ(teacher.email, teacher.login + "@ac-academie.example");
  }
  for (const GeneratedPerson& staff : school.staff) {
    EXPECT_EQ(staff.email, staff.login + "@ac-academie.example");
  }
}

TEST(GeneratorModel, EachPersonHoldsTheRoleOfTheirList) {
  const GeneratedSchool& school = defaultSchool();
  for (const auto& p : school.students) EXPECT_EQ(p.roles, directory::RoleSet{Role::student});
  for (const auto& p : school.parents) EXPECT_EQ(p.roles, directory::RoleSet{Role::parent});
  for (const auto& p : school.teachers) EXPECT_EQ(p.roles, directory::RoleSet{Role::teacher});
  for (const auto& p : school.staff) EXPECT_EQ(p.roles, directory::RoleSet{Role::staff});
  EXPECT_EQ(school.staff[0].position, "CPE");
  EXPECT_EQ(school.staff[1].position, "CPE");
  EXPECT_EQ(school.staff[2].position, "AED");
}

TEST(GeneratorModel, SampleLoginsAreOneStudentWithAGuardianTeacherAndCpe) {
  const GeneratedSchool& school = defaultSchool();
  const auto logins = sampleLogins(school);
  ASSERT_EQ(logins.size(), 4u);
  EXPECT_EQ(logins[0].role, Role::student);
  EXPECT_EQ(logins[0].login, school.students[0].login);
  EXPECT_EQ(logins[0].description, "élève de 6e A");
  EXPECT_EQ(logins[1].role, Role::parent);
  EXPECT_EQ(logins[2].role, Role::teacher);
  EXPECT_TRUE(logins[2].description.starts_with("professeur principal de 6e A ("))
      << logins[2].description;
  EXPECT_EQ(logins[3].role, Role::staff);
  EXPECT_EQ(logins[3].description, "CPE");

  const auto guardians = guardiansByStudent(school).at(0);
  const bool parent_is_guardian = std::any_of(guardians.begin(), guardians.end(), [&](auto p) {
    return school.parents[p].login == logins[1].login;
  });
  EXPECT_TRUE(parent_is_guardian);
  const bool teacher_is_main = std::any_of(
      school.assignments.begin(), school.assignments.end(), [&](const GeneratedAssignment& a) {
        return a.main_teacher && a.school_class == 0u &&
               school.teachers[a.teacher].login == logins[2].login;
      });
  EXPECT_TRUE(teacher_is_main);
}

TEST(GeneratorModel, SampleGuardianDescriptionElidesBeforeAVowel) {
  GeneratedSchool school = generate(smallSchool());
  school.students[0].given_name = "Éloïse";
  const auto logins = sampleLogins(school);
  ASSERT_GE(logins.size(), 2u);
  EXPECT_TRUE(logins[1].description.ends_with(" d'Éloïse " + school.students[0].family_name))
      << logins[1].description;
}

struct BadOptions {
  std::string name;
  void (*change)(GeneratorOptions&);
  std::string field;
  std::string message;
};

void PrintTo(const BadOptions& bad, std::ostream* out) {
  *out << bad.name;
}

class GeneratorOptionsCheck : public testing::TestWithParam<BadOptions> {};

TEST_P(GeneratorOptionsCheck, RefusesWithTheOptionAtFault) {
  GeneratorOptions options = smallSchool();
  GetParam().change(options);
  const auto school = generateSchool(options);
  ASSERT_FALSE(school.ok());
  EXPECT_EQ(school.error().code, Errc::invalid_argument);
  EXPECT_EQ(school.error().field, GetParam().field);
  EXPECT_EQ(school.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Generator, GeneratorOptionsCheck,
    testing::Values(
        BadOptions{"FewerStudentsThanClasses", [](GeneratorOptions& o) { o.students = 2; },
                   "students",
                   "students must be between 3 and 120 for 3 classes (1 to 40 per class); got 2"},
        BadOptions{"TooManyStudents", [](GeneratorOptions& o) { o.students = 121; }, "students",
                   "students must be between 3 and 120 for 3 classes (1 to 40 per class); got 121"},
        BadOptions{"NoClass", [](GeneratorOptions& o) { o.classes = 0; }, "classes",
                   "classes must be between 1 and 104 (26 per level); got 0"},
        BadOptions{"TooManyLyceeClasses",
                   [](GeneratorOptions& o) {
                     o.kind = GeneratorOptions::Kind::lycee;
                     o.classes = 79;
                   },
                   "classes", "classes must be between 1 and 78 (26 per level); got 79"},
        BadOptions{"TooFewTeachers", [](GeneratorOptions& o) { o.teachers = 11; }, "teachers",
                   "teachers must be between 12 and 34 for this school (one per subject taught, "
                   "at most one per class or group to teach); got 11"},
        BadOptions{"TooManyTeachers", [](GeneratorOptions& o) { o.teachers = 35; }, "teachers",
                   "teachers must be between 12 and 34 for this school (one per subject taught, "
                   "at most one per class or group to teach); got 35"},
        BadOptions{"NoStaff", [](GeneratorOptions& o) { o.staff = 0; }, "staff",
                   "staff must be between 1 and 1000; got 0"},
        BadOptions{"SchoolYearNotTwoYears", [](GeneratorOptions& o) { o.school_year = "2026"; },
                   "school_year",
                   "school_year must be two consecutive years written YYYY-YYYY, such as "
                   "2026-2027; got \"2026\""},
        BadOptions{"SchoolYearNotConsecutive",
                   [](GeneratorOptions& o) { o.school_year = "2026-2028"; }, "school_year",
                   "school_year must be two consecutive years written YYYY-YYYY, such as "
                   "2026-2027; got \"2026-2028\""}),
    [](const testing::TestParamInfo<BadOptions>& param) { return param.param.name; });

TEST(GeneratorLogins, FoldsFrenchNamesToAsciiLowerCase) {
  EXPECT_EQ(foldForLogin("Élodie"), "elodie");
  EXPECT_EQ(foldForLogin("Dupré-Lenoir"), "dupre-lenoir");
  EXPECT_EQ(foldForLogin("Le Gall"), "le-gall");
  EXPECT_EQ(foldForLogin("N'Diaye"), "ndiaye");
  EXPECT_EQ(foldForLogin("Lœuillet"), "loeuillet");
  EXPECT_EQ(foldForLogin("Œdipe Lætitia"), "oedipe-laetitia");
  EXPECT_EQ(foldForLogin("àâçéèêëîïôûùüÿ"), "aaceeeeiiouuuy");
  EXPECT_EQ(foldForLogin("ÀÂÇÉÈÊËÎÏÔÛÙÜŸÆ"), "aaceeeeiiouuuyae");
  EXPECT_EQ(foldForLogin("  Jean -- Paul "), "jean-paul");
}

TEST(GeneratorLogins, NumbersALoginAlreadyTaken) {
  LoginRegistry logins;
  EXPECT_EQ(logins.allocate("Élodie", "Dupré-Lenoir"), "elodie.dupre-lenoir");
  EXPECT_EQ(logins.allocate("Elodie", "Dupre Lenoir"), "elodie.dupre-lenoir2");
  EXPECT_EQ(logins.allocate("élodie", "DUPRÉ-LENOIR"), "elodie.dupre-lenoir3");
  EXPECT_EQ(logins.allocate("Léa", "Martin"), "lea.martin");
}

}  // namespace
}  // namespace cartable::generator
