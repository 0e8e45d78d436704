#include "tests/tools/generator/families.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_set>

#include "tests/tools/generator/french_names.h"

namespace cartable::generator {
namespace {

// How far down the shuffled list of students a sibling is looked for.
constexpr std::size_t kSiblingSearchWindow = 400;
constexpr int kPercentTwoLegalGuardians = 85;
constexpr int kPercentOtherContact = 6;
constexpr int kPercentTwins = 3;
constexpr int kPercentHeldBack = 4;
constexpr int kPercentAhead = 1;

constexpr std::string_view kOtherRelationships[] = {"grand-mère", "grand-père", "beau-père",
                                                    "belle-mère", "tante",      "oncle"};

std::string zeroPadded(int value, std::size_t width) {
  std::string text = std::to_string(value);
  if (text.size() < width) text.insert(0, width - text.size(), '0');
  return text;
}

enum class Gender { female, male };

struct Family {
  std::vector<std::size_t> children;  // indexes into school.students
  std::string family_name;
};

class FamilyBuilder {
 public:
  FamilyBuilder(Dice& dice, const std::vector<int>& usual_birth_years, GeneratedSchool& school)
      : dice_(dice), usual_birth_years_(usual_birth_years), school_(school) {}

  void build() {
    std::vector<std::size_t> order(school_.students.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    dice_.shuffle(order);
    std::vector<bool> placed(order.size(), false);
    for (std::size_t at = 0; at < order.size(); ++at) {
      if (placed[order[at]]) continue;
      Family family{{order[at]}, std::string(dice_.pick(names::familyNames()))};
      placed[order[at]] = true;
      const int siblings = rollSiblingCount();
      for (int i = 0; i < siblings; ++i) addSibling(family, order, at, placed);
      nameChildren(family);
      addGuardians(family);
    }
  }

 private:
  // Most families have one child in the school; some two, a few three.
  int rollSiblingCount() {
    const auto roll = dice_.below(100);
    return roll < 85 ? 0 : roll < 98 ? 1 : 2;
  }

  // Siblings are in different levels, except twins.
  void addSibling(Family& family, const std::vector<std::size_t>& order, std::size_t at,
                  std::vector<bool>& placed) {
    const bool twins = dice_.chance(kPercentTwins);
    const std::size_t end = std::min(order.size(), at + 1 + kSiblingSearchWindow);
    for (std::size_t k = at + 1; k < end; ++k) {
      const std::size_t candidate = order[k];
      if (placed[candidate]) continue;
      const bool same_level =
          std::any_of(family.children.begin(), family.children.end(), [&](std::size_t child) {
            return usual_birth_years_[child] == usual_birth_years_[candidate];
          });
      if (same_level != twins) continue;
      family.children.push_back(candidate);
      placed[candidate] = true;
      return;
    }
  }

  void nameChildren(const Family& family) {
    std::vector<std::string_view> taken;
    for (std::size_t index : family.children) {
      GeneratedPerson& child = school_.students[index];
      std::string_view given;
      do {
        given = dice_.chance(50) ? dice_.pick(names::childGirls()) : dice_.pick(names::childBoys());
      } while (std::find(taken.begin(), taken.end(), given) != taken.end());
      taken.push_back(given);
      child.given_name = std::string(given);
      child.family_name = family.family_name;
      child.roles = {directory::Role::student};
      child.ine = newIne();
      child.birth_date = birthDateFor(family, index);
    }
  }

  // Twins share a birth date; others are born in their level's usual year,
  // a little earlier when held back once, later when a year ahead.
  std::string birthDateFor(const Family& family, std::size_t index) {
    for (std::size_t sibling : family.children) {
      if (sibling == index) break;
      if (usual_birth_years_[sibling] == usual_birth_years_[index]) {
        return *school_.students[sibling].birth_date;
      }
    }
    int year = usual_birth_years_[index];
    if (dice_.chance(kPercentHeldBack)) {
      --year;
    } else if (dice_.chance(kPercentAhead)) {
      ++year;
    }
    return randomDateIn(year);
  }

  std::string randomDateIn(int year) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const auto month = static_cast<int>(dice_.below(12)) + 1;
    const int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
    const auto day = static_cast<int>(dice_.below(static_cast<std::size_t>(days))) + 1;
    return zeroPadded(year, 4) + "-" + zeroPadded(month, 2) + "-" + zeroPadded(day, 2);
  }

  // Ten digits and a key letter, unique in the school.
  std::string newIne() {
    static constexpr std::string_view kKeys = "ABCDEFGHJKLMNPRSTUVWXYZ";
    for (;;) {
      std::string ine;
      std::size_t sum = 0;
      for (int i = 0; i < 10; ++i) {
        const std::size_t digit = dice_.below(10);
        sum = sum * 10 + digit;
        ine += static_cast<char>('0' + digit);
      }
      ine += kKeys[sum % kKeys.size()];
      if (ines_.insert(ine).second) return ine;
    }
  }

  void addGuardians(const Family& family) {
    if (dice_.chance(kPercentTwoLegalGuardians)) {
      addParent(family, Gender::female, "mère", true, dice_.chance(55));
      addParent(family, Gender::male, "père", true, true);
    } else {
      addSingleGuardian(family);
    }
    if (dice_.chance(kPercentOtherContact)) {
      const std::string_view relationship = dice_.pick(kOtherRelationships);
      const bool female =
          relationship.find("mère") != std::string_view::npos || relationship == "tante";
      const bool step = relationship.starts_with("beau") || relationship.starts_with("belle");
      addParent(family, female ? Gender::female : Gender::male, relationship, false,
                !step && dice_.chance(50));
    }
  }

  void addSingleGuardian(const Family& family) {
    const auto roll = dice_.below(100);
    if (roll < 75) {
      addParent(family, Gender::female, "mère", true, dice_.chance(50));
    } else if (roll < 95) {
      addParent(family, Gender::male, "père", true, true);
    } else {
      const bool female = dice_.chance(50);
      addParent(family, female ? Gender::female : Gender::male, female ? "tutrice" : "tuteur", true,
                dice_.chance(50));
    }
  }

  void addParent(const Family& family, Gender gender, std::string_view relationship, bool legal,
                 bool shares_family_name) {
    GeneratedPerson parent;
    parent.given_name =
        std::string(dice_.pick(gender == Gender::female ? names::adultWomen() : names::adultMen()));
    parent.family_name =
        shares_family_name ? family.family_name : std::string(dice_.pick(names::familyNames()));
    parent.roles = {directory::Role::parent};
    const std::size_t parent_index = school_.parents.size();
    school_.parents.push_back(std::move(parent));
    for (std::size_t child : family.children) {
      school_.guardianships.push_back({parent_index, child, legal, std::string(relationship)});
    }
  }

  Dice& dice_;
  const std::vector<int>& usual_birth_years_;
  GeneratedSchool& school_;
  std::unordered_set<std::string> ines_;
};

}  // namespace

void addFamilies(Dice& dice, const std::vector<int>& usual_birth_years, GeneratedSchool& school) {
  FamilyBuilder(dice, usual_birth_years, school).build();
}

}  // namespace cartable::generator
