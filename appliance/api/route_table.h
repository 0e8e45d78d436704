// The API's routes with, for each, who may call it. Authentication, CSRF,
// account restrictions and the route's access check run in one place
// (RouteTable::install) before any handler.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/call.h"
#include "core/http/router.h"

namespace cartable::api {

// Decides whether the signed-in principal may call the route on the target
// named by the path. Returns ok, or permission_denied / not_found.
using AccessCheck = std::function<Status(Call&)>;
using ApiHandler = std::function<http::Response(Call&)>;

enum class Audience {
  anyone,         // no session needed (sign-in, health)
  signed_in,      // any valid session; the access check refines
};

struct ApiRoute {
  http::Method method;
  std::string pattern;
  Audience audience;
  AccessCheck access;      // run for signed_in routes; may be empty for anyone
  ApiHandler handler;
  bool open_when_restricted = false;  // reachable before password change / TOTP enrollment
  bool accepts_upload = false;        // body up to limits.max_upload_bytes, not max_body_bytes
};

class RouteTable {
 public:
  void add(ApiRoute route);
  const std::vector<ApiRoute>& routes() const { return routes_; }
  // Registers every route on `router`, wrapped in the authentication and
  // authorisation pipeline. `services` must outlive the router.
  void install(http::Router& router, Services& services) const;

 private:
  std::vector<ApiRoute> routes_;
};

// Cookie names used by browsers.
inline constexpr const char* kSessionCookie = "cartable_session";
inline constexpr const char* kCsrfCookie = "cartable_csrf";
inline constexpr const char* kCsrfHeader = "x-csrf-token";

}  // namespace cartable::api
