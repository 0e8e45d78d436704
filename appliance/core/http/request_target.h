// Internal to the HTTP server: the request-target of the request line
// ("/a%20b?x=1") split into a decoded path and decoded query parameters.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace cartable::http {

struct RequestTarget {
  std::string raw_path;                      // as sent, without the query
  std::string path;                          // percent-decoded UTF-8
  std::map<std::string, std::string> query;  // first value of each name
};

// Accepts origin-form ("/path?query") and absolute-form
// ("https://host/path?query"). Refuses (invalid_argument) bad percent
// escapes, invalid UTF-8 and NUL bytes in the path or the query.
Result<RequestTarget> parseRequestTarget(std::string_view target);

}  // namespace cartable::http
