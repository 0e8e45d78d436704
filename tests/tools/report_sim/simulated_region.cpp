#include "tests/tools/report_sim/simulated_region.h"

#include <map>

#include "config/uai.h"
#include "tests/tools/generator/dice.h"

namespace cartable::report_sim {

namespace {

using generator::Dice;

constexpr const char* kPatrons[] = {
    "Jean Moulin",    "Victor Hugo",       "Louis Pasteur",      "Jules Ferry",
    "Marie Curie",    "Émile Zola",        "Georges Brassens",   "Jean Jaurès",
    "Paul Verlaine",  "Arthur Rimbaud",    "Simone Veil",        "Jacques Prévert",
    "Albert Camus",   "Louise Michel",     "Camille Claudel",    "Jean de La Fontaine",
    "Robert Schuman", "Charles de Gaulle", "Georges de La Tour", "Émile Gallé",
    "Jeanne d'Arc",   "Stanislas",         "Erckmann-Chatrian",  "Saint-Exupéry"};

double uniform(Dice& dice, double low, double high) {
  return low + (high - low) * static_cast<double>(dice.below(1'000'000)) / 1e6;
}

int between(Dice& dice, int low, int high) {
  return low + static_cast<int>(dice.below(static_cast<std::size_t>(high - low + 1)));
}

std::string pickDepartment(Dice& dice, const std::vector<std::pair<std::string, int>>& weights) {
  int total = 0;
  for (const auto& [code, weight] : weights) total += weight;
  int draw = static_cast<int>(dice.below(static_cast<std::size_t>(total)));
  for (const auto& [code, weight] : weights) {
    if (draw < weight) return code;
    draw -= weight;
  }
  return weights.back().first;
}

std::string makeUai(const std::string& department, int serial) {
  std::string digits = "0" + department + std::to_string(1000 + serial % 9000);
  digits.resize(7, '0');
  return digits + config::uaiCheckLetter(digits);
}

void sizeSchool(Dice& dice, SimulatedSchool& school) {
  if (school.kind == SchoolKind::college) {
    school.levels = {"6e", "5e", "4e", "3e"};
    school.students = between(dice, 180, 900);
    school.classes = (school.students + 25) / 26;
    school.teachers = school.students * 75 / 1000 + between(dice, 4, 10);
  } else {
    school.levels = {"2nde", "1re", "Tle"};
    school.students = between(dice, 350, 1800);
    school.classes = (school.students + 31) / 32;
    school.teachers = school.students * 85 / 1000 + between(dice, 6, 14);
  }
  school.staff = 4 + school.students / 150;
  school.admins = between(dice, 2, 4);
  school.parents = school.students * between(dice, 150, 180) / 100;
}

void shapeUse(Dice& dice, SimulatedSchool& school) {
  school.low_adoption = dice.chance(8);
  school.adoption = school.low_adoption ? uniform(dice, 0.03, 0.12) : uniform(dice, 0.25, 0.55);
  school.adoption_gain = school.low_adoption ? uniform(dice, 0.0, 0.04) : uniform(dice, 0.02, 0.15);
  school.absence_base = uniform(dice, 0.03, school.kind == SchoolKind::lycee ? 0.09 : 0.07);
  school.homework_habit = school.low_adoption ? uniform(dice, 0.05, 0.3) : uniform(dice, 0.4, 1.2);
  school.link = dice.chance(8) ? LinkQuality::poor : LinkQuality::good;
  school.first_day_offset = dice.chance(3) ? between(dice, 15, 60) : 0;
}

}  // namespace

const std::vector<std::pair<std::string, int>>& grandEstDepartments() {
  static const std::vector<std::pair<std::string, int>> departments = {
      {"08", 5}, {"10", 5},  {"51", 10}, {"52", 3},  {"54", 12},
      {"55", 3}, {"57", 17}, {"67", 18}, {"68", 12}, {"88", 6}};
  return departments;
}

std::vector<SimulatedSchool> simulateRegion(const RegionOptions& options) {
  const auto& weights = options.departments.empty() ? grandEstDepartments() : options.departments;
  Dice dice(options.seed);
  std::map<std::string, int> serials;
  std::vector<SimulatedSchool> schools;
  schools.reserve(static_cast<std::size_t>(options.schools));
  for (int i = 0; i < options.schools; ++i) {
    SimulatedSchool school;
    school.index = i;
    school.department = pickDepartment(dice, weights);
    school.uai = makeUai(school.department, serials[school.department]++);
    school.kind = dice.chance(70) ? SchoolKind::college : SchoolKind::lycee;
    school.name = std::string(school.kind == SchoolKind::college ? "Collège " : "Lycée ") +
                  dice.pick(kPatrons) + " (" + school.uai + ")";
    sizeSchool(dice, school);
    shapeUse(dice, school);
    schools.push_back(std::move(school));
  }
  return schools;
}

}  // namespace cartable::report_sim
