#include "core/http/multipart.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <utility>

#include "core/http/json.h"

namespace cartable::http {
namespace {

constexpr std::size_t kMaxBoundary = 70;  // RFC 2046
constexpr std::size_t kMaxPadding = 64;   // spaces or tabs after a boundary line

struct HeaderValue {
  std::string value;                                            // lower case
  std::vector<std::pair<std::string, std::string>> parameters;  // names in lower case
};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool isSpace(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && isSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
  return text;
}

bool isTokenChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (std::isalnum(u)) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isControl(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\t') || u == 0x7f;
}

void skipSpaces(std::string_view text, std::size_t& i) {
  while (i < text.size() && isSpace(text[i])) ++i;
}

// A quoted value ends at the next double quote: browsers send a quote inside
// a file name as %22 and a backslash as is, so backslash is not an escape.
std::optional<std::string> readValue(std::string_view text, std::size_t& i) {
  if (i < text.size() && text[i] == '"') {
    const std::size_t close = text.find('"', i + 1);
    if (close == std::string_view::npos) return std::nullopt;
    std::string value(text.substr(i + 1, close - i - 1));
    i = close + 1;
    return value;
  }
  const std::size_t start = i;
  while (i < text.size() && text[i] != ';' && !isSpace(text[i]) && text[i] != '"') ++i;
  if (i == start) return std::nullopt;
  return std::string(text.substr(start, i - start));
}

// `value; name=token; name="quoted"`: nothing when the syntax is wrong or a
// parameter is given twice.
std::optional<HeaderValue> parseHeaderValue(std::string_view text) {
  HeaderValue out;
  std::size_t i = std::min(text.find(';'), text.size());
  out.value = lower(trim(text.substr(0, i)));
  while (i < text.size()) {
    ++i;  // the ';'
    skipSpaces(text, i);
    if (i == text.size()) break;
    const std::size_t start = i;
    while (i < text.size() && isTokenChar(text[i])) ++i;
    if (i == start) return std::nullopt;
    std::string name = lower(text.substr(start, i - start));
    skipSpaces(text, i);
    if (i == text.size() || text[i] != '=') return std::nullopt;
    ++i;
    skipSpaces(text, i);
    auto value = readValue(text, i);
    if (!value) return std::nullopt;
    skipSpaces(text, i);
    if (i < text.size() && text[i] != ';') return std::nullopt;
    for (const auto& [seen, unused] : out.parameters) {
      if (seen == name) return std::nullopt;
    }
    out.parameters.emplace_back(std::move(name), std::move(*value));
  }
  return out;
}

const std::string* parameter(const HeaderValue& header, std::string_view name) {
  for (const auto& [key, value] : header.parameters) {
    if (key == name) return &value;
  }
  return nullptr;
}

bool isBoundaryChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

Error malformed(const std::string& message, const std::string& field = {}) {
  return makeError(Errc::malformed, message, field);
}

Error partError(std::size_t index, const std::string& message) {
  return malformed("multipart part " + std::to_string(index) + ": " + message);
}

struct PartHeaders {
  std::optional<std::string> disposition;
  std::optional<std::string> content_type;
};

// Reads the header lines of part `index`; `block` excludes the final CRLF CRLF.
Result<PartHeaders> readHeaderLines(std::string_view block, std::size_t index,
                                    const MultipartLimits& limits) {
  PartHeaders out;
  std::size_t count = 0;
  while (!block.empty()) {
    const std::size_t end = std::min(block.find("\r\n"), block.size());
    const std::string_view line = block.substr(0, end);
    block = end == block.size() ? std::string_view{} : block.substr(end + 2);
    if (++count > limits.max_headers) {
      return partError(index, "more than " + std::to_string(limits.max_headers) + " headers");
    }
    if (line.empty() || isSpace(line.front())) {
      return partError(index, "folded or empty header line " + std::to_string(count));
    }
    if (std::any_of(line.begin(), line.end(), isControl)) {
      return partError(index, "header line " + std::to_string(count) + " has a control character");
    }
    const std::size_t colon = line.find(':');
    const std::string_view raw_name = line.substr(0, colon);
    if (colon == std::string_view::npos || raw_name.empty() ||
        !std::all_of(raw_name.begin(), raw_name.end(), isTokenChar)) {
      return partError(index, "header line " + std::to_string(count) + " is not \"Name: value\"");
    }
    const std::string name = lower(raw_name);
    std::optional<std::string>* slot = name == "content-disposition" ? &out.disposition
                                       : name == "content-type"      ? &out.content_type
                                                                     : nullptr;
    if (slot == nullptr) continue;  // other headers (Content-Transfer-Encoding...) are ignored
    if (slot->has_value()) return partError(index, "repeated " + std::string(raw_name) + " header");
    *slot = std::string(trim(line.substr(colon + 1)));
  }
  return out;
}

Status checkName(std::string_view value, std::string_view what, std::size_t index,
                 const MultipartLimits& limits) {
  if (value.size() > limits.max_name_bytes) {
    return partError(index, std::string(what) + " longer than " +
                                std::to_string(limits.max_name_bytes) + " bytes");
  }
  if (!isValidUtf8(value)) return partError(index, std::string(what) + " is not valid UTF-8");
  return okStatus();
}

// Fills the name, file name and content type of part `index` from its headers.
Status describePart(const PartHeaders& headers, std::size_t index, const MultipartLimits& limits,
                    MultipartPart& part) {
  if (!headers.disposition) return partError(index, "missing Content-Disposition");
  const auto disposition = parseHeaderValue(*headers.disposition);
  if (!disposition) return partError(index, "Content-Disposition cannot be read");
  if (disposition->value != "form-data") {
    return partError(index, "Content-Disposition must be form-data");
  }
  const std::string* name = parameter(*disposition, "name");
  if (name == nullptr || name->empty()) return partError(index, "Content-Disposition has no name");
  CARTABLE_RETURN_IF_ERROR(checkName(*name, "field name", index, limits));
  part.name = *name;
  if (const std::string* filename = parameter(*disposition, "filename")) {
    CARTABLE_RETURN_IF_ERROR(checkName(*filename, "file name", index, limits));
    part.filename = *filename;
  }
  part.content_type = "text/plain";
  if (headers.content_type) {
    const auto type = parseHeaderValue(*headers.content_type);
    if (!type || type->value.find('/') == std::string::npos) {
      return partError(index, "Content-Type cannot be read");
    }
    part.content_type = lower(trim(*headers.content_type));
  }
  return okStatus();
}

// Where the header block of the part starting at `start` ends (the index of
// its final CRLF CRLF, or `start` - 2 when the part has no header at all).
Result<std::size_t> headerBlockEnd(std::string_view body, std::size_t start, std::size_t index,
                                   const MultipartLimits& limits) {
  if (body.substr(start, 2) == "\r\n") return start - 2;
  const std::string_view window = body.substr(start, limits.max_header_bytes + 4);
  const std::size_t end = window.find("\r\n\r\n");
  if (end != std::string_view::npos) return start + end;
  if (window.size() < limits.max_header_bytes + 4) {
    return partError(index, "headers do not end with an empty line");
  }
  return partError(index,
                   "headers longer than " + std::to_string(limits.max_header_bytes) + " bytes");
}

}  // namespace

Result<std::string> multipartBoundary(std::string_view content_type) {
  const auto header = parseHeaderValue(content_type);
  if (!header || header->value != "multipart/form-data") {
    return malformed("Content-Type must be multipart/form-data with a boundary", "Content-Type");
  }
  const std::string* boundary = parameter(*header, "boundary");
  if (boundary == nullptr || boundary->empty()) {
    return malformed("Content-Type has no boundary parameter", "Content-Type");
  }
  if (boundary->size() > kMaxBoundary || boundary->back() == ' ' ||
      !std::all_of(boundary->begin(), boundary->end(), isBoundaryChar)) {
    return malformed(
        "the multipart boundary must be 1 to 70 letters, digits or '()+_,-./:=? "
        "and must not end with a space",
        "Content-Type");
  }
  return *boundary;
}

Result<std::vector<MultipartPart>> parseMultipart(std::string_view content_type,
                                                  std::string_view body,
                                                  const MultipartLimits& limits) {
  CARTABLE_ASSIGN_OR_RETURN(const std::string boundary, multipartBoundary(content_type));
  const std::string delimiter = "--" + boundary;
  const std::string separator = "\r\n" + delimiter;
  std::size_t pos = 0;
  if (!body.starts_with(delimiter)) {
    pos = body.find(separator);
    if (pos == std::string_view::npos) return malformed("multipart: no boundary line in the body");
    pos += 2;
  }
  const std::boyer_moore_horspool_searcher find_separator(separator.begin(), separator.end());
  std::vector<MultipartPart> parts;
  for (std::size_t index = 1;; ++index) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--")
      return parts;  // the closing delimiter; the epilogue is ignored
    const std::size_t padding_start = pos;
    skipSpaces(body, pos);
    if (pos - padding_start > kMaxPadding || body.substr(pos, 2) != "\r\n") {
      return partError(index, "boundary line not followed by CRLF");
    }
    pos += 2;
    if (index > limits.max_parts) {
      return malformed("multipart: more than " + std::to_string(limits.max_parts) + " parts");
    }
    CARTABLE_ASSIGN_OR_RETURN(const std::size_t header_end,
                              headerBlockEnd(body, pos, index, limits));
    const std::string_view block =
        header_end < pos ? std::string_view{} : body.substr(pos, header_end - pos);
    CARTABLE_ASSIGN_OR_RETURN(const PartHeaders headers, readHeaderLines(block, index, limits));
    MultipartPart part;
    CARTABLE_RETURN_IF_ERROR(describePart(headers, index, limits, part));
    const std::size_t content_start = header_end + 4;
    const auto found = std::search(body.begin() + static_cast<std::ptrdiff_t>(content_start),
                                   body.end(), find_separator);
    if (found == body.end()) return partError(index, "the body ends before the closing boundary");
    const auto next = static_cast<std::size_t>(found - body.begin());
    part.content = body.substr(content_start, next - content_start);
    parts.push_back(std::move(part));
    pos = next + 2;
  }
}

}  // namespace cartable::http
