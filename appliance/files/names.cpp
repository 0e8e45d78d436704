// File names: what is kept of the client's, and how it is sent back.
#include <cctype>

#include "core/base/utf8.h"
#include "files/files.h"

namespace cartable::files {
namespace {

constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMaxExtensionBytes = 16;

bool isContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}

// Each byte of a malformed UTF-8 name that is not ASCII becomes '_'.
std::string asUtf8(std::string_view name) {
  if (utf8::isValid(name)) return std::string(name);
  std::string out(name);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) >= 0x80) c = '_';
  }
  return out;
}

std::string withoutForbiddenCharacters(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) continue;
    out += std::string_view("\"<>:|?*").find(c) == std::string_view::npos ? c : '_';
  }
  return out;
}

std::string_view trimDotsAndSpaces(std::string_view name) {
  while (!name.empty() && (name.front() == '.' || name.front() == ' ')) name.remove_prefix(1);
  while (!name.empty() && (name.back() == '.' || name.back() == ' ')) name.remove_suffix(1);
  return name;
}

std::string shortened(const std::string& name) {
  if (name.size() <= kMaxNameBytes) return name;
  const std::size_t dot = name.rfind('.');
  std::string_view extension;
  if (dot != std::string::npos && name.size() - dot <= kMaxExtensionBytes) {
    extension = std::string_view(name).substr(dot);
  }
  const std::string_view stem =
      utf8::truncate(std::string_view(name).substr(0, name.size() - extension.size()),
                     kMaxNameBytes - extension.size());
  return std::string(stem) + std::string(extension);
}

bool isAttrChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
}

}  // namespace

std::string sanitiseFileName(std::string_view name) {
  const std::size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  const std::string cleaned = withoutForbiddenCharacters(asUtf8(name));
  const std::string result = shortened(std::string(trimDotsAndSpaces(cleaned)));
  return result.empty() ? "fichier" : result;
}

std::string attachmentDisposition(std::string_view name) {
  std::string fallback;
  std::string encoded;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (!isContinuationByte(c)) {
      fallback += (u >= 0x20 && u < 0x7f && c != '"' && c != '\\') ? c : '_';
    }
    if (isAttrChar(c)) {
      encoded += c;
    } else {
      encoded += '%';
      encoded += kHex[u >> 4];
      encoded += kHex[u & 0x0f];
    }
  }
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

}  // namespace cartable::files
