// Messaging's school-wide side: the policy of who may write to whom, the
// admins' handling of reported messages, and the recipient picker.
#include <sstream>

#include "api/access.h"
#include "api/message_views.h"
#include "api/routes.h"
#include "core/auth/audit.h"
#include "core/http/problem.h"
#include "directory/users.h"
#include "messaging/messaging.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;

constexpr int kPickerScanLimit = 2000;  // people examined for one picker search

Error fieldError(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

Poco::JSON::Object::Ptr policyJson(const messaging::Policy& policy) {
  Poco::JSON::Array::Ptr rules = new Poco::JSON::Array;
  for (const messaging::PolicyRule& rule : messaging::policyRules()) {
    auto item = http::newObject();
    item->set("name", std::string(rule.name));
    item->set("allowed", policy.find(rule.name)->second);
    item->set("default", rule.default_allowed);
    item->set("allows", std::string(rule.allows));
    rules->add(item);
  }
  auto out = http::newObject();
  out->set("rules", rules);
  return out;
}

http::Response getPolicy(Call& call) {
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto policy, messaging::loadPolicy(db));
    return policyJson(policy);
  });
}

// {"rules": {"<name>": true|false, ...}}: the rules named change, the others stay.
Result<messaging::Policy> policyChanges(const http::JsonObject& body) {
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"rules"}));
  CARTABLE_ASSIGN_OR_RETURN(auto rules, body.object("rules"));
  messaging::Policy changes;
  for (const auto& [name, value] : *rules.raw()) {
    if (!value.isBoolean()) return fieldError("rules." + name, "must be true or false");
    changes[name] = value.convert<bool>();
  }
  return changes;
}

std::string changesDetail(const messaging::Policy& changes) {
  auto detail = http::newObject();
  for (const auto& [name, allowed] : changes) detail->set(name, allowed);
  std::ostringstream out;
  detail->stringify(out, 0);
  return out.str();
}

http::Response putPolicy(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto changes = policyChanges(*body);
  if (!changes.ok()) return http::problem(changes.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_RETURN_IF_ERROR(messaging::updatePolicy(db, *changes));
    CARTABLE_RETURN_IF_ERROR(
        auth::recordAudit(db,
                          {"messaging.policy", call.who().user_id, std::nullopt,
                           call.request.remote_address, changesDetail(*changes)},
                          call.services.clock.now()));
    CARTABLE_ASSIGN_OR_RETURN(auto policy, messaging::loadPolicy(db));
    return policyJson(policy);
  });
}

http::Response listReports(Call& call) {
  messaging::ReportQuery query;
  const auto state = call.request.query.find("state");
  if (state != call.request.query.end() && state->second != "open" && state->second != "all") {
    return http::problem(fieldError("state", "must be open or all"));
  }
  query.open_only = state == call.request.query.end() || state->second == "open";
  auto before = call.queryInt("before", 0, 1, INT64_MAX);
  if (!before.ok()) return http::problem(before.error());
  if (*before != 0) query.before = *before;
  auto limit = call.queryInt("limit", 50, 1, 100);
  if (!limit.ok()) return http::problem(limit.error());
  query.limit = static_cast<int>(*limit);
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto reports, messaging::listReports(db, query));
    std::optional<std::int64_t> next;
    if (static_cast<int>(reports.size()) == query.limit) next = reports.back().id;
    return views::page(reports, views::report, next);
  });
}

http::Response handleReport(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    const Seconds now = call.services.clock.now();
    CARTABLE_RETURN_IF_ERROR(messaging::markReportHandled(db, *id, call.who().user_id, now));
    CARTABLE_ASSIGN_OR_RETURN(auto report, messaging::getReport(db, *id));
    CARTABLE_RETURN_IF_ERROR(auth::recordAudit(
        db,
        {"messaging.report_handled", call.who().user_id, report.message.author_id,
         call.request.remote_address, "{\"report_id\":" + std::to_string(*id) + "}"},
        now));
    return views::report(report);
  });
}

// People whose name or login starts with `q` and whom the caller may write to.
Json recipientsFor(Connection& db, std::int64_t me, const std::string& q, int limit) {
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  directory::UserFilter filter;
  filter.search = q;
  filter.limit = 200;
  int scanned = 0;
  while (static_cast<int>(items->size()) < limit && scanned < kPickerScanLimit) {
    CARTABLE_ASSIGN_OR_RETURN(auto users, directory::listUsers(db, filter));
    for (const directory::User& user : users) {
      CARTABLE_ASSIGN_OR_RETURN(bool allowed, messaging::mayWrite(db, me, user.id));
      if (!allowed) continue;
      auto item = http::newObject();
      item->set("id", user.id);
      item->set("name", user.displayName());
      item->set("roles", views::roles(user.roles));
      items->add(item);
      if (static_cast<int>(items->size()) == limit) break;
    }
    scanned += static_cast<int>(users.size());
    if (static_cast<int>(users.size()) < filter.limit) break;
    filter.after_id = users.back().id;
  }
  auto out = http::newObject();
  out->set("items", items);
  return out;
}

http::Response pickRecipients(Call& call) {
  auto limit = call.queryInt("limit", 20, 1, 100);
  if (!limit.ok()) return http::problem(limit.error());
  const auto q = call.request.query.find("q");
  const std::string search = q == call.request.query.end() ? "" : q->second;
  if (search.size() > 100) return http::problem(fieldError("q", "is longer than 100 characters"));
  return readJson(call, 200, [&](Connection& db) {
    return recipientsFor(db, call.who().user_id, search, static_cast<int>(*limit));
  });
}

}  // namespace

void addMessagingAdminRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  table.add({Method::get, "/api/v1/messaging/policy", signed_in, access::self, getPolicy});
  table.add(
      {Method::put, "/api/v1/messaging/policy", signed_in, access::moderateMessaging, putPolicy});
  table.add({Method::get, "/api/v1/messaging/reports", signed_in, access::moderateMessaging,
             listReports});
  table.add({Method::post, "/api/v1/messaging/reports/{id}/handled", signed_in,
             access::moderateMessaging, handleReport});
  table.add({Method::get, "/api/v1/messaging/recipients", signed_in, access::self, pickRecipients});
}

}  // namespace cartable::api
