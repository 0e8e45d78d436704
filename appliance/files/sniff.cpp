// Content types found from the bytes (magic numbers), never from the client.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/base/utf8.h"
#include "files/files.h"

namespace cartable::files {
namespace {

constexpr std::size_t kMaxZipEntries = 10000;

std::uint32_t littleEndian(std::string_view bytes, std::size_t at, int width) {
  std::uint32_t value = 0;
  for (int i = width - 1; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
  }
  return value;
}

bool startsWith(std::string_view content, std::string_view magic) {
  return content.substr(0, magic.size()) == magic;
}

// OpenDocument: the first ZIP entry is "mimetype", stored uncompressed.
std::optional<std::string> openDocumentType(std::string_view zip) {
  constexpr std::size_t kHeader = 30;
  if (zip.size() < kHeader || littleEndian(zip, 8, 2) != 0) return std::nullopt;
  const std::size_t name_length = littleEndian(zip, 26, 2);
  const std::size_t extra_length = littleEndian(zip, 28, 2);
  const std::size_t data_length = littleEndian(zip, 18, 4);
  if (zip.substr(kHeader, name_length) != "mimetype") return std::nullopt;
  const std::size_t data = kHeader + name_length + extra_length;
  if (data > zip.size()) return std::nullopt;
  const std::string_view type = zip.substr(data, data_length);
  for (std::string_view kind : {"text", "spreadsheet", "presentation"}) {
    if (type == "application/vnd.oasis.opendocument." + std::string(kind)) return std::string(type);
  }
  return std::nullopt;
}

// The entry names of a ZIP file's central directory (empty when unreadable).
std::vector<std::string_view> zipEntryNames(std::string_view zip) {
  constexpr std::size_t kEndRecord = 22;
  constexpr std::size_t kMaxComment = 0xffff;
  if (zip.size() < kEndRecord) return {};
  const std::size_t lowest =
      zip.size() > kEndRecord + kMaxComment ? zip.size() - kEndRecord - kMaxComment : 0;
  std::size_t end = zip.size() - kEndRecord;
  while (zip.substr(end, 4) != std::string_view("PK\x05\x06", 4)) {
    if (end == lowest) return {};
    --end;
  }
  const std::size_t count = std::min<std::size_t>(littleEndian(zip, end + 10, 2), kMaxZipEntries);
  std::size_t at = littleEndian(zip, end + 16, 4);
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < count; ++i) {
    if (at + 46 > zip.size() || zip.substr(at, 4) != std::string_view("PK\x01\x02", 4)) break;
    const std::size_t name_length = littleEndian(zip, at + 28, 2);
    const std::size_t skip =
        name_length + littleEndian(zip, at + 30, 2) + littleEndian(zip, at + 32, 2);
    names.push_back(zip.substr(at + 46, name_length));
    at += 46 + skip;
  }
  return names;
}

// Word, Excel and PowerPoint files: ZIP files with [Content_Types].xml and
// their main part's folder.
std::optional<std::string> officeOpenXmlType(std::string_view zip) {
  const auto names = zipEntryNames(zip);
  if (std::find(names.begin(), names.end(), "[Content_Types].xml") == names.end()) {
    return std::nullopt;
  }
  constexpr std::string_view kPrefix = "application/vnd.openxmlformats-officedocument.";
  for (std::string_view name : names) {
    if (name.starts_with("word/")) return std::string(kPrefix) + "wordprocessingml.document";
    if (name.starts_with("xl/")) return std::string(kPrefix) + "spreadsheetml.sheet";
    if (name.starts_with("ppt/")) return std::string(kPrefix) + "presentationml.presentation";
  }
  return std::nullopt;
}

bool isMp3(std::string_view content) {
  // An ID3v2 tag ("ID3", then major version 2, 3 or 4) before the first frame.
  if (content.size() >= 10 && startsWith(content, "ID3")) return content[3] >= 2 && content[3] <= 4;
  if (content.size() < 2) return false;
  const auto first = static_cast<unsigned char>(content[0]);
  const auto second = static_cast<unsigned char>(content[1]);
  // An MPEG audio frame header: 11 sync bits, then layer III.
  return first == 0xff && (second & 0xe0) == 0xe0 && (second & 0x06) == 0x02;
}

bool isM4a(std::string_view content) {
  if (content.size() < 12 || content.substr(4, 4) != "ftyp") return false;
  const std::string_view brand = content.substr(8, 4);
  return brand == "M4A " || brand == "M4B ";
}

// UTF-8 text (an optional BOM) with no control character but tab, line
// feed, carriage return and form feed.
bool isText(std::string_view content) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  if (!utf8::isValid(content)) return false;
  return std::none_of(content.begin(), content.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || u == 0x7f;
  });
}

}  // namespace

std::optional<std::string> sniffContentType(std::string_view content) {
  if (startsWith(content, "%PDF-")) return "application/pdf";
  if (startsWith(content, "\x89PNG\r\n\x1a\n")) return "image/png";
  if (startsWith(content, "\xff\xd8\xff")) return "image/jpeg";
  if (startsWith(content, "GIF87a") || startsWith(content, "GIF89a")) return "image/gif";
  if (content.size() >= 12 && startsWith(content, "RIFF") && content.substr(8, 4) == "WEBP") {
    return "image/webp";
  }
  if (startsWith(content, std::string_view("PK\x03\x04", 4))) {
    if (auto type = openDocumentType(content)) return type;
    return officeOpenXmlType(content);
  }
  if (isM4a(content)) return "audio/mp4";
  if (isMp3(content)) return "audio/mpeg";
  if (!content.empty() && isText(content)) return "text/plain";
  return std::nullopt;
}

}  // namespace cartable::files
