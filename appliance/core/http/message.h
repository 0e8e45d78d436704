// The request and response seen by route handlers, independent of Poco's
// stream-based classes so that handlers are easy to test.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cartable::http {

class StreamConnection;

enum class Method { get, post, put, patch, del };

std::string_view methodName(Method method);  // "GET", "POST", ...
std::optional<Method> parseMethod(std::string_view name);

struct Request {
  Method method = Method::get;
  std::string path;                                          // decoded, without the query
  std::map<std::string, std::string> query;                  // decoded query parameters
  std::map<std::string, std::string> path_params;            // filled by the router
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote_address;  // the client's IP address, no port
  bool secure = false;         // arrived over TLS
  bool via_proxy = false;      // from a trusted reverse proxy (address and TLS as it reported)

  // First header named `name` (case-insensitive), or empty.
  std::string header(std::string_view name) const;
  // Value of cookie `name` from the Cookie header, or empty.
  std::string cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // A streaming answer (server-sent events): once the status, the headers
  // and `body` are written, the connection goes to `stream` and the worker
  // thread is free. Empty for an ordinary answer.
  std::function<void(std::unique_ptr<StreamConnection>)> stream = nullptr;

  void setHeader(std::string name, std::string value);
};

}  // namespace cartable::http
