// Cross-school accounts seen by a school's admin: each account's standing in
// the regional directory (with the message to act on when a login collides),
// attaching a local account to the same person at another school, and
// student transfers out and in; and, for each person, other schools' requests
// to attach an account to theirs.
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "api/access.h"
#include "api/routes.h"
#include "core/auth/audit.h"
#include "core/base/civil_date.h"
#include "core/http/json.h"
#include "core/http/problem.h"
#include "federated/attach_requests.h"
#include "federated/regional_accounts.h"
#include "federated/transfers.h"

namespace cartable::api {
namespace {

using http::Method;

// These routes act on a school's link; a hub or a standalone school has none.
std::optional<http::Response> withoutLink(Call& call) {
  if (call.services.federation_agent != nullptr && call.services.settings.school) {
    return std::nullopt;
  }
  return http::problem(makeError(
      Errc::not_found, "pas de lien fédéré sur ce nœud / this node has no federation link"));
}

// An audit detail {"<key>": value}, escaped.
std::string jsonDetail(const std::string& key, const std::string& value) {
  Poco::JSON::Object detail;
  detail.set(key, value);
  std::ostringstream out;
  detail.stringify(out);
  return out.str();
}

Poco::Dynamic::Var optionalText(const std::optional<std::string>& value) {
  return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

Poco::JSON::Object::Ptr accountJson(const federated::RegionalAccount& account) {
  auto out = http::newObject();
  out->set("user_id", account.user_id);
  out->set("login", account.login);
  out->set("name", account.display_name);
  out->set("state", account.state);
  out->set("message", account.message);
  out->set("regional_id", optionalText(account.regional_id));
  Poco::JSON::Array::Ptr schools = new Poco::JSON::Array;
  for (const auto& uai : account.other_schools) schools->add(uai);
  out->set("other_schools", schools);
  return out;
}

Poco::JSON::Object::Ptr summaryJson(const federated::RegionalSummary& summary) {
  auto out = http::newObject();
  out->set("pending", summary.pending);
  out->set("confirmed", summary.confirmed);
  out->set("collision", summary.collision);
  out->set("attach_failed", summary.attach_failed);
  out->set("shared", summary.shared);
  out->set("refused_payloads", summary.refused_payloads);
  return out;
}

http::Response listAccounts(Call& call) {
  if (auto refused = withoutLink(call)) return *refused;
  const auto found = call.request.query.find("state");
  const std::string state = found == call.request.query.end() ? "" : found->second;
  if (!state.empty() && state != "pending" && state != "confirmed" && state != "collision" &&
      state != "attach_failed") {
    return http::problem(makeError(
        Errc::invalid_argument,
        "state must be pending, confirmed, collision or attach_failed, not \"" + state + "\"",
        "state"));
  }
  auto limit = call.queryInt("limit", 100, 1, 500);
  if (!limit.ok()) return http::problem(limit.error());
  return readJson(call, 200, [&](storage::Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_ASSIGN_OR_RETURN(auto accounts, federated::listRegionalAccounts(db, state, *limit));
    CARTABLE_ASSIGN_OR_RETURN(auto summary, federated::regionalSummary(db));
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& account : accounts) items->add(accountJson(account));
    auto out = http::newObject();
    out->set("accounts", items);
    out->set("summary", summaryJson(summary));
    return out;
  });
}

http::Response attach(Call& call) {
  if (auto refused = withoutLink(call)) return *refused;
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  if (Status only = body->onlyKeys({"user_id", "login"}); !only.ok()) {
    return http::problem(only.error());
  }
  auto user_id = body->requiredInt("user_id", 1, INT64_MAX);
  if (!user_id.ok()) return http::problem(user_id.error());
  auto login = body->requiredString("login", 100);
  if (!login.ok()) return http::problem(login.error());
  return writeJson(call, 202, [&](storage::Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_RETURN_IF_ERROR(federated::requestAttach(db, *user_id, *login));
    CARTABLE_RETURN_IF_ERROR(
        auth::recordAudit(db,
                          {"regional.attach", call.who().user_id, *user_id,
                           call.origin().remote_address, jsonDetail("login", *login)},
                          call.services.clock.now()));
    auto out = http::newObject();
    out->set("user_id", *user_id);
    out->set("state", "pending");
    return out;
  });
}

Poco::JSON::Object::Ptr transferJson(const federated::TransferView& transfer) {
  auto out = http::newObject();
  out->set("id", transfer.id);
  out->set("direction", transfer.direction);
  out->set("school", transfer.school);
  out->set("user_id",
           transfer.user_id ? Poco::Dynamic::Var(*transfer.user_id) : Poco::Dynamic::Var());
  out->set("name", transfer.name);
  out->set("at", civil::formatInstant(transfer.at));
  out->set("sent_at", transfer.sent_at ? Poco::Dynamic::Var(civil::formatInstant(*transfer.sent_at))
                                       : Poco::Dynamic::Var());
  if (transfer.direction == "in") {
    out->set("dossier", Poco::JSON::Parser().parse(transfer.content));
  } else {
    out->set("dossier", Poco::Dynamic::Var());
  }
  return out;
}

http::Response listTransfers(Call& call) {
  if (auto refused = withoutLink(call)) return *refused;
  auto limit = call.queryInt("limit", 100, 1, 500);
  if (!limit.ok()) return http::problem(limit.error());
  return readJson(call, 200, [&](storage::Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_ASSIGN_OR_RETURN(auto transfers, federated::listTransfers(db, *limit));
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& transfer : transfers) items->add(transferJson(transfer));
    auto out = http::newObject();
    out->set("transfers", items);
    return out;
  });
}

http::Response requestTransfer(Call& call) {
  if (auto refused = withoutLink(call)) return *refused;
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  if (Status only =
          body->onlyKeys({"student_id", "to_uai", "include_attendance", "include_averages"});
      !only.ok()) {
    return http::problem(only.error());
  }
  federated::TransferRequest request;
  auto student = body->requiredInt("student_id", 1, INT64_MAX);
  if (!student.ok()) return http::problem(student.error());
  auto to_uai = body->requiredString("to_uai", 8);
  if (!to_uai.ok()) return http::problem(to_uai.error());
  auto attendance = body->optionalBool("include_attendance");
  if (!attendance.ok()) return http::problem(attendance.error());
  auto averages = body->optionalBool("include_averages");
  if (!averages.ok()) return http::problem(averages.error());
  request = {*student, *to_uai, attendance->value_or(true), averages->value_or(true),
             call.who().user_id};
  const std::string own_uai = call.services.settings.school->uai;
  return writeJson(call, 201, [&](storage::Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    const Seconds now = call.services.clock.now();
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t id,
                              federated::requestTransfer(db, request, own_uai, now));
    CARTABLE_ASSIGN_OR_RETURN(int ended,
                              call.services.accounts.sessions().revokeAll(db, request.student_id));
    (void)ended;
    CARTABLE_RETURN_IF_ERROR(
        auth::recordAudit(db,
                          {"transfer.request", call.who().user_id, request.student_id,
                           call.origin().remote_address, jsonDetail("to_uai", request.to_uai)},
                          now));
    auto out = http::newObject();
    out->set("id", id);
    out->set("student_id", request.student_id);
    out->set("to_uai", request.to_uai);
    out->set("state", "waiting");
    return out;
  });
}

Poco::JSON::Object::Ptr attachRequestJson(const federated::AttachRequest& request) {
  auto out = http::newObject();
  out->set("id", request.id);
  out->set("from_uai", request.from_uai);
  out->set("from_name", request.from_name);
  out->set("requested_at", request.requested_at);
  out->set("decision", optionalText(request.decision));
  return out;
}

http::Response myAttachRequests(Call& call) {
  return readJson(call, 200, [&](storage::Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_ASSIGN_OR_RETURN(auto requests,
                              federated::listAttachRequests(db, call.who().user_id, 50));
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& request : requests) items->add(attachRequestJson(request));
    auto out = http::newObject();
    out->set("requests", items);
    return out;
  });
}

// The person answers one of their requests; someone else's is not found.
http::Response answerMyAttachRequest(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  if (Status only = body->onlyKeys({"decision"}); !only.ok()) return http::problem(only.error());
  auto decision = body->requiredString("decision", 20);
  if (!decision.ok()) return http::problem(decision.error());
  return writeJson(call, 200, [&](storage::Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    const Seconds now = call.services.clock.now();
    CARTABLE_RETURN_IF_ERROR(
        federated::answerAttachRequest(db, *id, call.who().user_id, *decision, now));
    CARTABLE_RETURN_IF_ERROR(
        auth::recordAudit(db,
                          {"regional.attach_answer", call.who().user_id, call.who().user_id,
                           call.origin().remote_address, jsonDetail("decision", *decision)},
                          now));
    auto out = http::newObject();
    out->set("id", *id);
    out->set("decision", *decision);
    return out;
  });
}

// The other schools where the caller has an account (same login and
// password), with where to reach them: a parent with a child in each school
// goes from one to the other.
http::Response myOtherSchools(Call& call) {
  return readJson(call, 200, [&](storage::Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_ASSIGN_OR_RETURN(auto schools, federated::otherSchoolsOf(db, call.who().user_id));
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& school : schools) {
      auto item = http::newObject();
      item->set("uai", school.uai);
      item->set("name", school.name);
      item->set("url", school.url.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(school.url));
      items->add(item);
    }
    auto out = http::newObject();
    out->set("schools", items);
    return out;
  });
}

}  // namespace

void addRegionalAccountRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  table.add({Method::get, "/api/v1/admin/federation/accounts", signed_in, access::readFederation,
             listAccounts});
  table.add({Method::post, "/api/v1/admin/federation/attachments", signed_in,
             access::manageFederation, attach});
  table.add({Method::get, "/api/v1/admin/federation/transfers", signed_in, access::readFederation,
             listTransfers});
  table.add({Method::post, "/api/v1/admin/federation/transfers", signed_in,
             access::manageFederation, requestTransfer});
  table.add({Method::get, "/api/v1/me/attach-requests", signed_in, access::self, myAttachRequests});
  table.add({Method::get, "/api/v1/me/other-schools", signed_in, access::self, myOtherSchools});
  table.add({Method::post, "/api/v1/me/attach-requests/{id}/decision", signed_in, access::self,
             answerMyAttachRequest});
}

}  // namespace cartable::api
