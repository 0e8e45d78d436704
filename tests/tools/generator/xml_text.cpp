#include "tests/tools/generator/xml_text.h"

#include <cassert>
#include <cstdio>
#include <optional>

namespace cartable::generator {
namespace {

struct Decoded {
  char32_t code_point = 0;
  std::size_t length = 0;  // 0 when the bytes are not well-formed UTF-8
};

// The code point starting at `at` (no overlong forms, no surrogates).
Decoded decodeUtf8(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = 0;
  char32_t code_point = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07u;
  } else {
    return {};
  }
  if (at + length > text.size()) return {};
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(text[at + k]);
    if ((byte & 0xC0u) != 0x80u) return {};
    code_point = (code_point << 6) | (byte & 0x3Fu);
  }
  const bool overlong =
      (length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000);
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (overlong || surrogate || code_point > 0x10FFFF) return {};
  return {code_point, length};
}

// The ISO-8859-15 byte of a code point, if the charset has one.
std::optional<unsigned char> latin9Byte(char32_t code_point) {
  switch (code_point) {
    case U'\u20AC':
      return 0xA4;  // €
    case U'\u0160':
      return 0xA6;  // Š
    case U'\u0161':
      return 0xA8;  // š
    case U'\u017D':
      return 0xB4;  // Ž
    case U'\u017E':
      return 0xB8;  // ž
    case U'\u0152':
      return 0xBC;  // Œ
    case U'\u0153':
      return 0xBD;  // œ
    case U'\u0178':
      return 0xBE;  // Ÿ
    // The Latin-1 characters whose bytes Latin-9 gave to the ones above.
    case 0xA4:
    case 0xA6:
    case 0xA8:
    case 0xB4:
    case 0xB8:
    case 0xBC:
    case 0xBD:
    case 0xBE:
      return std::nullopt;
    default:
      break;
  }
  if (code_point < 0x80 || (code_point >= 0xA0 && code_point <= 0xFF)) {
    return static_cast<unsigned char>(code_point);
  }
  return std::nullopt;
}

// C0 controls other than tab and line ends are not XML 1.0 characters; the
// C1 ones are allowed but mean nothing in a name, and would read as
// windows-1252 punctuation in some tools.
bool forbiddenControl(char32_t code_point) {
  return (code_point < 0x20 && code_point != '\t' && code_point != '\n' && code_point != '\r') ||
         (code_point >= 0x80 && code_point < 0xA0);
}

std::string codePointName(char32_t code_point) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(code_point));
  return buffer;
}

// The name of the element whose start tag begins the line holding `at`.
std::string elementOfLine(std::string_view text, std::size_t at) {
  const std::size_t line_start =
      text.rfind('\n', at) == std::string_view::npos ? 0 : text.rfind('\n', at) + 1;
  std::size_t tag = text.find_first_not_of(' ', line_start);
  if (tag == std::string_view::npos || text[tag] != '<') return "";
  const std::size_t end = text.find_first_of(" />", tag + 1);
  return std::string(text.substr(tag + 1, end == std::string_view::npos ? 0 : end - tag - 1));
}

Error characterError(const std::string& file_name, std::string_view text, std::size_t at,
                     std::size_t line, const std::string& what) {
  const std::string element = elementOfLine(text, at);
  const std::string where = element.empty() ? "" : " (" + element + ")";
  return makeError(Errc::invalid_argument,
                   file_name + " line " + std::to_string(line) + where + ": " + what, element);
}

}  // namespace

std::string_view charsetName(XmlCharset charset) {
  return charset == XmlCharset::latin9 ? "ISO-8859-15" : "UTF-8";
}

std::string escapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
        break;
    }
  }
  return out;
}

XmlText::XmlText(XmlCharset charset) : charset_(charset) {
  utf8_ = "<?xml version=\"1.0\" encoding=\"" + std::string(charsetName(charset)) + "\"?>\n";
}

void XmlText::indent() {
  utf8_.append(2 * open_.size(), ' ');
}

void XmlText::startTag(std::string_view name, Attributes attributes) {
  indent();
  utf8_ += '<';
  utf8_ += name;
  for (const auto& [key, value] : attributes) {
    utf8_ += ' ';
    utf8_ += key;
    utf8_ += "=\"";
    utf8_ += escapeXml(value);
    utf8_ += '"';
  }
}

void XmlText::open(std::string_view name, Attributes attributes) {
  startTag(name, attributes);
  utf8_ += ">\n";
  open_.emplace_back(name);
}

void XmlText::close() {
  assert(!open_.empty());
  const std::string name = std::move(open_.back());
  open_.pop_back();
  indent();
  utf8_ += "</" + name + ">\n";
}

void XmlText::leaf(std::string_view name, std::string_view text) {
  startTag(name, {});
  utf8_ += '>';
  utf8_ += escapeXml(text);
  utf8_ += "</";
  utf8_ += name;
  utf8_ += ">\n";
}

void XmlText::empty(std::string_view name, Attributes attributes) {
  startTag(name, attributes);
  utf8_ += "/>\n";
}

Result<std::string> XmlText::encoded(const std::string& file_name) {
  while (!open_.empty()) close();
  std::string out;
  out.reserve(utf8_.size());
  std::size_t line = 1;
  for (std::size_t at = 0; at < utf8_.size();) {
    const Decoded decoded = decodeUtf8(utf8_, at);
    if (decoded.length == 0) {
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(utf8_[at]));
      return characterError(file_name, utf8_, at, line,
                            std::string("byte ") + byte + " is not valid UTF-8");
    }
    const char32_t c = decoded.code_point;
    if (forbiddenControl(c)) {
      return characterError(file_name, utf8_, at, line,
                            "control character " + codePointName(c) + " cannot be written");
    }
    if (charset_ == XmlCharset::latin9) {
      const auto byte = latin9Byte(c);
      if (!byte) {
        return characterError(file_name, utf8_, at, line,
                              codePointName(c) + " \"" + utf8_.substr(at, decoded.length) +
                                  "\" has no ISO-8859-15 encoding");
      }
      out += static_cast<char>(*byte);
    } else {
      out.append(utf8_, at, decoded.length);
    }
    line += c == '\n' ? 1 : 0;
    at += decoded.length;
  }
  return out;
}

}  // namespace cartable::generator
