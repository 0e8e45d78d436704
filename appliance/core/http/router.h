// Maps (method, path) to a handler. Patterns are literal segments and
// {name} parameters: "/api/v1/users/{id}/sessions".
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/http/message.h"

namespace cartable::http {

using Handler = std::function<Response(Request&)>;
// Runs on the request line and headers, before the body is read; an answer
// refuses the request without reading its body (large uploads are admitted
// only once their sender is known).
using Gate = std::function<std::optional<Response>(Request&)>;

struct Route {
  Method method;
  std::string pattern;
  Handler handler;
  std::uint64_t max_body_bytes = 0;  // 0: the server's limits.max_body_bytes
  Gate gate;                         // may be empty
};

class Router {
 public:
  // Adds a route. Adding the same (method, pattern) twice is a programming
  // error (asserts).
  // `max_body_bytes` above 0 replaces the server's body limit for this route
  // (uploads).
  void add(Method method, std::string pattern, Handler handler, std::uint64_t max_body_bytes = 0,
           Gate gate = {});

  enum class Match { found, not_found, method_not_allowed };
  struct Lookup {
    Match match = Match::not_found;
    const Route* route = nullptr;                     // when found
    std::vector<Method> allowed;                      // when method_not_allowed
  };
  // Finds the route for `request`, filling request.path_params on success.
  // Literal segments win over parameters at the same position.
  Lookup find(Request& request) const;

  const std::vector<Route>& routes() const { return routes_; }

  // Answers GET requests for paths that no route matches (the web client's
  // files); find() reports it as found, with the pattern "/*".
  void setFallback(Handler handler);

 private:
  std::vector<Route> routes_;
  std::optional<Route> fallback_;
};

}  // namespace cartable::http
