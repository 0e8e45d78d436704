#include "federated/attach_requests.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "federation/enrollment/enrollment.h"
#include "federation/replication/kinds.h"
#include "federation/replication/records.h"
#include "notifications/notifications.h"

namespace cartable::federated {

namespace {

Error malformedRequest(const std::string& field, const std::string& problem) {
  return makeError(Errc::malformed, "attach request: \"" + field + "\" " + problem, field);
}

// The user id of "<UAI>:<user id>" when the UAI is ours.
std::optional<std::int64_t> ourUser(const std::string& key, const std::string& uai) {
  const std::string prefix = uai + ":";
  if (!key.starts_with(prefix)) return std::nullopt;
  const std::string digits = key.substr(prefix.size());
  if (digits.empty() || digits.size() > 18 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(digits);
}

std::string textField(const Poco::JSON::Object& object, const std::string& field) {
  if (!object.has(field) || !object.get(field).isString()) return "";
  return object.getValue<std::string>(field);
}

Status notifyPerson(storage::Connection& conn, std::int64_t user_id, const std::string& from_name,
                    Seconds now) {
  notifications::Notice notice;
  notice.kind = "account.attach_request";
  notice.title = from_name + " demande à rattacher un compte au vôtre";
  notice.body =
      "Si vous y travaillez ou y avez un enfant, acceptez : vous utiliserez le même identifiant "
      "et le même mot de passe dans les deux établissements. Sinon, refusez.";
  notice.link = "/profil";
  return notifications::notify(conn, {user_id}, notice, 0, now);
}

}  // namespace

Status applyAttachRequest(storage::Connection& conn, const std::string& uai,
                          const federation::Record& record, Seconds now) {
  if (!record.key.ends_with("@" + uai)) {
    return malformedRequest("key", "does not name this school: " + record.key);
  }
  Poco::JSON::Object::Ptr object;
  try {
    object = Poco::JSON::Parser().parse(record.body).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    return malformedRequest("body", "is not a JSON object");
  }
  if (!object) return malformedRequest("body", "is not a JSON object");
  const auto user_id = ourUser(textField(*object, "member_key"), uai);
  if (!user_id) return malformedRequest("member_key", "does not name an account of this school");
  const std::string from_uai = textField(*object, "from_uai");
  if (from_uai.empty()) return malformedRequest("from_uai", "is missing");
  std::string from_name = textField(*object, "from_name");
  if (from_name.empty()) from_name = from_uai;
  CARTABLE_ASSIGN_OR_RETURN(auto exists,
                            conn.scalarInt64("SELECT count(*) FROM users WHERE id = ?", *user_id));
  if (exists.value_or(0) == 0) return okStatus();  // the account was deleted meanwhile
  CARTABLE_RETURN_IF_ERROR(conn.exec(
      "INSERT INTO attach_requests(request_key, user_id, from_uai, from_name, requested_at) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT(request_key) DO NOTHING",
      record.key, *user_id, from_uai, from_name, now));
  if (conn.changes() == 0) return okStatus();
  return notifyPerson(conn, *user_id, from_name, now);
}

Result<std::vector<AttachRequest>> listAttachRequests(storage::Connection& conn,
                                                      std::optional<std::int64_t> user_id,
                                                      int limit) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt,
      conn.query("SELECT r.id, r.user_id, u.login, r.from_uai, r.from_name, r.requested_at, "
                 "r.decision FROM attach_requests r JOIN users u ON u.id = r.user_id WHERE ?1 IS "
                 "NULL OR r.user_id = ?1 ORDER BY r.decision IS NOT NULL, r.requested_at DESC, "
                 "r.id DESC LIMIT ?2",
                 user_id, limit));
  std::vector<AttachRequest> requests;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, stmt.step());
    if (!more) return requests;
    requests.push_back({stmt.int64(0), stmt.int64(1), stmt.text(2), stmt.text(3), stmt.text(4),
                        stmt.int64(5), stmt.optionalText(6)});
  }
}

Status answerAttachRequest(storage::Connection& conn, std::int64_t id,
                           std::optional<std::int64_t> user_id, const std::string& decision,
                           Seconds now) {
  if (decision != "approved" && decision != "refused") {
    return makeError(Errc::invalid_argument,
                     "decision must be \"approved\" or \"refused\", got \"" + decision + "\"",
                     "decision");
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query("SELECT decision FROM attach_requests WHERE id = ?1 AND (?2 IS NULL "
                            "OR user_id = ?2)",
                            id, user_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
  if (!found) return makeError(Errc::not_found, "no attach request " + std::to_string(id), "id");
  if (auto earlier = stmt.optionalText(0)) {
    return makeError(Errc::failed_precondition,
                     "attach request " + std::to_string(id) + " was answered already: " + *earlier,
                     "decision");
  }
  return conn.exec(
      "UPDATE attach_requests SET decision = ?, answered_at = ?, published = 0 WHERE id = ?",
      decision, now, id);
}

Result<bool> hasAttachAnswers(storage::Connection& conn) {
  CARTABLE_ASSIGN_OR_RETURN(auto waiting,
                            conn.scalarInt64("SELECT EXISTS (SELECT 1 FROM attach_requests WHERE "
                                             "decision IS NOT NULL AND published = 0)"));
  return waiting.value_or(0) == 1;
}

Result<int> sendAttachAnswers(storage::Connection& conn, const std::string& uai, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query("SELECT id, request_key, decision FROM attach_requests WHERE "
                            "decision IS NOT NULL AND published = 0 ORDER BY id"));
  std::vector<std::tuple<std::int64_t, std::string, std::string>> answers;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, stmt.step());
    if (!more) break;
    answers.emplace_back(stmt.int64(0), stmt.text(1), stmt.text(2));
  }
  for (const auto& [id, key, decision] : answers) {
    Poco::JSON::Object body;
    body.set("decision", decision);
    std::ostringstream text;
    body.stringify(text);
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t version,
                              federation::nextVersion(conn, federation::kAttachAnswerKind, key));
    CARTABLE_RETURN_IF_ERROR(
        federation::appendChange(conn,
                                 {0, federation::kHubPeerName, federation::kAttachAnswerKind, key,
                                  federation::schoolPeerName(uai), version, text.str()},
                                 now));
    CARTABLE_RETURN_IF_ERROR(
        conn.exec("UPDATE attach_requests SET published = 1 WHERE id = ?", id));
  }
  return static_cast<int>(answers.size());
}

}  // namespace cartable::federated
