// Logins of generated people: "prenom.nom" folded to ASCII, unique in the school.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

namespace cartable::generator {

// Lower-case ASCII form of a name: accents stripped (é -> e, œ -> oe, æ -> ae),
// spaces turned into '-', hyphens kept, anything else dropped, and no leading,
// trailing or doubled '-'. "Le Gall" -> "le-gall", "N'Diaye" -> "ndiaye".
std::string foldForLogin(std::string_view name);

// Hands out "given.family" logins, appending 2, 3, ... to a taken one.
class LoginRegistry {
 public:
  std::string allocate(std::string_view given_name, std::string_view family_name);
  std::size_t size() const { return taken_.size(); }

 private:
  std::unordered_set<std::string> taken_;
};

}  // namespace cartable::generator
