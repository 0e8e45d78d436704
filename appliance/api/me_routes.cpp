// The signed-in person's own account: profile, password, sessions, TOTP, children.
#include "api/access.h"
#include "api/routes.h"
#include "api/views.h"
#include "core/http/problem.h"
#include "directory/structure.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;

http::Response me(Call& call) {
  const Principal& who = call.who();
  return readJson(call, 200, [&](Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_ASSIGN_OR_RETURN(directory::User user, directory::getUser(db, who.user_id));
    auto out = views::user(user);
    out->set("must_change_password", who.must_change_password);
    out->set("second_factor_setup_required", who.second_factor_pending);
    out->set("second_factor", who.second_factor);
    return out;
  });
}

http::Response children(Call& call) {
  return readJson(call, 200, [&](Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_ASSIGN_OR_RETURN(auto links, directory::childrenOf(db, call.who().user_id));
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const directory::Guardianship& link : links) {
      CARTABLE_ASSIGN_OR_RETURN(directory::User child, directory::getUser(db, link.student_id));
      auto item = views::user(child);
      item->set("legal_guardian", link.legal_guardian);
      item->set("relationship", link.relationship);
      CARTABLE_ASSIGN_OR_RETURN(auto current, directory::currentClassOf(db, link.student_id));
      if (current) item->set("class", views::schoolClass(*current));
      items->add(item);
    }
    auto out = http::newObject();
    out->set("items", items);
    return out;
  });
}

http::Response changePassword(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  if (auto only = body->onlyKeys({"current_password", "new_password"}); !only.ok()) {
    return http::problem(only.error());
  }
  auto current = body->requiredString("current_password", 256);
  if (!current.ok()) return http::problem(current.error());
  auto replacement = body->requiredString("new_password", 256);
  if (!replacement.ok()) return http::problem(replacement.error());
  Status changed = call.services.accounts.changePassword(
      call.who().user_id, *current, *replacement, call.who().session_id, call.origin());
  if (!changed.ok()) return http::problem(changed.error());
  return http::Response{204, "", "", {}};
}

http::Response sessions(Call& call) {
  return readJson(call, 200, [&](Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_ASSIGN_OR_RETURN(
        auto list, call.services.accounts.sessions().listActive(db, call.who().user_id));
    const std::int64_t current = call.who().session_id;
    return views::page(list, [&](const auth::SessionInfo& s) { return views::session(s, current); },
                       std::nullopt);
  });
}

http::Response revokeSession(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  Status revoked = call.services.db.write([&](Connection& db) {
    return call.services.accounts.sessions().revoke(db, call.who().user_id, *id);
  });
  if (!revoked.ok()) return http::problem(revoked.error());
  return http::Response{204, "", "", {}};
}

http::Response beginTotp(Call& call) {
  auto enrollment = call.services.accounts.beginTotp(call.who().user_id);
  if (!enrollment.ok()) return http::problem(enrollment.error());
  auto out = http::newObject();
  out->set("secret", enrollment->secret_base32);
  out->set("otpauth_uri", enrollment->otpauth_uri);
  return http::jsonResponse(201, out);
}

Result<std::string> readCode(Call& call) {
  CARTABLE_ASSIGN_OR_RETURN(http::JsonObject body, call.body());
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"code"}));
  return body.requiredString("code", 16);
}

http::Response confirmTotp(Call& call) {
  auto code = readCode(call);
  if (!code.ok()) return http::problem(code.error());
  Status confirmed = call.services.accounts.confirmTotp(call.who().user_id, *code,
                                                         call.who().session_id, call.origin());
  if (!confirmed.ok()) return http::problem(confirmed.error());
  return http::Response{204, "", "", {}};
}

http::Response disableTotp(Call& call) {
  if (call.who().second_factor_required) {
    return http::problem(403,
                         "la double authentification est obligatoire pour ce rôle / two-factor "
                         "sign-in is required for this role");
  }
  auto code = readCode(call);
  if (!code.ok()) return http::problem(code.error());
  Status disabled = call.services.accounts.disableTotp(call.who().user_id, *code, call.origin());
  if (!disabled.ok()) return http::problem(disabled.error());
  return http::Response{204, "", "", {}};
}

}  // namespace

void addMeRoutes(RouteTable& table) {
  const auto self = access::self;
  table.add({Method::get, "/api/v1/me", Audience::signed_in, self, me, true});
  table.add({Method::get, "/api/v1/me/children", Audience::signed_in, self, children});
  table.add({Method::put, "/api/v1/me/password", Audience::signed_in, self, changePassword, true});
  table.add({Method::get, "/api/v1/me/sessions", Audience::signed_in, self, sessions});
  table.add({Method::del, "/api/v1/me/sessions/{id}", Audience::signed_in, self, revokeSession});
  table.add({Method::post, "/api/v1/me/totp", Audience::signed_in, self, beginTotp, true});
  table.add({Method::post, "/api/v1/me/totp/confirm", Audience::signed_in, self, confirmTotp, true});
  table.add({Method::del, "/api/v1/me/totp", Audience::signed_in, self, disableTotp});
}

}  // namespace cartable::api
