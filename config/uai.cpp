#include "config/uai.h"

#include <cassert>
#include <cstddef>
#include <cstdint>

namespace cartable::config {
namespace {

constexpr std::string_view kCheckAlphabet = "ABCDEFGHJKLMNPRSTUVWXYZ";
constexpr std::size_t kDigitCount = 7;
constexpr std::size_t kUaiLength = kDigitCount + 1;

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

// Printable rendering of one character for an error message.
std::string describeChar(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return std::string("\"") + c + "\"";
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string("byte 0x") + kHex[byte >> 4] + kHex[byte & 0x0f];
}

}  // namespace

char uaiCheckLetter(std::string_view seven_digits) {
  assert(seven_digits.size() == kDigitCount);
  std::uint32_t number = 0;
  for (char c : seven_digits) {
    assert(isDigit(c));
    number = number * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return kCheckAlphabet[number % kCheckAlphabet.size()];
}

std::optional<std::string> uaiProblem(std::string_view uai) {
  if (uai.size() != kUaiLength) {
    return "a UAI has 8 characters (7 digits and a check letter), got " +
           std::to_string(uai.size());
  }
  for (std::size_t i = 0; i < kDigitCount; ++i) {
    if (!isDigit(uai[i])) {
      return "the first 7 characters of a UAI must be digits, got " + describeChar(uai[i]) +
             " at position " + std::to_string(i + 1);
    }
  }
  const char expected = uaiCheckLetter(uai.substr(0, kDigitCount));
  const char found = uai[kDigitCount];
  if (found != expected) {
    return "the check letter for " + std::string(uai.substr(0, kDigitCount)) + " should be \"" +
           expected + "\", got " + describeChar(found);
  }
  return std::nullopt;
}

}  // namespace cartable::config
