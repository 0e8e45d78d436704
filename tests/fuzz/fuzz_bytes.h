// What the fuzz targets share: the input as text, and a check that stops the
// run (a crash libFuzzer records) when a parser breaks one of its promises.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace cartable::fuzz {

inline std::string_view asText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The first byte picks a case, the rest is the input; an empty input picks 0.
struct Selected {
  std::uint8_t selector = 0;
  std::string_view rest;
};
inline Selected select(std::string_view input) {
  if (input.empty()) return {};
  return {static_cast<std::uint8_t>(input.front()), input.substr(1)};
}

inline void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

}  // namespace cartable::fuzz
