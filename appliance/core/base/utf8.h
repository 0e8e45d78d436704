// UTF-8 checks for text that comes from outside (requests, imports).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace cartable::utf8 {

// The number of code points in `text`, or nothing when it is not well-formed
// UTF-8 (overlong forms, surrogates, values above U+10FFFF, truncation).
std::optional<std::size_t> countCodePoints(std::string_view text);

inline bool isValid(std::string_view text) { return countCodePoints(text).has_value(); }

// The longest prefix of `text` of at most `max_bytes` bytes that does not
// cut a character in two (for well-formed input).
std::string_view truncate(std::string_view text, std::size_t max_bytes);

// True when `text` holds an ASCII control character other than tab and newline.
bool hasControlCharacter(std::string_view text);

}  // namespace cartable::utf8
