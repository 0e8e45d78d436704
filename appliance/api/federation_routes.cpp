// The federation seen by admins: a school's link to its hub, and the hub's
// schools with their link state.
#include <set>

#include "api/access.h"
#include "api/routes.h"
#include "core/base/civil_date.h"
#include "core/http/json.h"
#include "core/http/problem.h"
#include "federation/hub/registry.h"

namespace cartable::api {
namespace {

using http::Method;

Poco::Dynamic::Var instant(const std::optional<Seconds>& at) {
  if (!at) return Poco::Dynamic::Var();
  return civil::formatInstant(*at);
}

Poco::JSON::Object::Ptr linkJson(const federation::LinkStatus& status) {
  auto out = http::newObject();
  out->set("enrolled", status.enrolled);
  out->set("state", !status.enrolled ? "not_enrolled" : status.up ? "up" : "down");
  out->set("hub_name", status.hub_name);
  out->set("hub_address", status.hub_address);
  out->set("since", instant(status.since));
  out->set("last_sync", instant(status.last_sync));
  out->set("backlog", status.backlog);
  out->set("last_error", status.last_error);
  out->set("last_error_at", instant(status.last_error_at));
  out->set("certificate_expires_at", instant(status.certificate_expires_at));
  out->set("failed_attempts", status.failed_attempts);
  out->set("next_attempt_at", instant(status.next_attempt_at));
  return out;
}

http::Response linkStatus(Call& call) {
  const auto* agent = call.services.federation_agent;
  if (agent == nullptr) {
    return http::problem(makeError(
        Errc::not_found, "pas de lien fédéré sur ce nœud / this node has no federation link"));
  }
  return http::jsonResponse(200, linkJson(agent->status()));
}

Poco::JSON::Object::Ptr schoolJson(const federation::hub::School& school, bool live) {
  auto out = http::newObject();
  out->set("uai", school.uai);
  out->set("name", school.name);
  out->set("department", school.department);
  std::string state = school.link_state;
  if (school.revoked_at)
    state = "revoked";
  else if (!school.enrolled_at)
    state = "waiting";
  out->set("state", state);
  out->set("live", live);
  out->set("since", instant(school.link_changed_at));
  out->set("enrolled_at", instant(school.enrolled_at));
  out->set("certificate_expires_at", instant(school.certificate_expires_at));
  out->set("last_sync", instant(school.last_sync_at));
  out->set("last_error", school.last_error);
  out->set("last_error_at", instant(school.last_error_at));
  out->set("revoked_reason", school.revoked_reason);
  return out;
}

http::Response hubSchools(Call& call) {
  const auto* hub = call.services.federation_hub;
  if (hub == nullptr) {
    return http::problem(
        makeError(Errc::not_found, "ce nœud n'est pas un hub / this node is not a hub"));
  }
  std::set<std::string> live;
  for (const auto& link : hub->liveLinks()) live.insert(link.uai);
  return readJson(call, 200, [&](storage::Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_ASSIGN_OR_RETURN(auto schools, federation::hub::listSchools(db));
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& school : schools) items->add(schoolJson(school, live.contains(school.uai)));
    auto out = http::newObject();
    out->set("schools", items);
    out->set("live_links", static_cast<int>(live.size()));
    return out;
  });
}

}  // namespace

void addFederationRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  table.add({Method::get, "/api/v1/admin/federation/status", signed_in, access::readFederation,
             linkStatus});
  table.add({Method::get, "/api/v1/admin/federation/schools", signed_in, access::readFederation,
             hubSchools});
}

}  // namespace cartable::api
