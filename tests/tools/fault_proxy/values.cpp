#include "values.h"

#include <charconv>

namespace cartable::fault_proxy {
namespace {

Error badValue(const std::string& name, std::string_view text, const std::string& expected) {
  return makeError(Errc::invalid_argument,
                   name + " \"" + std::string(text) + "\" is not " + expected, name);
}

std::optional<std::uint64_t> wholeNumber(std::string_view text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

}  // namespace

Result<Endpoint> parseEndpoint(std::string_view text, const std::string& name) {
  const std::size_t colon = text.rfind(':');
  const std::string expected = "HOST:PORT with a port from 0 to 65535";
  if (colon == std::string_view::npos || colon == 0) return badValue(name, text, expected);
  const std::optional<std::uint64_t> port = wholeNumber(text.substr(colon + 1));
  if (!port || *port > 65535) return badValue(name, text, expected);
  return Endpoint{std::string(text.substr(0, colon)), static_cast<std::uint16_t>(*port)};
}

Result<std::uint64_t> parseNumber(std::string_view text, const std::string& name,
                                  std::uint64_t max) {
  const std::optional<std::uint64_t> value = wholeNumber(text);
  if (!value || *value > max) {
    return badValue(name, text, "a whole number from 0 to " + std::to_string(max));
  }
  return *value;
}

Result<std::uint64_t> parseRate(std::string_view text, const std::string& name) {
  std::uint64_t bits_per_unit = 0;
  std::string_view digits = text;
  if (text.ends_with("kbit")) {
    bits_per_unit = 1'000;
    digits.remove_suffix(4);
  } else if (text.ends_with("mbit")) {
    bits_per_unit = 1'000'000;
    digits.remove_suffix(4);
  }
  const std::optional<std::uint64_t> value = wholeNumber(digits);
  constexpr std::uint64_t kMaxUnits = 1'000'000'000;
  if (!value || *value > kMaxUnits) {
    return badValue(name, text, "a rate: bytes per second, or a number followed by kbit or mbit");
  }
  return bits_per_unit == 0 ? *value : *value * bits_per_unit / 8;
}

Result<CutMode> parseCutMode(std::string_view text, const std::string& name) {
  if (text == "fin") return CutMode::fin;
  if (text == "rst") return CutMode::reset;
  return badValue(name, text, "a cut mode: fin or rst");
}

Result<bool> parseOnOff(std::string_view text, const std::string& name) {
  if (text == "on") return true;
  if (text == "off") return false;
  return badValue(name, text, "on or off");
}

std::optional<Direction> parseDirection(std::string_view text) {
  if (text == "up") return Direction::up;
  if (text == "down") return Direction::down;
  if (text == "both") return Direction::both;
  return std::nullopt;
}

std::string formatStats(const ProxyStats& stats) {
  return "accepted=" + std::to_string(stats.accepted) +
         " refused=" + std::to_string(stats.refused) +
         " upstream_failures=" + std::to_string(stats.upstream_failures) +
         " live=" + std::to_string(stats.live) + " cuts=" + std::to_string(stats.cuts) +
         " bytes_up=" + std::to_string(stats.bytes_up) +
         " bytes_down=" + std::to_string(stats.bytes_down) + " held=" + std::to_string(stats.held);
}

}  // namespace cartable::fault_proxy
