#include "core/http/message.h"

#include <array>
#include <cctype>

namespace cartable::http {
namespace {

constexpr std::array<std::pair<Method, std::string_view>, 5> kMethodNames = {{
    {Method::get, "GET"},
    {Method::post, "POST"},
    {Method::put, "PUT"},
    {Method::patch, "PATCH"},
    {Method::del, "DELETE"},
}};

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower_a = std::tolower(static_cast<unsigned char>(a[i]));
    const auto lower_b = std::tolower(static_cast<unsigned char>(b[i]));
    if (lower_a != lower_b) return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Finds `name` in one Cookie header value ("a=1; b=2"); quotes around the
// value are dropped.
std::optional<std::string> findCookie(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const std::size_t end = header.find(';');
    const std::string_view pair = trim(header.substr(0, end));
    header = end == std::string_view::npos ? std::string_view{} : header.substr(end + 1);
    const std::size_t equals = pair.find('=');
    if (equals == std::string_view::npos || trim(pair.substr(0, equals)) != name) continue;
    std::string_view value = trim(pair.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return std::nullopt;
}

}  // namespace

std::string_view methodName(Method method) {
  for (const auto& [candidate, name] : kMethodNames) {
    if (candidate == method) return name;
  }
  return "GET";
}

std::optional<Method> parseMethod(std::string_view name) {
  // Method names are case-sensitive (RFC 9110, section 9.1).
  for (const auto& [method, candidate] : kMethodNames) {
    if (candidate == name) return method;
  }
  return std::nullopt;
}

std::string Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (equalsIgnoringCase(key, name)) return value;
  }
  return {};
}

std::string Request::cookie(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (!equalsIgnoringCase(key, "cookie")) continue;
    if (auto found = findCookie(value, name)) return *found;
  }
  return {};
}

void Response::setHeader(std::string name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (equalsIgnoringCase(key, name)) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

}  // namespace cartable::http
