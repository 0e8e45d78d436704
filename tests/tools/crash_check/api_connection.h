// One keep-alive HTTP connection to the node's JSON API on 127.0.0.1.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPClientSession.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>

#include "core/base/result.h"

namespace cartable::crash {

struct Reply {
  int status = 0;
  std::string body;
};

class ApiConnection {
 public:
  explicit ApiConnection(std::uint16_t port);

  // Sends one request, with `body` (of `content_type`) unless empty and
  // `token` as the bearer token unless empty. A refused connection (nothing was sent) is
  // Errc::unavailable; any other transport failure, after which the request
  // may or may not have been handled, is Errc::io_error. Never throws.
  Result<Reply> send(const std::string& method, const std::string& path, const std::string& body,
                     const std::string& token = {},
                     const std::string& content_type = "application/json");

 private:
  std::uint16_t port_;
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
};

// The JSON object in `body`, or an error quoting it.
Result<Poco::JSON::Object::Ptr> parseObject(const std::string& body);
// A JSON object text from alternating keys and string values.
std::string jsonObject(std::initializer_list<std::pair<std::string, std::string>> members);
// "METHOD path: status body" for error messages.
std::string describe(const std::string& what, const Reply& reply);

}  // namespace cartable::crash
