// Invented people are named from these lists of common French names.
#pragma once

#include <span>
#include <string_view>

namespace cartable::generator::names {

// Given names usual for children born in the 2010s.
std::span<const std::string_view> childGirls();
std::span<const std::string_view> childBoys();
// Given names usual for adults born between 1965 and 1995.
std::span<const std::string_view> adultWomen();
std::span<const std::string_view> adultMen();
// Family names, some with accents, spaces, apostrophes or hyphens.
std::span<const std::string_view> familyNames();

}  // namespace cartable::generator::names
