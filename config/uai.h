// UAI (unité administrative immatriculée): the national identifier of a French
// school: seven digits, then a check letter.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cartable::config {

// Why `uai` is not a valid UAI, or nothing when it is. The check letter is
// the 23-letter alphabet (A–Z without I, O, Q) indexed by the number formed by
// the seven digits modulo 23 (0750654D is valid).
std::optional<std::string> uaiProblem(std::string_view uai);

// The check letter for the seven leading digits of a UAI.
char uaiCheckLetter(std::string_view seven_digits);

}  // namespace cartable::config
