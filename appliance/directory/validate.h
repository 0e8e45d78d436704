// Field checks shared by the directory's inserts. Each returns an
// invalid_argument error naming `field`, or ok.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace cartable::directory::validate {

// A required text of 1..max_length code points, valid UTF-8, without control characters.
Status text(std::string_view value, std::string_view field, std::size_t max_length);
Status login(std::string_view value);
Status email(const std::optional<std::string>& value);
Status ine(const std::optional<std::string>& value);
// YYYY-MM-DD with a real calendar date.
Status date(std::string_view value, std::string_view field);
Status optionalDate(const std::optional<std::string>& value, std::string_view field);

}  // namespace cartable::directory::validate
