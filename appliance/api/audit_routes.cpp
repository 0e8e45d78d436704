// The audit log of security events, for admins.
#include "api/access.h"
#include "api/routes.h"
#include "api/views.h"
#include "core/http/problem.h"

namespace cartable::api {
namespace {

http::Response listAudit(Call& call) {
  auth::AuditFilter filter;
  auto subject = call.queryInt("subject", 0, 0, INT64_MAX);
  auto before = call.queryInt("before", 0, 0, INT64_MAX);
  auto limit = call.queryInt("limit", 100, 1, 1000);
  for (const auto* parsed : {&subject, &before, &limit}) {
    if (!parsed->ok()) return http::problem(parsed->error());
  }
  if (*subject > 0) filter.subject = *subject;
  filter.before_id = *before;
  filter.limit = static_cast<int>(*limit);
  if (auto event = call.request.query.find("event"); event != call.request.query.end()) {
    filter.event_prefix = event->second.substr(0, 64);
  }
  return readJson(call, 200, [&](storage::Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_ASSIGN_OR_RETURN(auto entries, auth::listAudit(db, filter));
    std::optional<std::int64_t> next;
    if (static_cast<int>(entries.size()) == filter.limit) next = entries.back().id;
    return views::page(entries, views::auditEntry, next);
  });
}

}  // namespace

void addAuditRoutes(RouteTable& table) {
  table.add({http::Method::get, "/api/v1/audit", Audience::signed_in, access::readAudit,
             listAudit});
}

}  // namespace cartable::api
