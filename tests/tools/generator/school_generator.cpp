#include "tests/tools/generator/school_generator.h"

#include <algorithm>
#include <exception>
#include <string_view>

#include "tests/tools/generator/dice.h"
#include "tests/tools/generator/families.h"
#include "tests/tools/generator/french_names.h"
#include "tests/tools/generator/logins.h"

namespace cartable::generator {
namespace {

using Kind = GeneratorOptions::Kind;

constexpr int kMaxClassesPerLevel = 26;
constexpr int kMaxStudentsPerClass = 40;
constexpr int kMaxStaff = 1000;
constexpr std::size_t kMaxGroupSize = 28;
constexpr int kPercentWomenAmongAdults = 65;
constexpr int kStaffPerCpe = 5;

struct LevelPlan {
  std::string_view name;         // "6e"
  std::string_view code_prefix;  // "6" in "6A"
  int entry_age;                 // age reached during the calendar year the school year starts
  std::vector<std::string_view> class_subjects;
  bool second_language;
};

struct LanguagePlan {
  std::string_view subject;     // "ESPAGNOL"
  std::string_view short_code;  // "ESP" in "5_ESP_1"
  std::string_view label;       // "Espagnol"
  int percent;                  // share of a level's students learning it
};

struct Curriculum {
  std::vector<GeneratedSubject> subjects;
  std::vector<LevelPlan> levels;
  std::vector<LanguagePlan> languages;  // the second modern language, percents adding to 100
  std::string_view language_kind;       // "LV2", "LVB"
};

const Curriculum& collegeCurriculum() {
  static const Curriculum curriculum = [] {
    const std::vector<std::string_view> common = {"FRANCAIS", "MATHS",   "HIST-GEO", "ANGLAIS",
                                                  "SVT",      "PH-CH",   "TECHNO",   "EPS",
                                                  "ARTS-PLA", "EDUC-MUS"};
    Curriculum c;
    c.subjects = {{"FRANCAIS", "Français"},
                  {"MATHS", "Mathématiques"},
                  {"HIST-GEO", "Histoire-géographie"},
                  {"ANGLAIS", "Anglais LV1"},
                  {"ESPAGNOL", "Espagnol LV2"},
                  {"ALLEMAND", "Allemand LV2"},
                  {"SVT", "Sciences de la vie et de la Terre"},
                  {"PH-CH", "Physique-chimie"},
                  {"TECHNO", "Technologie"},
                  {"EPS", "Éducation physique et sportive"},
                  {"ARTS-PLA", "Arts plastiques"},
                  {"EDUC-MUS", "Éducation musicale"}};
    c.levels = {{"6e", "6", 11, common, false},
                {"5e", "5", 12, common, true},
                {"4e", "4", 13, common, true},
                {"3e", "3", 14, common, true}};
    c.languages = {{"ESPAGNOL", "ESP", "Espagnol", 65}, {"ALLEMAND", "ALL", "Allemand", 35}};
    c.language_kind = "LV2";
    return c;
  }();
  return curriculum;
}

const Curriculum& lyceeCurriculum() {
  static const Curriculum curriculum = [] {
    Curriculum c;
    c.subjects = {{"FRANCAIS", "Français"},
                  {"PHILO", "Philosophie"},
                  {"MATHS", "Mathématiques"},
                  {"HIST-GEO", "Histoire-géographie"},
                  {"ANGLAIS", "Anglais LVA"},
                  {"ESPAGNOL", "Espagnol LVB"},
                  {"ALLEMAND", "Allemand LVB"},
                  {"SVT", "Sciences de la vie et de la Terre"},
                  {"PH-CH", "Physique-chimie"},
                  {"SES", "Sciences économiques et sociales"},
                  {"SNT", "Sciences numériques et technologie"},
                  {"ENS-SCI", "Enseignement scientifique"},
                  {"EPS", "Éducation physique et sportive"}};
    c.levels = {{"2nde",
                 "2",
                 15,
                 {"FRANCAIS", "MATHS", "HIST-GEO", "ANGLAIS", "SVT", "PH-CH", "SES", "SNT", "EPS"},
                 true},
                {"1re",
                 "1",
                 16,
                 {"FRANCAIS", "MATHS", "HIST-GEO", "ANGLAIS", "SVT", "PH-CH", "ENS-SCI", "EPS"},
                 true},
                {"Tle",
                 "T",
                 17,
                 {"PHILO", "MATHS", "HIST-GEO", "ANGLAIS", "SVT", "PH-CH", "ENS-SCI", "EPS"},
                 true}};
    c.languages = {{"ESPAGNOL", "ESP", "Espagnol", 65}, {"ALLEMAND", "ALL", "Allemand", 35}};
    c.language_kind = "LVB";
    return c;
  }();
  return curriculum;
}

const Curriculum& curriculumFor(Kind kind) {
  return kind == Kind::lycee ? lyceeCurriculum() : collegeCurriculum();
}

std::size_t subjectIndex(const Curriculum& curriculum, std::string_view code) {
  const auto found = std::find_if(curriculum.subjects.begin(), curriculum.subjects.end(),
                                  [&](const GeneratedSubject& s) { return s.code == code; });
  return static_cast<std::size_t>(found - curriculum.subjects.begin());
}

Error invalidOption(std::string_view field, const std::string& message) {
  return makeError(Errc::invalid_argument, message, std::string(field));
}

// The first year of "YYYY-YYYY" (consecutive years), or an error.
Result<int> parseSchoolYear(const std::string& text) {
  const auto digits = [&](std::size_t from) {
    return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(from),
                       text.begin() + static_cast<std::ptrdiff_t>(from + 4),
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  if (text.size() != 9 || text[4] != '-' || !digits(0) || !digits(5) ||
      std::stoi(text.substr(5)) != std::stoi(text.substr(0, 4)) + 1 ||
      std::stoi(text.substr(0, 4)) < 1990) {
    return invalidOption("school_year",
                         "school_year must be two consecutive years written "
                         "YYYY-YYYY, such as 2026-2027; got \"" +
                             text + "\"");
  }
  return std::stoi(text.substr(0, 4));
}

Status checkSizes(const GeneratorOptions& options) {
  const int levels = static_cast<int>(curriculumFor(options.kind).levels.size());
  const int max_classes = kMaxClassesPerLevel * levels;
  if (options.classes < 1 || options.classes > max_classes) {
    return invalidOption("classes", "classes must be between 1 and " + std::to_string(max_classes) +
                                        " (" + std::to_string(kMaxClassesPerLevel) +
                                        " per level); got " + std::to_string(options.classes));
  }
  const int max_students = options.classes * kMaxStudentsPerClass;
  if (options.students < options.classes || options.students > max_students) {
    return invalidOption("students", "students must be between " + std::to_string(options.classes) +
                                         " and " + std::to_string(max_students) + " for " +
                                         std::to_string(options.classes) + " classes (1 to " +
                                         std::to_string(kMaxStudentsPerClass) +
                                         " per class); got " + std::to_string(options.students));
  }
  if (options.staff < 1 || options.staff > kMaxStaff) {
    return invalidOption("staff", "staff must be between 1 and " + std::to_string(kMaxStaff) +
                                      "; got " + std::to_string(options.staff));
  }
  return okStatus();
}

// `count` split as evenly as possible into `parts`, larger parts first.
std::vector<std::size_t> evenSplit(std::size_t count, std::size_t parts) {
  std::vector<std::size_t> sizes(parts, count / parts);
  for (std::size_t i = 0; i < count % parts; ++i) ++sizes[i];
  return sizes;
}

// How many students of a level of `count` learn each second language.
std::vector<std::size_t> languageSplit(const Curriculum& curriculum, std::size_t count) {
  std::vector<std::size_t> sizes;
  std::size_t left = count;
  for (std::size_t i = 0; i < curriculum.languages.size(); ++i) {
    const bool last = i + 1 == curriculum.languages.size();
    const auto percent = static_cast<std::size_t>(curriculum.languages[i].percent);
    const std::size_t share = last ? left : std::min(left, (count * percent + 50) / 100);
    sizes.push_back(share);
    left -= share;
  }
  return sizes;
}

std::size_t groupsFor(std::size_t students) {
  return (students + kMaxGroupSize - 1) / kMaxGroupSize;
}

// Builds the school in steps. Classes, seats and groups follow from the
// options alone; the dice then decide families, languages and teachers,
// always in the same order so that a seed gives one school.
class SchoolBuilder {
 public:
  SchoolBuilder(const GeneratorOptions& options, int start_year)
      : options_(options),
        curriculum_(curriculumFor(options.kind)),
        start_year_(start_year),
        dice_(options.seed) {}

  Result<GeneratedSchool> build() {
    school_.options = options_;
    school_.enrollment_date = std::to_string(start_year_) + "-09-01";
    school_.subjects = curriculum_.subjects;
    addClasses();
    seatStudents();
    planLanguageGroups();
    CARTABLE_RETURN_IF_ERROR(checkTeachers());
    addFamilies(dice_, usual_birth_years_, school_);
    fillLanguageGroups();
    addTeachers();
    chooseMainTeachers();
    addStaff();
    assignIdentities();
    return std::move(school_);
  }

 private:
  struct TeachingUnit {
    std::size_t subject = 0;
    std::optional<std::size_t> school_class;
    std::optional<std::size_t> group;
  };

  void addClasses() {
    const auto per_level =
        evenSplit(static_cast<std::size_t>(options_.classes), curriculum_.levels.size());
    for (std::size_t level = 0; level < per_level.size(); ++level) {
      const LevelPlan& plan = curriculum_.levels[level];
      std::vector<std::size_t> subjects;
      for (std::string_view code : plan.class_subjects) {
        subjects.push_back(subjectIndex(curriculum_, code));
      }
      for (std::size_t i = 0; i < per_level[level]; ++i) {
        const char letter = static_cast<char>('A' + i);
        school_.classes.push_back({std::string(plan.code_prefix) + letter,
                                   std::string(plan.name) + " " + letter, std::string(plan.name),
                                   subjects});
        class_level_.push_back(level);
      }
    }
  }

  void seatStudents() {
    const auto per_class =
        evenSplit(static_cast<std::size_t>(options_.students), school_.classes.size());
    for (std::size_t c = 0; c < per_class.size(); ++c) {
      const int birth_year = start_year_ - curriculum_.levels[class_level_[c]].entry_age;
      for (std::size_t i = 0; i < per_class[c]; ++i) {
        school_.enrollments.push_back({school_.students.size(), c});
        school_.students.emplace_back();
        usual_birth_years_.push_back(birth_year);
      }
    }
  }

  std::vector<std::size_t> studentsOfLevel(std::size_t level) const {
    std::vector<std::size_t> students;
    for (const GeneratedEnrollment& e : school_.enrollments) {
      if (class_level_[e.school_class] == level) students.push_back(e.student);
    }
    return students;
  }

  void planLanguageGroups() {
    for (std::size_t level = 0; level < curriculum_.levels.size(); ++level) {
      const LevelPlan& plan = curriculum_.levels[level];
      if (!plan.second_language) continue;
      const auto split = languageSplit(curriculum_, studentsOfLevel(level).size());
      for (std::size_t lang = 0; lang < split.size(); ++lang) {
        const LanguagePlan& language = curriculum_.languages[lang];
        for (std::size_t g = 1; g <= groupsFor(split[lang]); ++g) {
          school_.groups.push_back(
              {std::string(plan.code_prefix) + "_" + std::string(language.short_code) + "_" +
                   std::to_string(g),
               std::string(language.label) + " " + std::string(curriculum_.language_kind) + " " +
                   std::string(plan.name) + " groupe " + std::to_string(g),
               std::string(plan.name), subjectIndex(curriculum_, language.subject)});
        }
      }
    }
  }

  // Each level's students draw their language; each language's students,
  // in class order, are shared evenly among that language's groups.
  void fillLanguageGroups() {
    for (std::size_t level = 0; level < curriculum_.levels.size(); ++level) {
      const LevelPlan& plan = curriculum_.levels[level];
      if (!plan.second_language) continue;
      std::vector<std::size_t> students = studentsOfLevel(level);
      const auto split = languageSplit(curriculum_, students.size());
      dice_.shuffle(students);
      auto next = students.begin();
      for (std::size_t lang = 0; lang < split.size(); ++lang) {
        std::vector<std::size_t> learners(next, next + static_cast<std::ptrdiff_t>(split[lang]));
        next += static_cast<std::ptrdiff_t>(split[lang]);
        std::sort(learners.begin(), learners.end());
        fillGroupsOf(plan.name, subjectIndex(curriculum_, curriculum_.languages[lang].subject),
                     learners);
      }
    }
  }

  void fillGroupsOf(std::string_view level, std::size_t subject,
                    const std::vector<std::size_t>& learners) {
    std::vector<std::size_t> groups;
    for (std::size_t g = 0; g < school_.groups.size(); ++g) {
      if (school_.groups[g].level == level && school_.groups[g].subject == subject) {
        groups.push_back(g);
      }
    }
    if (groups.empty()) return;
    const auto sizes = evenSplit(learners.size(), groups.size());
    std::size_t at = 0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      for (std::size_t i = 0; i < sizes[g]; ++i) {
        school_.group_members.push_back({groups[g], learners[at++]});
      }
    }
  }

  // Classes subject by subject, then groups.
  std::vector<TeachingUnit> teachingUnits() const {
    std::vector<TeachingUnit> units;
    for (std::size_t c = 0; c < school_.classes.size(); ++c) {
      for (std::size_t subject : school_.classes[c].subjects) units.push_back({subject, c, {}});
    }
    for (std::size_t g = 0; g < school_.groups.size(); ++g) {
      units.push_back({school_.groups[g].subject, {}, g});
    }
    return units;
  }

  std::vector<std::size_t> unitsPerSubject() const {
    std::vector<std::size_t> counts(school_.subjects.size(), 0);
    for (const TeachingUnit& unit : teachingUnits()) ++counts[unit.subject];
    return counts;
  }

  Status checkTeachers() const {
    const auto units = unitsPerSubject();
    std::size_t subjects_taught = 0;
    std::size_t total = 0;
    for (std::size_t count : units) {
      subjects_taught += count > 0 ? 1 : 0;
      total += count;
    }
    const auto wanted = static_cast<std::size_t>(std::max(options_.teachers, 0));
    if (options_.teachers < 1 || wanted < subjects_taught || wanted > total) {
      return invalidOption(
          "teachers", "teachers must be between " + std::to_string(subjects_taught) + " and " +
                          std::to_string(total) + " for this school (one per subject taught, " +
                          "at most one per class or group to teach); got " +
                          std::to_string(options_.teachers));
    }
    return okStatus();
  }

  // One teacher per subject taught, then each further teacher to the subject
  // with the most classes and groups per teacher, so that loads even out.
  std::vector<std::size_t> teachersPerSubject() const {
    const auto units = unitsPerSubject();
    std::vector<std::size_t> teachers(units.size(), 0);
    std::size_t left = static_cast<std::size_t>(options_.teachers);
    for (std::size_t s = 0; s < units.size(); ++s) {
      if (units[s] == 0) continue;
      teachers[s] = 1;
      --left;
    }
    for (; left > 0; --left) {
      std::size_t best = units.size();
      for (std::size_t s = 0; s < units.size(); ++s) {
        if (teachers[s] == 0 || teachers[s] >= units[s]) continue;
        if (best == units.size() || units[s] * teachers[best] > units[best] * teachers[s]) best = s;
      }
      ++teachers[best];
    }
    return teachers;
  }

  void addTeachers() {
    const auto units = teachingUnits();
    const auto per_subject = teachersPerSubject();
    std::vector<std::size_t> teacher_of_unit(units.size(), 0);
    for (std::size_t s = 0; s < per_subject.size(); ++s) {
      std::vector<std::size_t> mine;
      for (std::size_t u = 0; u < units.size(); ++u) {
        if (units[u].subject == s) mine.push_back(u);
      }
      dice_.shuffle(mine);
      const std::size_t first = school_.teachers.size();
      for (std::size_t t = 0; t < per_subject[s]; ++t) {
        school_.teachers.push_back(newAdult(directory::Role::teacher, school_.subjects[s].code));
      }
      for (std::size_t i = 0; i < mine.size(); ++i) {
        teacher_of_unit[mine[i]] = first + i % per_subject[s];
      }
    }
    for (std::size_t u = 0; u < units.size(); ++u) {
      school_.assignments.push_back(
          {teacher_of_unit[u], units[u].subject, units[u].school_class, units[u].group, false});
    }
  }

  // One professeur principal per class, never twice the same teacher while
  // some teacher of the class is still free.
  void chooseMainTeachers() {
    std::vector<bool> is_main(school_.teachers.size(), false);
    for (std::size_t c = 0; c < school_.classes.size(); ++c) {
      std::vector<std::size_t> candidates;
      for (std::size_t a = 0; a < school_.assignments.size(); ++a) {
        if (school_.assignments[a].school_class == c) candidates.push_back(a);
      }
      dice_.shuffle(candidates);
      auto chosen = std::find_if(candidates.begin(), candidates.end(), [&](std::size_t a) {
        return !is_main[school_.assignments[a].teacher];
      });
      if (chosen == candidates.end()) chosen = candidates.begin();
      school_.assignments[*chosen].main_teacher = true;
      is_main[school_.assignments[*chosen].teacher] = true;
    }
  }

  void addStaff() {
    const int cpe = std::max(1, options_.staff / kStaffPerCpe);
    for (int i = 0; i < options_.staff; ++i) {
      school_.staff.push_back(newAdult(directory::Role::staff, i < cpe ? "CPE" : "AED"));
    }
  }

  GeneratedPerson newAdult(directory::Role role, std::string position) {
    GeneratedPerson person;
    person.given_name =
        std::string(dice_.chance(kPercentWomenAmongAdults) ? dice_.pick(names::adultWomen())
                                                           : dice_.pick(names::adultMen()));
    person.family_name = std::string(dice_.pick(names::familyNames()));
    person.roles = {role};
    person.position = std::move(position);
    return person;
  }

  // Logins in a fixed order (students, parents, teachers, staff) so that the
  // first of two namesakes is always the same person.
  void assignIdentities() {
    LoginRegistry logins;
    identify(school_.students, logins, "siecle-eleve-", 100001, "");
    identify(school_.parents, logins, "siecle-resp-", 200001, "familles.example");
    identify(school_.teachers, logins, "sts-ind-", 300001, "ac-academie.example");
    identify(school_.staff, logins, "sts-ind-", 300001 + school_.teachers.size(),
             "ac-academie.example");
  }

  static void identify(std::vector<GeneratedPerson>& people, LoginRegistry& logins,
                       std::string_view id_prefix, std::size_t first_id,
                       std::string_view email_domain) {
    for (std::size_t i = 0; i < people.size(); ++i) {
      GeneratedPerson& person = people[i];
      person.login = logins.allocate(person.given_name, person.family_name);
      person.external_id = std::string(id_prefix) + std::to_string(first_id + i);
      if (!email_domain.empty()) person.email = person.login + "@" + std::string(email_domain);
    }
  }

  const GeneratorOptions& options_;
  const Curriculum& curriculum_;
  const int start_year_;
  Dice dice_;
  GeneratedSchool school_;
  std::vector<std::size_t> class_level_;  // level index of each class
  std::vector<int> usual_birth_years_;    // of each student, from the level
};

}  // namespace

Result<GeneratedSchool> generateSchool(const GeneratorOptions& options) {
  try {
    CARTABLE_ASSIGN_OR_RETURN(const int start_year, parseSchoolYear(options.school_year));
    CARTABLE_RETURN_IF_ERROR(checkSizes(options));
    return SchoolBuilder(options, start_year).build();
  } catch (const std::exception& e) {
    return makeError(Errc::internal, std::string("generating the school failed: ") + e.what());
  }
}

}  // namespace cartable::generator
