#include "core/http/request_target.h"

#include <optional>

#include "core/http/json.h"

namespace cartable::http {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes (and '+' as a space in query strings); nothing when
// an escape is malformed or the result is not UTF-8 without NUL.
std::optional<std::string> percentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c != '%') {
      out += c;
    } else {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hexValue(text[i + 1]);
      const int low = hexValue(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    }
  }
  if (out.find('\0') != std::string::npos || !isValidUtf8(out)) return std::nullopt;
  return out;
}

// "a=1&b=&c" -> {a: "1", b: "", c: ""}.
std::optional<std::map<std::string, std::string>> parseQuery(std::string_view query) {
  std::map<std::string, std::string> parameters;
  while (!query.empty()) {
    const std::size_t end = query.find('&');
    const std::string_view pair = query.substr(0, end);
    query = end == std::string_view::npos ? std::string_view{} : query.substr(end + 1);
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    auto name = percentDecode(pair.substr(0, equals), true);
    auto value = percentDecode(
        equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1), true);
    if (!name || !value) return std::nullopt;
    parameters.emplace(std::move(*name), std::move(*value));
  }
  return parameters;
}

// The path-and-query part of an absolute-form target ("https://host/p?q"
// gives "/p?q", "https://host?q" gives "?q"), else `target` itself.
std::string_view originForm(std::string_view target) {
  const std::size_t scheme_end = target.find("://");
  if (target.starts_with("/") || scheme_end == std::string_view::npos) return target;
  const std::size_t path_start = target.find_first_of("/?", scheme_end + 3);
  return path_start == std::string_view::npos ? std::string_view{} : target.substr(path_start);
}

}  // namespace

Result<RequestTarget> parseRequestTarget(std::string_view target) {
  const bool absolute_form =
      !target.starts_with("/") && target.find("://") != std::string_view::npos;
  target = originForm(target);
  const std::size_t question = target.find('?');
  RequestTarget result;
  result.raw_path = std::string(target.substr(0, question));
  // An absolute-form target may omit the path: "https://host" means "/".
  if (absolute_form && result.raw_path.empty()) result.raw_path.assign(1, '/');
  if (!result.raw_path.starts_with("/")) {
    return makeError(Errc::invalid_argument, "request target must be an absolute path");
  }
  auto path = percentDecode(result.raw_path, false);
  if (!path) {
    return makeError(Errc::invalid_argument,
                     "request path is not valid percent-encoded UTF-8 without NUL");
  }
  result.path = std::move(*path);
  if (question != std::string_view::npos) {
    auto query = parseQuery(target.substr(question + 1));
    if (!query) {
      return makeError(Errc::invalid_argument,
                       "query string is not valid percent-encoded UTF-8 without NUL");
    }
    result.query = std::move(*query);
  }
  return result;
}

}  // namespace cartable::http
