#include "api/route_table.h"

#include <cassert>

#include "core/base/log.h"
#include "core/http/problem.h"

namespace cartable::api {
namespace {

bool isUnsafe(http::Method method) { return method != http::Method::get; }

// The token from "Authorization: Bearer ..." (mobile) or the session cookie (browser).
std::string sessionToken(const http::Request& request, bool& from_cookie) {
  const std::string authorization = request.header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  from_cookie = false;
  if (authorization.starts_with(kBearer)) return authorization.substr(kBearer.size());
  from_cookie = true;
  return request.cookie(kSessionCookie);
}

Result<Principal> authenticate(Call& call) {
  bool from_cookie = false;
  const std::string token = sessionToken(call.request, from_cookie);
  if (token.empty()) {
    return makeError(Errc::unauthenticated, "connexion requise / sign-in required");
  }
  auto& accounts = call.services.accounts;
  CARTABLE_ASSIGN_OR_RETURN(auth::SessionInfo session, accounts.sessions().authenticate(token));
  // A browser cookie must not be accepted as a bearer token and vice versa.
  if (from_cookie != (session.kind == auth::SessionKind::browser)) {
    return makeError(Errc::unauthenticated, "connexion requise / sign-in required");
  }
  CARTABLE_ASSIGN_OR_RETURN(accounts::AccessState state, accounts.accessState(session.user_id));
  Principal principal;
  principal.user_id = session.user_id;
  principal.login = state.login;
  principal.roles = state.roles;
  principal.session_id = session.id;
  principal.session_kind = session.kind;
  principal.second_factor = session.second_factor;
  principal.must_change_password = state.must_change_password;
  principal.second_factor_required = state.second_factor_required;
  principal.second_factor_pending =
      state.second_factor_required && !(state.second_factor_enrolled && session.second_factor);
  return principal;
}

Status checkCsrf(Call& call) {
  if (call.who().session_kind != auth::SessionKind::browser || !isUnsafe(call.request.method)) {
    return okStatus();
  }
  const std::string offered = call.request.header(kCsrfHeader);
  CARTABLE_ASSIGN_OR_RETURN(bool matches, call.services.accounts.sessions().csrfMatches(
                                              call.who().session_id, offered));
  if (!matches) {
    return makeError(Errc::permission_denied,
                     "jeton CSRF absent ou incorrect / missing or wrong CSRF token",
                     "X-CSRF-Token");
  }
  return okStatus();
}

Status checkRestrictions(const Principal& principal) {
  if (principal.must_change_password) {
    return makeError(Errc::failed_precondition,
                     "changez d'abord votre mot de passe / change your password first",
                     "password");
  }
  if (principal.second_factor_pending) {
    return makeError(Errc::failed_precondition,
                     "activez d'abord la double authentification / set up two-factor sign-in "
                     "first",
                     "totp_code");
  }
  return okStatus();
}

// Runs every check that stands between a request and `route`'s handler.
Status admit(const ApiRoute& route, Call& call) {
  if (route.audience == Audience::anyone) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(call.principal, authenticate(call));
  CARTABLE_RETURN_IF_ERROR(checkCsrf(call));
  if (!route.open_when_restricted) CARTABLE_RETURN_IF_ERROR(checkRestrictions(call.who()));
  return route.access ? route.access(call) : okStatus();
}

// Turns a refused admission into its answer.
http::Response refusal(const Error& error) {
  http::Response refused = http::problem(error);
  if (error.code == Errc::unauthenticated) {
    refused.setHeader("WWW-Authenticate", "Bearer realm=\"cartable\"");
  }
  return refused;
}

}  // namespace

void RouteTable::add(ApiRoute route) {
  // A signed-in route without an access check would be open to every role.
  assert(route.audience == Audience::anyone || route.access);
  routes_.push_back(std::move(route));
}

void RouteTable::install(http::Router& router, Services& services) const {
  const std::uint64_t upload_limit = services.settings.limits.max_upload_bytes;
  for (const ApiRoute& route : routes_) {
    auto pipeline = [route, &services](http::Request& request) {
      Call call{request, services, std::nullopt};
      Status admitted = admit(route, call);
      if (!admitted.ok()) return refusal(admitted.error());
      return route.handler(call);
    };
    // An upload is only read once its sender is known and allowed.
    http::Gate gate;
    if (route.accepts_upload) {
      gate = [route, &services](http::Request& request) -> std::optional<http::Response> {
        Call call{request, services, std::nullopt};
        Status admitted = admit(route, call);
        if (!admitted.ok()) return refusal(admitted.error());
        return std::nullopt;
      };
    }
    router.add(route.method, route.pattern, pipeline, route.accepts_upload ? upload_limit : 0,
               gate);
  }
}

}  // namespace cartable::api
