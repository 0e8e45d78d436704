// Signing in and out.
#include "api/access.h"
#include "api/routes.h"
#include "api/views.h"
#include "core/http/problem.h"

namespace cartable::api {
namespace {

using http::Method;

std::string cookie(const std::string& name, const std::string& value, bool http_only, bool secure,
                   Seconds max_age) {
  std::string out = name + "=" + value + "; Path=/; SameSite=Strict; Max-Age=" +
                    std::to_string(max_age);
  if (http_only) out += "; HttpOnly";
  if (secure) out += "; Secure";
  return out;
}

Result<accounts::SignInRequest> readSignIn(Call& call) {
  CARTABLE_ASSIGN_OR_RETURN(http::JsonObject body, call.body());
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"login", "password", "totp_code", "client"}));
  accounts::SignInRequest request;
  CARTABLE_ASSIGN_OR_RETURN(request.login, body.requiredString("login", 64));
  CARTABLE_ASSIGN_OR_RETURN(request.password, body.requiredString("password", 256));
  CARTABLE_ASSIGN_OR_RETURN(auto code, body.optionalString("totp_code", 16));
  request.totp_code = code.value_or("");
  CARTABLE_ASSIGN_OR_RETURN(auto client, body.optionalString("client", 16));
  if (client && *client != "browser" && *client != "mobile") {
    return makeError(Errc::invalid_argument, "\"client\" must be \"browser\" or \"mobile\"",
                     "client");
  }
  request.kind = client == "mobile" ? auth::SessionKind::bearer : auth::SessionKind::browser;
  request.origin = call.origin();
  return request;
}

http::Response signIn(Call& call) {
  auto request = readSignIn(call);
  if (!request.ok()) return http::problem(request.error());
  auto& accounts = call.services.accounts;
  auto signed_in = accounts.signIn(*request);
  if (!signed_in.ok()) {
    http::Response refused = http::problem(signed_in.error());
    if (signed_in.error().code == Errc::too_many_requests) {
      refused.setHeader("Retry-After", std::to_string(accounts.retryAfter(
                                           request->login, request->origin.remote_address)));
    }
    return refused;
  }
  auto state = accounts.accessState(signed_in->user_id);
  if (!state.ok()) return http::problem(state.error());
  const auth::IssuedSession& session = signed_in->session;
  auto body = http::newObject();
  body->set("user_id", signed_in->user_id);
  body->set("roles", views::roles(state->roles));
  body->set("expires_at", session.expires_at);
  body->set("must_change_password", state->must_change_password);
  body->set("second_factor_setup_required",
            state->second_factor_required && !state->second_factor_enrolled);
  if (request->kind == auth::SessionKind::bearer) {
    body->set("token", session.token);
    return http::jsonResponse(201, body);
  }
  body->set("csrf_token", session.csrf_token);
  http::Response response = http::jsonResponse(201, body);
  const Seconds max_age = session.expires_at - call.services.clock.now();
  const bool secure = call.request.secure;
  response.headers.emplace_back("Set-Cookie",
                                cookie(kSessionCookie, session.token, true, secure, max_age));
  response.headers.emplace_back("Set-Cookie",
                                cookie(kCsrfCookie, session.csrf_token, false, secure, max_age));
  return response;
}

http::Response signOut(Call& call) {
  Status done = call.services.accounts.signOut(call.who().user_id, call.who().session_id,
                                               call.origin());
  if (!done.ok()) return http::problem(done.error());
  http::Response response{204, "", "", {}};
  const bool secure = call.request.secure;
  response.headers.emplace_back("Set-Cookie", cookie(kSessionCookie, "", true, secure, 0));
  response.headers.emplace_back("Set-Cookie", cookie(kCsrfCookie, "", false, secure, 0));
  return response;
}

}  // namespace

void addSessionRoutes(RouteTable& table) {
  table.add({Method::post, "/api/v1/session", Audience::anyone, nullptr, signIn});
  table.add({Method::del, "/api/v1/session", Audience::signed_in, access::self, signOut, true});
}

}  // namespace cartable::api
