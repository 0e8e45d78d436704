// Reading an import file: size limits, ZIP archives and the encodings French
// school software writes (ISO-8859-15 from SIECLE, windows-1252 from Excel).
#include <Poco/Exception.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "imports/parsers.h"

namespace cartable::imports {
namespace {

// Large enough for the biggest lycée's exports, small enough to hold in memory.
constexpr std::uintmax_t kMaxImportBytes = 64u * 1024u * 1024u;
constexpr std::string_view kZipMagic{"PK\x03\x04", 4};
constexpr std::string_view kUtf8Bom{"\xEF\xBB\xBF", 3};

enum class Charset { utf8, latin1, latin9, windows1252 };

Error fileError(Errc code, const std::string& path, const std::string& what) {
  return makeError(code, path + ": " + what, "file");
}

void appendUtf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// The eight places where ISO-8859-15 differs from ISO-8859-1.
char32_t latin9CodePoint(unsigned char byte) {
  switch (byte) {
    case 0xA4:
      return U'\u20AC';  // €
    case 0xA6:
      return U'\u0160';  // Š
    case 0xA8:
      return U'\u0161';  // š
    case 0xB4:
      return U'\u017D';  // Ž
    case 0xB8:
      return U'\u017E';  // ž
    case 0xBC:
      return U'\u0152';  // Œ
    case 0xBD:
      return U'\u0153';  // œ
    case 0xBE:
      return U'\u0178';  // Ÿ
    default:
      return byte;
  }
}

// windows-1252 puts printable characters where Latin-1 has C1 controls;
// the five unassigned bytes keep their Latin-1 meaning, as Windows does.
char32_t windows1252CodePoint(unsigned char byte) {
  static constexpr char32_t kHigh[32] = {
      U'\u20AC', 0x81,      U'\u201A', U'\u0192', U'\u201E', U'\u2026', U'\u2020', U'\u2021',
      U'\u02C6', U'\u2030', U'\u0160', U'\u2039', U'\u0152', 0x8D,      U'\u017D', 0x8F,
      0x90,      U'\u2018', U'\u2019', U'\u201C', U'\u201D', U'\u2022', U'\u2013', U'\u2014',
      U'\u02DC', U'\u2122', U'\u0161', U'\u203A', U'\u0153', 0x9D,      U'\u017E', U'\u0178'};
  return byte >= 0x80 && byte < 0xA0 ? kHigh[byte - 0x80] : byte;
}

std::string toUtf8(std::string_view bytes, Charset charset) {
  if (charset == Charset::utf8) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    switch (charset) {
      case Charset::latin9:
        appendUtf8(out, latin9CodePoint(byte));
        break;
      case Charset::windows1252:
        appendUtf8(out, windows1252CodePoint(byte));
        break;
      default:
        appendUtf8(out, byte);
        break;
    }
  }
  return out;
}

// The offset of the first byte that is not part of well-formed UTF-8
// (no overlong forms, no surrogates, nothing past U+10FFFF), if any.
std::optional<std::size_t> firstInvalidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned char min_second = 0x80;
    unsigned char max_second = 0xBF;
    if (lead < 0x80) {
      length = 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) min_second = 0xA0;
      if (lead == 0xED) max_second = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) min_second = 0x90;
      if (lead == 0xF4) max_second = 0x8F;
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + k]);
      const unsigned char low = k == 1 ? min_second : 0x80;
      const unsigned char high = k == 1 ? max_second : 0xBF;
      if (byte < low || byte > high) return i;
    }
    i += length;
  }
  return std::nullopt;
}

std::size_t lineOf(std::string_view text, std::size_t offset) {
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// Where the value of `encoding="..."` sits in an XML declaration.
struct DeclaredEncoding {
  std::size_t begin = 0;
  std::size_t length = 0;
  std::string name;
};

std::optional<DeclaredEncoding> findDeclaredEncoding(std::string_view text) {
  if (!text.starts_with("<?xml")) return std::nullopt;
  const auto declaration_end = text.find("?>");
  if (declaration_end == std::string_view::npos) return std::nullopt;
  const auto declaration = text.substr(0, declaration_end);
  auto at = declaration.find("encoding");
  if (at == std::string_view::npos) return std::nullopt;
  at = declaration.find_first_not_of(" \t\r\n", at + 8);
  if (at == std::string_view::npos || declaration[at] != '=') return std::nullopt;
  at = declaration.find_first_not_of(" \t\r\n", at + 1);
  if (at == std::string_view::npos || (declaration[at] != '"' && declaration[at] != '\'')) {
    return std::nullopt;
  }
  const auto close = declaration.find(declaration[at], at + 1);
  if (close == std::string_view::npos) return std::nullopt;
  return DeclaredEncoding{at + 1, close - at - 1,
                          std::string(declaration.substr(at + 1, close - at - 1))};
}

// ISO-8859-1 and windows-1252 are decoded as what they say, not as Latin-9:
// an editor that re-saved the file under that label wrote those bytes.
std::optional<Charset> charsetNamed(const std::string& name) {
  std::string key;
  for (char c : name) {
    if (c == '-' || c == '_') continue;
    key += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  if (key == "UTF8" || key == "USASCII" || key == "ASCII") return Charset::utf8;
  if (key == "ISO885915" || key == "LATIN9") return Charset::latin9;
  if (key == "ISO88591" || key == "LATIN1") return Charset::latin1;
  if (key == "WINDOWS1252" || key == "CP1252") return Charset::windows1252;
  return std::nullopt;
}

// `why` says what announced UTF-8: the declaration or a byte order mark.
Result<std::string> requireUtf8(std::string text, const std::string& path, const std::string& why) {
  const auto bad = firstInvalidUtf8(text);
  if (!bad) return text;
  return fileError(
      Errc::invalid_argument, path,
      "line " + std::to_string(lineOf(text, *bad)) + " is not valid UTF-8, although " + why);
}

Result<std::string> decodeXml(std::string text, const DeclaredEncoding& declared,
                              const std::string& path) {
  const auto charset = charsetNamed(declared.name);
  if (!charset) {
    return fileError(Errc::invalid_argument, path,
                     "unsupported encoding '" + declared.name +
                         "' in the XML declaration (expected UTF-8 or ISO-8859-15)");
  }
  if (*charset == Charset::utf8) {
    return requireUtf8(std::move(text), path, "the XML declares " + declared.name);
  }
  // The declaration is ASCII, so rewriting it before converting keeps the offsets.
  text.replace(declared.begin, declared.length, "UTF-8");
  return toUtf8(text, *charset);
}

// Text without a declared encoding (CSV, or XML without one) is taken as
// UTF-8 when it is valid UTF-8. Otherwise bytes 0x80-0x9F, control codes in
// ISO-8859-15, betray windows-1252 (what Excel writes); else ISO-8859-15.
std::string decodeUndeclared(std::string text) {
  if (!firstInvalidUtf8(text)) return text;
  const bool has_c1 = std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x80 && byte < 0xA0;
  });
  return toUtf8(text, has_c1 ? Charset::windows1252 : Charset::latin9);
}

Result<std::string> decodeText(std::string bytes, const std::string& path) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return fileError(Errc::invalid_argument, path,
                     "the file is UTF-16; save it as UTF-8 or ISO-8859-15");
  }
  if (bytes.starts_with(kUtf8Bom)) {
    bytes.erase(0, kUtf8Bom.size());
    return requireUtf8(std::move(bytes), path, "the file starts with a UTF-8 byte order mark");
  }
  const auto declared = findDeclaredEncoding(bytes);
  if (declared) return decodeXml(std::move(bytes), *declared, path);
  return decodeUndeclared(std::move(bytes));
}

bool isImportEntry(const std::string& name) {
  if (name.starts_with("__MACOSX/")) return false;  // resource forks added by macOS
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.ends_with(".xml") || lower.ends_with(".csv");
}

bool escapesArchive(const std::string& name) {
  if (name.starts_with('/') || name.starts_with('\\')) return true;
  std::string::size_type start = 0;
  while (start <= name.size()) {
    const auto end = name.find_first_of("/\\", start);
    const auto part = name.substr(start, end == std::string::npos ? end : end - start);
    if (part == "..") return true;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return false;
}

Result<std::string> readEntry(std::istream& in, const Poco::Zip::ZipLocalFileHeader& header,
                              const std::string& path) {
  const std::string where = "entry '" + header.getFileName() + "'";
  const std::string too_large =
      where + " is larger than 64 MiB once uncompressed; split the export";
  if (header.getUncompressedSize() > kMaxImportBytes) {
    return fileError(Errc::resource_exhausted, path, too_large);
  }
  Poco::Zip::ZipInputStream entry(in, header);
  // A damaged entry (bad CRC, truncated data) must fail, not read as shorter.
  entry.exceptions(std::ios::badbit);
  std::string content;
  char buffer[64 * 1024];
  // The declared size can lie: count what actually comes out.
  while (entry.read(buffer, sizeof buffer) || entry.gcount() > 0) {
    content.append(buffer, static_cast<std::size_t>(entry.gcount()));
    if (content.size() > kMaxImportBytes) {
      return fileError(Errc::resource_exhausted, path, too_large);
    }
  }
  return content;
}

Result<std::string> extractSingleEntry(std::string archive_bytes, const std::string& path) {
  std::istringstream in(std::move(archive_bytes));
  const Poco::Zip::ZipArchive archive(in);
  std::vector<const Poco::Zip::ZipLocalFileHeader*> candidates;
  for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
    if (escapesArchive(it->first)) {
      return fileError(Errc::invalid_argument, path,
                       "the archive entry '" + it->first + "' points outside the archive");
    }
    // The name first: Poco's isFile() reads the last character of the name,
    // which an entry with an empty name does not have.
    if (isImportEntry(it->first) && it->second.isFile()) candidates.push_back(&it->second);
  }
  if (candidates.empty()) {
    return fileError(Errc::invalid_argument, path, "the archive holds no .xml or .csv file");
  }
  if (candidates.size() > 1) {
    std::string names;
    for (const auto* header : candidates) {
      names += (names.empty() ? "'" : ", '") + header->getFileName() + "'";
    }
    return fileError(
        Errc::invalid_argument, path,
        "the archive holds several import files (" + names + "); send them one by one");
  }
  return readEntry(in, *candidates.front(), path);
}

Result<std::string> readWholeFile(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) return fileError(Errc::not_found, path, "cannot open the file: " + error.message());
  if (size > kMaxImportBytes) {
    return fileError(Errc::resource_exhausted, path, "the file is larger than 64 MiB");
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    return fileError(Errc::io_error, path, "cannot read the file");
  }
  return bytes;
}

// Unzips if needed, then converts to UTF-8; `name` is what errors call the file.
Result<std::string> decode(std::string bytes, const std::string& name) {
  try {
    if (bytes.starts_with(kZipMagic)) {
      CARTABLE_ASSIGN_OR_RETURN(bytes, extractSingleEntry(std::move(bytes), name));
    }
    return decodeText(std::move(bytes), name);
  } catch (const Poco::Exception& e) {
    return fileError(Errc::invalid_argument, name,
                     "the archive is damaged or incomplete: " + e.displayText());
  } catch (const std::exception& e) {
    return fileError(Errc::invalid_argument, name,
                     std::string("cannot read the file: ") + e.what());
  }
}

}  // namespace

Result<std::string> decodeImportBytes(std::string_view bytes, const std::string& name) {
  if (bytes.size() > kMaxImportBytes) {
    return fileError(Errc::resource_exhausted, name, "the file is larger than 64 MiB");
  }
  return decode(std::string(bytes), name);
}

Result<std::string> readImportFile(const std::string& path) {
  try {
    CARTABLE_ASSIGN_OR_RETURN(std::string bytes, readWholeFile(path));
    return decode(std::move(bytes), path);
  } catch (const std::exception& e) {
    return fileError(Errc::io_error, path, std::string("cannot read the file: ") + e.what());
  }
}

std::string latin9ToUtf8(std::string_view bytes) {
  return toUtf8(bytes, Charset::latin9);
}

}  // namespace cartable::imports
