#include "federation/hub/attach_consent.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "federation/enrollment/enrollment.h"
#include "federation/replication/kinds.h"
#include "federation/replication/records.h"

namespace cartable::federation::hub {

namespace {

std::string requestKey(const std::string& local_key, const std::string& asked_uai) {
  return local_key + "@" + asked_uai;
}

Result<std::string> schoolName(storage::Connection& conn, const std::string& uai) {
  CARTABLE_ASSIGN_OR_RETURN(auto stmt,
                            conn.query("SELECT name FROM federation_schools WHERE uai = ?", uai));
  CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
  return found && !stmt.text(0).empty() ? stmt.text(0) : uai;
}

Status sendRequest(storage::Connection& conn, const std::string& uai, const std::string& local_key,
                   const std::string& from_name, const AskedAccount& asked, Seconds now) {
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("from_uai", uai);
  body.set("from_name", from_name);
  body.set("member_key", asked.local_key);
  std::ostringstream text;
  body.stringify(text);
  const std::string key = requestKey(local_key, asked.uai);
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t version, nextVersion(conn, kAttachRequestKind, key));
  CARTABLE_RETURN_IF_ERROR(appendChange(
      conn,
      {0, schoolPeerName(asked.uai), kAttachRequestKind, key, kHubPeerName, version, text.str()},
      now));
  return okStatus();
}

Error malformedAnswer(const std::string& field, const std::string& problem) {
  return makeError(Errc::malformed, "attach answer: \"" + field + "\" " + problem, field);
}

Result<std::string> readDecision(const std::string& body) {
  try {
    auto object = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    if (object && object->has("decision") && object->get("decision").isString()) {
      const std::string decision = object->getValue<std::string>("decision");
      if (decision == "approved" || decision == "refused") return decision;
    }
  } catch (const std::exception&) {
    return malformedAnswer("body", "is not a JSON object");
  }
  return malformedAnswer("decision", "must be \"approved\" or \"refused\"");
}

}  // namespace

Result<std::optional<std::string>> consentState(storage::Connection& conn, const std::string& uai,
                                                const std::string& local_key,
                                                const std::string& identity_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query("SELECT state FROM directory_attach_consents WHERE uai = ? AND "
                            "local_key = ? AND identity_id = ?",
                            uai, local_key, identity_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
  if (!found) return std::optional<std::string>{};
  return std::optional<std::string>(stmt.text(0));
}

Status askConsent(storage::Connection& conn, const std::string& uai, const std::string& local_key,
                  const std::string& identity_id, const std::vector<AskedAccount>& asked,
                  Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto state, consentState(conn, uai, local_key, identity_id));
  if (state) return okStatus();
  CARTABLE_RETURN_IF_ERROR(conn.exec(
      "INSERT INTO directory_attach_consents(uai, local_key, identity_id, state, asked_at) "
      "VALUES (?, ?, ?, 'asked', ?)",
      uai, local_key, identity_id, now));
  CARTABLE_ASSIGN_OR_RETURN(std::string from_name, schoolName(conn, uai));
  for (const auto& account : asked) {
    CARTABLE_RETURN_IF_ERROR(sendRequest(conn, uai, local_key, from_name, account, now));
  }
  return okStatus();
}

Result<std::optional<SettledAttach>> recordAnswer(storage::Connection& conn, const std::string& uai,
                                                  const Record& record, Seconds now) {
  const std::size_t at = record.key.rfind('@');
  const std::size_t colon = record.key.find(':');
  if (at == std::string::npos || colon == std::string::npos || colon > at) {
    return malformedAnswer("key", "must be \"<account key>@<UAI>\", got \"" + record.key + "\"");
  }
  const std::string local_key = record.key.substr(0, at);
  const std::string requesting_uai = local_key.substr(0, colon);
  if (record.key.substr(at + 1) != uai || record.owner != schoolPeerName(uai)) {
    return makeError(
        Errc::permission_denied,
        "school:" + uai + " answered attach request " + record.key + ", which was not asked of it",
        "key");
  }
  CARTABLE_ASSIGN_OR_RETURN(std::string decision, readDecision(record.body));
  // The person must still have an active account at the answering school.
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt,
      conn.query("SELECT c.identity_id, c.state FROM directory_attach_consents c WHERE c.uai = ? "
                 "AND c.local_key = ? AND EXISTS (SELECT 1 FROM regional_memberships m WHERE "
                 "m.identity_id = c.identity_id AND m.uai = ? AND m.until IS NULL)",
                 requesting_uai, local_key, uai));
  CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
  if (!found) {
    return makeError(Errc::permission_denied,
                     "school:" + uai + " answered attach request " + record.key +
                         " for a person it holds no account of",
                     "key");
  }
  const std::string identity_id = stmt.text(0);
  if (stmt.text(1) != "asked") return std::optional<SettledAttach>{};
  CARTABLE_RETURN_IF_ERROR(conn.exec(
      "UPDATE directory_attach_consents SET state = ?, answered_by = ?, answered_at = ? WHERE "
      "uai = ? AND local_key = ? AND identity_id = ?",
      decision, uai, now, requesting_uai, local_key, identity_id));
  return std::optional<SettledAttach>(SettledAttach{requesting_uai, local_key});
}

}  // namespace cartable::federation::hub
