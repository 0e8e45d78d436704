// The regional authority's dashboards and accounts at the hub
// (federation/hub/dashboard_queries.h, authority.h). Every route answers 404
// on a school node; its access check loads the caller's grant and asks
// federation::hub::authorize, the one rule of who reads what.
#include "api/authority_routes.h"
#include "api/routes.h"
#include "config/uai.h"
#include "core/base/civil_date.h"
#include "core/http/json.h"
#include "core/http/problem.h"
#include "federation/hub/authority.h"
#include "federation/hub/authority_accounts.h"
#include "federation/hub/dashboard_queries.h"

namespace cartable::api {
namespace {

namespace hub = federation::hub;
using http::Method;
using hub::AuthorityAction;
using hub::AuthorityGrant;

std::string queryParameter(const Call& call, const std::string& name) {
  auto found = call.request.query.find(name);
  return found == call.request.query.end() ? std::string() : found->second;
}

Poco::Dynamic::Var optional(const std::optional<double>& value) {
  if (!value) return Poco::Dynamic::Var();
  return *value;
}

Poco::Dynamic::Var instant(const std::optional<Seconds>& at) {
  if (!at) return Poco::Dynamic::Var();
  return civil::formatInstant(*at);
}

Status requireHub(const Call& call) {
  if (call.services.federation_hub != nullptr) return okStatus();
  return makeError(Errc::not_found, "ce nœud n'est pas un hub / this node is not a hub");
}

Result<AuthorityGrant> grantOf(const Call& call, storage::Connection& db) {
  CARTABLE_ASSIGN_OR_RETURN(auto grant, hub::findGrant(db, call.who().user_id));
  if (!grant) {
    return makeError(Errc::permission_denied,
                     "réservé aux comptes de l'autorité académique / authority accounts only");
  }
  return *grant;
}

// The department a route is about: its {department}, its {uai}'s, or its
// ?department=; empty when none is named.
Result<std::string> targetDepartment(const Call& call, storage::Connection& db) {
  const auto& params = call.request.path_params;
  if (auto found = params.find("department"); found != params.end()) {
    CARTABLE_RETURN_IF_ERROR(
        hub::validateGrant(hub::AuthorityRole::department_viewer, found->second));
    return found->second;
  }
  if (auto found = params.find("uai"); found != params.end()) {
    if (auto problem = config::uaiProblem(found->second)) {
      return makeError(Errc::invalid_argument, *problem, "uai");
    }
    CARTABLE_ASSIGN_OR_RETURN(auto department, hub::departmentOfSchool(db, found->second));
    if (!department) {
      return makeError(Errc::not_found, "établissement inconnu / unknown school " + found->second,
                       "uai");
    }
    return *department;
  }
  return queryParameter(call, "department");
}

// What an area list (connectivity, divide) asks for: a department when one
// is named or the caller sees only theirs; the region otherwise.
AuthorityAction areaListAction(const AuthorityGrant& grant, const std::string& department) {
  if (!department.empty() || grant.role == hub::AuthorityRole::department_viewer) {
    return AuthorityAction::read_department;
  }
  return AuthorityAction::read_region;
}

// The access check of every route here.
AccessCheck authority(AuthorityAction declared, bool area_list = false) {
  return [declared, area_list](Call& call) -> Status {
    CARTABLE_RETURN_IF_ERROR(requireHub(call));
    return call.services.db.read([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(AuthorityGrant grant, grantOf(call, db));
      if (declared == AuthorityAction::manage_accounts) return hub::authorize(grant, declared);
      CARTABLE_ASSIGN_OR_RETURN(std::string department, targetDepartment(call, db));
      const AuthorityAction action = area_list ? areaListAction(grant, department) : declared;
      return hub::authorize(grant, action,
                            department.empty() && area_list ? grant.department : department);
    });
  };
}

// ?department= of an area list, or the viewer's own; invalid_argument when it
// names a department without school.
Result<std::string> listDepartment(const Call& call, storage::Connection& db) {
  std::string department = queryParameter(call, "department");
  if (department.empty()) {
    CARTABLE_ASSIGN_OR_RETURN(AuthorityGrant grant, grantOf(call, db));
    return grant.department;
  }
  CARTABLE_ASSIGN_OR_RETURN(bool known, hub::departmentKnown(db, department));
  if (!known) {
    return makeError(Errc::invalid_argument,
                     "department \"" + department + "\" has no school at this hub", "department");
  }
  return department;
}

Result<hub::DayRange> periodOf(const Call& call, storage::Connection& db) {
  return hub::dashboardRange(db, queryParameter(call, "from"), queryParameter(call, "to"),
                             call.services.clock.now());
}

Poco::JSON::Object::Ptr ratioJson(const hub::Ratio& ratio) {
  auto out = http::newObject();
  out->set("numerator", ratio.numerator);
  out->set("denominator", ratio.denominator);
  out->set("value", optional(ratio.value()));
  return out;
}

Poco::JSON::Array::Ptr indicatorsJson(const hub::AreaDashboard& dashboard) {
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& indicator : dashboard.indicators) {
    auto item = http::newObject();
    item->set("name", indicator.indicator->name);
    item->set("label", indicator.indicator->label);
    item->set("unit", indicator.indicator->unit);
    item->set("value", optional(indicator.value));
    item->set("numerator", indicator.ratio.numerator);
    item->set("denominator", indicator.ratio.denominator);
    items->add(item);
  }
  return items;
}

Poco::JSON::Array::Ptr adoptionJson(const hub::AreaDashboard& dashboard) {
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& role : dashboard.adoption) {
    auto item = http::newObject();
    item->set("role", role.role);
    item->set("daily_active_share", ratioJson(role.daily_active));
    item->set("weekly_active_share", ratioJson(role.weekly_active));
    item->set("active_per_day", role.active_day_mean);
    item->set("sessions", role.sessions);
    item->set("messages", role.messages);
    item->set("documents", role.documents);
    items->add(item);
  }
  return items;
}

Poco::JSON::Object::Ptr outcomesJson(const hub::AreaDashboard& dashboard) {
  auto out = http::newObject();
  Poco::JSON::Array::Ptr grades = new Poco::JSON::Array;
  for (const auto& subject : dashboard.grades) {
    auto item = http::newObject();
    item->set("subject", subject.subject);
    item->set("count", subject.count);
    item->set("mean", optional(subject.mean));
    item->set("q1", optional(subject.q1));
    item->set("median", optional(subject.median));
    item->set("q3", optional(subject.q3));
    grades->add(item);
  }
  out->set("grades", grades);
  out->set("messages", dashboard.messages);
  out->set("documents", dashboard.documents);
  out->set("helpdesk_opened", dashboard.helpdesk_opened);
  return out;
}

Poco::JSON::Object::Ptr trendJson(const hub::AreaDashboard& dashboard) {
  auto out = http::newObject();
  out->set("from", dashboard.trend_range.from);
  out->set("to", dashboard.trend_range.to);
  Poco::JSON::Array::Ptr weeks = new Poco::JSON::Array;
  for (const auto& week : dashboard.trend) {
    auto item = http::newObject();
    item->set("week", week.week);
    for (const auto& [name, value] : week.values) item->set(name, optional(value));
    weeks->add(item);
  }
  out->set("weeks", weeks);
  Poco::JSON::Array::Ptr series = new Poco::JSON::Array;
  for (const auto& name : hub::trendSeries()) series->add(name);
  out->set("series", series);
  return out;
}

Poco::JSON::Array::Ptr childrenJson(const hub::AreaDashboard& dashboard) {
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& child : dashboard.children) {
    auto item = http::newObject();
    item->set("key", child.key);
    item->set("name", child.name);
    item->set("schools", child.schools);
    item->set("attendance_rate", optional(child.attendance_rate));
    item->set("on_time_rate", optional(child.on_time_rate));
    item->set("student_weekly_share", optional(child.student_weekly_share));
    item->set("teacher_weekly_share", optional(child.teacher_weekly_share));
    items->add(item);
  }
  return items;
}

Poco::JSON::Object::Ptr dashboardJson(const hub::AreaDashboard& dashboard) {
  static const char* const kLevels[] = {"region", "department", "school"};
  static const char* const kChildren[] = {"departments", "schools", "levels"};
  const auto level = static_cast<std::size_t>(dashboard.area.level);
  auto out = http::newObject();
  out->set("level", kLevels[level]);
  out->set("key", dashboard.area.key);
  out->set("name", dashboard.name);
  out->set("department", dashboard.department);
  out->set("from", dashboard.period.from);
  out->set("to", dashboard.period.to);
  out->set("schools", dashboard.schools);
  out->set("reports", dashboard.reports);
  out->set("indicators", indicatorsJson(dashboard));
  out->set("adoption", adoptionJson(dashboard));
  out->set("outcomes", outcomesJson(dashboard));
  out->set("trend", trendJson(dashboard));
  out->set("children_level", kChildren[level]);
  out->set("children", childrenJson(dashboard));
  return out;
}

http::Response areaRoute(Call& call, hub::AreaLevel level) {
  return readJson(call, 200, [&](storage::Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    hub::Area area{level, ""};
    const auto& params = call.request.path_params;
    if (level == hub::AreaLevel::department) {
      area.key = params.at("department");
      CARTABLE_ASSIGN_OR_RETURN(bool known, hub::departmentKnown(db, area.key));
      if (!known) {
        return makeError(Errc::not_found, "département inconnu / unknown department " + area.key,
                         "department");
      }
    }
    if (level == hub::AreaLevel::school) area.key = params.at("uai");
    CARTABLE_ASSIGN_OR_RETURN(hub::DayRange period, periodOf(call, db));
    CARTABLE_ASSIGN_OR_RETURN(auto dashboard, hub::areaDashboard(db, area, period));
    return dashboardJson(dashboard);
  });
}

http::Response region(Call& call) {
  return areaRoute(call, hub::AreaLevel::region);
}
http::Response department(Call& call) {
  return areaRoute(call, hub::AreaLevel::department);
}
http::Response school(Call& call) {
  return areaRoute(call, hub::AreaLevel::school);
}

Poco::JSON::Object::Ptr linkJson(const hub::SchoolConnectivity& link) {
  auto out = http::newObject();
  out->set("uai", link.uai);
  out->set("name", link.name);
  out->set("department", link.department);
  out->set("link_state", link.link_state);
  out->set("last_sync", instant(link.last_sync));
  out->set("uptime", optional(link.uptime));
  out->set("observed_seconds", link.observed);
  out->set("backlog", link.backlog);
  out->set("reports", link.reports);
  out->set("period_days", link.period_days);
  out->set("last_report",
           link.last_report ? Poco::Dynamic::Var(*link.last_report) : Poco::Dynamic::Var());
  return out;
}

http::Response connectivityRoute(Call& call) {
  return readJson(call, 200, [&](storage::Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_ASSIGN_OR_RETURN(std::string department, listDepartment(call, db));
    CARTABLE_ASSIGN_OR_RETURN(hub::DayRange period, periodOf(call, db));
    CARTABLE_ASSIGN_OR_RETURN(auto links,
                              hub::connectivity(db, department, period, call.services.clock.now()));
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& link : links) items->add(linkJson(link));
    auto out = http::newObject();
    out->set("department", department);
    out->set("from", period.from);
    out->set("to", period.to);
    out->set("schools", items);
    return out;
  });
}

Poco::JSON::Object::Ptr thresholdsJson(const hub::DivideThresholds& thresholds) {
  auto out = http::newObject();
  out->set("student_weekly_share", thresholds.student_weekly_share);
  out->set("teacher_weekly_share", thresholds.teacher_weekly_share);
  out->set("uptime", thresholds.uptime);
  out->set("sync_age_hours", thresholds.sync_age / 3600);
  out->set("report_share", thresholds.report_share);
  return out;
}

http::Response divideRoute(Call& call) {
  return readJson(call, 200, [&](storage::Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_ASSIGN_OR_RETURN(std::string department, listDepartment(call, db));
    CARTABLE_ASSIGN_OR_RETURN(hub::DayRange period, periodOf(call, db));
    const hub::DivideThresholds thresholds;
    CARTABLE_ASSIGN_OR_RETURN(
        auto entries,
        hub::digitalDivide(db, department, period, call.services.clock.now(), thresholds));
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& entry : entries) {
      auto item = linkJson(entry.link);
      item->set("student_weekly_share", optional(entry.student_weekly_share));
      item->set("teacher_weekly_share", optional(entry.teacher_weekly_share));
      Poco::JSON::Array::Ptr reasons = new Poco::JSON::Array;
      for (const auto& reason : entry.reasons) reasons->add(reason);
      item->set("reasons", reasons);
      items->add(item);
    }
    auto out = http::newObject();
    out->set("department", department);
    out->set("from", period.from);
    out->set("to", period.to);
    out->set("thresholds", thresholdsJson(thresholds));
    out->set("schools", items);
    return out;
  });
}

http::Response me(Call& call) {
  return readJson(call, 200, [&](storage::Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_ASSIGN_OR_RETURN(AuthorityGrant grant, grantOf(call, db));
    CARTABLE_ASSIGN_OR_RETURN(auto departments, hub::reportingDepartments(db));
    auto out = http::newObject();
    out->set("login", call.who().login);
    out->set("role", std::string(hub::authorityRoleName(grant.role)));
    out->set("department", grant.department);
    Poco::JSON::Array::Ptr visible = new Poco::JSON::Array;
    for (const auto& code : departments) {
      if (grant.department.empty() || grant.department == code) visible->add(code);
    }
    out->set("departments", visible);
    return out;
  });
}

http::Response listUsers(Call& call) {
  return readJson(call, 200, [&](storage::Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_ASSIGN_OR_RETURN(auto users, hub::listAuthorityUsers(db));
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& user : users) {
      auto item = http::newObject();
      item->set("id", user.grant.user_id);
      item->set("login", user.login);
      item->set("name", user.display_name);
      item->set("role", std::string(hub::authorityRoleName(user.grant.role)));
      item->set("department", user.grant.department);
      item->set("disabled", user.disabled);
      item->set("second_factor", user.second_factor);
      items->add(item);
    }
    auto out = http::newObject();
    out->set("users", items);
    return out;
  });
}

Result<hub::NewAuthorityUser> newUserFrom(const http::JsonObject& body) {
  CARTABLE_RETURN_IF_ERROR(
      body.onlyKeys({"login", "given_name", "family_name", "role", "department"}));
  hub::NewAuthorityUser user;
  CARTABLE_ASSIGN_OR_RETURN(user.login, body.requiredString("login", 64));
  CARTABLE_ASSIGN_OR_RETURN(user.given_name, body.requiredString("given_name", 100));
  CARTABLE_ASSIGN_OR_RETURN(user.family_name, body.requiredString("family_name", 100));
  CARTABLE_ASSIGN_OR_RETURN(std::string role, body.requiredString("role", 40));
  auto parsed = hub::parseAuthorityRole(role);
  if (!parsed) {
    return makeError(
        Errc::invalid_argument,
        "role must be regional_admin, analyst or department_viewer, got \"" + role + "\"", "role");
  }
  user.role = *parsed;
  CARTABLE_ASSIGN_OR_RETURN(auto department, body.optionalString("department", 3));
  user.department = department.value_or("");
  return user;
}

http::Response createUser(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto user = newUserFrom(*body);
  if (!user.ok()) return http::problem(user.error());
  auto created =
      hub::createAuthorityUser(call.services.accounts, call.services.db, *user, call.who().user_id,
                               call.origin(), call.services.random, call.services.clock.now());
  if (!created.ok()) return http::problem(created.error());
  auto out = http::newObject();
  out->set("id", created->id);
  out->set("login", created->login);
  out->set("role", std::string(hub::authorityRoleName(user->role)));
  out->set("department", user->department);
  out->set("one_time_password", created->initial_password);
  return http::jsonResponse(201, out);
}

http::Response removeUser(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  if (*id == call.who().user_id) {
    return http::problem(makeError(Errc::failed_precondition,
                                   "vous ne pouvez pas retirer votre propre compte / you cannot "
                                   "remove your own account",
                                   "id"));
  }
  Status removed = hub::removeAuthorityUser(call.services.accounts, call.services.db, *id,
                                            call.who().user_id, call.origin());
  if (!removed.ok()) return http::problem(removed.error());
  return http::Response{204, "", "", {}};
}

// A lost authenticator: another regional admin resets it (for oneself, the
// account page; for the last regional admin, `cartable hub reset-second-factor`).
http::Response resetSecondFactor(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  if (*id == call.who().user_id) {
    return http::problem(makeError(Errc::failed_precondition,
                                   "un autre administrateur régional doit le faire / another "
                                   "regional admin must reset your second factor",
                                   "id"));
  }
  Status reset = hub::resetAuthoritySecondFactor(call.services.accounts, call.services.db, *id,
                                                 call.who().user_id, call.origin());
  if (!reset.ok()) return http::problem(reset.error());
  return http::Response{204, "", "", {}};
}

}  // namespace

void addAuthorityRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  const std::string base = "/api/v1/authority";
  table.add(
      {Method::get, base + "/me", signed_in, authority(AuthorityAction::read_region, true), me});
  table.add(
      {Method::get, base + "/region", signed_in, authority(AuthorityAction::read_region), region});
  table.add({Method::get, base + "/departments/{department}", signed_in,
             authority(AuthorityAction::read_department), department});
  table.add({Method::get, base + "/schools/{uai}", signed_in,
             authority(AuthorityAction::read_school), school});
  table.add({Method::get, base + "/connectivity", signed_in,
             authority(AuthorityAction::read_region, true), connectivityRoute});
  table.add({Method::get, base + "/digital-divide", signed_in,
             authority(AuthorityAction::read_region, true), divideRoute});
  table.add({Method::get, base + "/users", signed_in, authority(AuthorityAction::manage_accounts),
             listUsers});
  table.add({Method::post, base + "/users", signed_in, authority(AuthorityAction::manage_accounts),
             createUser});
  table.add({Method::del, base + "/users/{id}", signed_in,
             authority(AuthorityAction::manage_accounts), removeUser});
  table.add({Method::del, base + "/users/{id}/second-factor", signed_in,
             authority(AuthorityAction::manage_accounts), resetSecondFactor});
}

}  // namespace cartable::api
