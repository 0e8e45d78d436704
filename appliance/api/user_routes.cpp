// People: list, create, view, change roles or state, reset password, end sessions.
#include "api/access.h"
#include "api/routes.h"
#include "api/views.h"
#include "core/http/problem.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;

Result<directory::RoleSet> readRoles(const http::JsonObject& body) {
  CARTABLE_ASSIGN_OR_RETURN(auto names, body.stringArray("roles", 5, 16));
  directory::RoleSet roles;
  for (const std::string& name : names) {
    auto role = directory::parseRole(name);
    if (!role) {
      return makeError(Errc::invalid_argument,
                       "\"roles\" holds \"" + name +
                           "\"; expected student, parent, teacher, staff or admin",
                       "roles");
    }
    roles.add(*role);
  }
  return roles;
}

Result<directory::NewUser> readNewUser(const http::JsonObject& body) {
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys(
      {"login", "given_name", "family_name", "email", "ine", "birth_date", "roles"}));
  directory::NewUser user;
  CARTABLE_ASSIGN_OR_RETURN(user.given_name, body.requiredString("given_name", 100));
  CARTABLE_ASSIGN_OR_RETURN(user.family_name, body.requiredString("family_name", 100));
  CARTABLE_ASSIGN_OR_RETURN(auto login, body.optionalString("login", 64));
  user.login = login.value_or("");
  CARTABLE_ASSIGN_OR_RETURN(user.email, body.optionalString("email", 254));
  CARTABLE_ASSIGN_OR_RETURN(user.ine, body.optionalString("ine", 11));
  CARTABLE_ASSIGN_OR_RETURN(user.birth_date, body.optionalString("birth_date", 10));
  CARTABLE_ASSIGN_OR_RETURN(user.roles, readRoles(body));
  return user;
}

http::Response listUsers(Call& call) {
  directory::UserFilter filter;
  const auto& query = call.request.query;
  if (auto role = query.find("role"); role != query.end()) {
    filter.role = directory::parseRole(role->second);
    if (!filter.role) {
      return http::problem(422, "\"role\" must be student, parent, teacher, staff or admin",
                           "role");
    }
  }
  if (auto search = query.find("q"); search != query.end()) filter.search = search->second;
  filter.include_disabled = query.contains("include_disabled");
  auto limit = call.queryInt("limit", 100, 1, 1000);
  auto after = call.queryInt("after", 0, 0, INT64_MAX);
  if (!limit.ok()) return http::problem(limit.error());
  if (!after.ok()) return http::problem(after.error());
  filter.limit = static_cast<int>(*limit);
  filter.after_id = *after;
  return readJson(call, 200, [&](Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_ASSIGN_OR_RETURN(auto users, directory::listUsers(db, filter));
    std::optional<std::int64_t> next;
    if (static_cast<int>(users.size()) == filter.limit) next = users.back().id;
    return views::page(users, views::user, next);
  });
}

http::Response createUser(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto user = readNewUser(*body);
  if (!user.ok()) return http::problem(user.error());
  if (user->login.empty()) {
    Status proposed = call.services.db.read([&](Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(user->login,
                                directory::proposeLogin(db, user->given_name, user->family_name));
      return okStatus();
    });
    if (!proposed.ok()) return http::problem(proposed.error());
  }
  auto created = call.services.accounts.createAccount(*user, call.who().user_id, call.origin());
  if (!created.ok()) return http::problem(created.error());
  auto out = http::newObject();
  out->set("id", created->id);
  out->set("login", created->login);
  out->set("initial_password", created->initial_password);
  http::Response response = http::jsonResponse(201, out);
  response.setHeader("Location", "/api/v1/users/" + std::to_string(created->id));
  return response;
}

http::Response getUser(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_ASSIGN_OR_RETURN(directory::User user, directory::getUser(db, *id));
    return views::user(user);
  });
}

http::Response updateUser(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  if (auto only = body->onlyKeys({"roles", "active"}); !only.ok()) return http::problem(only.error());
  std::optional<directory::RoleSet> roles;
  if (body->has("roles")) {
    auto parsed = readRoles(*body);
    if (!parsed.ok()) return http::problem(parsed.error());
    roles = *parsed;
  }
  auto active = body->optionalBool("active");
  if (!active.ok()) return http::problem(active.error());
  if (*id == call.who().user_id && ((active->has_value() && !**active) ||
                                    (roles && !roles->has(directory::Role::admin)))) {
    return http::problem(409, "an admin cannot disable themselves or drop their own admin role",
                         roles ? "roles" : "active");
  }
  auto& accounts = call.services.accounts;
  if (roles) {
    Status changed = accounts.setRoles(*id, *roles, call.who().user_id, call.origin());
    if (!changed.ok()) return http::problem(changed.error());
  }
  if (active->has_value()) {
    Status changed = accounts.setDisabled(*id, !**active, call.who().user_id, call.origin());
    if (!changed.ok()) return http::problem(changed.error());
  }
  return getUser(call);
}

http::Response resetPassword(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto password = call.services.accounts.resetPassword(*id, call.who().user_id, call.origin());
  if (!password.ok()) return http::problem(password.error());
  auto out = http::newObject();
  out->set("initial_password", *password);
  return http::jsonResponse(200, out);
}

http::Response revokeSessions(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto revoked = call.services.accounts.revokeAllSessions(*id, call.who().user_id, call.origin());
  if (!revoked.ok()) return http::problem(revoked.error());
  auto out = http::newObject();
  out->set("revoked", *revoked);
  return http::jsonResponse(200, out);
}

}  // namespace

void addUserRoutes(RouteTable& table) {
  table.add({Method::get, "/api/v1/users", Audience::signed_in, access::listUsers, listUsers});
  table.add({Method::post, "/api/v1/users", Audience::signed_in, access::manageUsers, createUser});
  table.add({Method::get, "/api/v1/users/{id}", Audience::signed_in, access::viewUser, getUser});
  table.add(
      {Method::patch, "/api/v1/users/{id}", Audience::signed_in, access::manageUsers, updateUser});
  table.add({Method::post, "/api/v1/users/{id}/password-reset", Audience::signed_in,
             access::manageUsers, resetPassword});
  table.add({Method::del, "/api/v1/users/{id}/sessions", Audience::signed_in, access::manageUsers,
             revokeSessions});
}

}  // namespace cartable::api
