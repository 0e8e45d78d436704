#include "tests/tools/generator/logins.h"

#include <cstdint>

namespace cartable::generator {
namespace {

// Leaves room for a numeric suffix within the 64 characters a login may hold.
constexpr std::size_t kMaxBaseLength = 56;

// Decodes the code point at `at` and moves `at` past it; malformed bytes
// decode as 0 and are skipped one by one.
char32_t nextCodePoint(std::string_view text, std::size_t& at) {
  const auto lead = static_cast<unsigned char>(text[at++]);
  if (lead < 0x80) return lead;
  int extra = 0;
  char32_t value = 0;
  if ((lead & 0xE0) == 0xC0) {
    extra = 1;
    value = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2;
    value = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3;
    value = lead & 0x07;
  } else {
    return 0;
  }
  for (int i = 0; i < extra; ++i) {
    if (at >= text.size()) return 0;
    const auto next = static_cast<unsigned char>(text[at]);
    if ((next & 0xC0) != 0x80) return 0;
    value = (value << 6) | (next & 0x3F);
    ++at;
  }
  return value;
}

// The ASCII letters standing for one Latin-1 or Latin Extended-A letter
// used in French names; empty when the character has no ASCII form.
std::string_view asciiOf(char32_t c) {
  if (c >= 0xE0 && c <= 0xE5) return "a";
  if (c >= 0xE8 && c <= 0xEB) return "e";
  if (c >= 0xEC && c <= 0xEF) return "i";
  if ((c >= 0xF2 && c <= 0xF6) || c == 0xF8) return "o";
  if (c >= 0xF9 && c <= 0xFC) return "u";
  switch (c) {
    case 0xE6:
      return "ae";
    case 0xE7:
      return "c";
    case 0xF1:
      return "n";
    case 0xFD:
    case 0xFF:
      return "y";
    case 0xDF:
      return "ss";
    case 0x153:
      return "oe";
    default:
      return {};
  }
}

// Lower-case form of an upper-case letter of Latin-1 or of Œ and Ÿ.
char32_t toLower(char32_t c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 0x20;
  if (c == 0x152) return 0x153;
  if (c == 0x178) return 0xFF;
  return c;
}

void appendHyphen(std::string& out) {
  if (!out.empty() && out.back() != '-') out += '-';
}

}  // namespace

std::string foldForLogin(std::string_view name) {
  std::string out;
  for (std::size_t at = 0; at < name.size();) {
    const char32_t c = toLower(nextCodePoint(name, at));
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += static_cast<char>(c);
    } else if (c == '-' || c == ' ') {
      appendHyphen(out);
    } else {
      out += asciiOf(c);
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string LoginRegistry::allocate(std::string_view given_name, std::string_view family_name) {
  std::string base = foldForLogin(given_name) + "." + foldForLogin(family_name);
  if (base.front() < 'a' || base.front() > 'z') base.insert(0, "u");
  if (base.size() > kMaxBaseLength) base.resize(kMaxBaseLength);
  std::string login = base;
  for (std::uint64_t suffix = 2; taken_.contains(login); ++suffix) {
    login = base + std::to_string(suffix);
  }
  taken_.insert(login);
  return login;
}

}  // namespace cartable::generator
