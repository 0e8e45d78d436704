// The level of a French class (6e 5e 4e 3e 2nde 1re Tle) told from its
// division code, shared by the readers whose files carry no level of their own.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cartable::imports {

// By the code's first character: 6/5/4/3 -> "6e".."3e", 2 -> "2nde",
// 1 -> "1re", T or t -> "Tle"; nothing for any other code ("ULIS", "CM2").
inline std::optional<std::string> levelFromClassCode(std::string_view code) {
  if (code.empty()) return std::nullopt;
  switch (code.front()) {
    case '6':
      return "6e";
    case '5':
      return "5e";
    case '4':
      return "4e";
    case '3':
      return "3e";
    case '2':
      return "2nde";
    case '1':
      return "1re";
    case 'T':
    case 't':
      return "Tle";
    default:
      return std::nullopt;
  }
}

}  // namespace cartable::imports
