#include "federation/hub/directory.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <sodium.h>

#include <optional>
#include <set>
#include <sstream>

#include "core/base/log.h"
#include "federation/enrollment/enrollment.h"
#include "federation/hub/attach_consent.h"
#include "federation/replication/kinds.h"
#include "federation/replication/records.h"
#include "federation/sealed/sealed_payload.h"

namespace cartable::federation::hub {

namespace {

constexpr const char* kDirectoryKeyName = "v1";

std::string stringify(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

std::string hexOf(const std::vector<std::uint8_t>& bytes) {
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  hex.pop_back();
  return hex;
}

// Appends a hub record for `partition` when its body differs from the one held.
Result<bool> publish(storage::Connection& conn, const std::string& partition, const char* kind,
                     const std::string& key, std::string body, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto held, findRecord(conn, kind, key));
  if (held && held->body == body) return false;
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t version, nextVersion(conn, kind, key));
  CARTABLE_RETURN_IF_ERROR(
      appendChange(conn, {0, partition, kind, key, kHubPeerName, version, std::move(body)}, now));
  return true;
}

Error malformedAccount(const std::string& field, const std::string& problem) {
  return makeError(Errc::malformed, "account record: \"" + field + "\" " + problem, field);
}

bool isDigest(const std::string& value) {
  return value.size() == 64 && value.find_first_not_of("0123456789abcdef") == std::string::npos;
}

struct AccountBody {
  std::string login;
  std::optional<std::string> ine;
  std::string roles;  // the JSON array as received
  bool active = true;
  std::optional<std::string> attach;
};

Result<std::optional<std::string>> optionalDigest(const Poco::JSON::Object& object,
                                                  const std::string& field) {
  if (!object.has(field) || object.isNull(field)) return std::optional<std::string>{};
  const Poco::Dynamic::Var value = object.get(field);
  if (!value.isString() || !isDigest(value.toString())) {
    return malformedAccount(field, "must be 64 lowercase hex digits or null");
  }
  return std::optional<std::string>(value.toString());
}

Result<AccountBody> parseAccount(const std::string& body) {
  Poco::JSON::Object::Ptr object;
  try {
    object = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    return malformedAccount("body", "is not a JSON object");
  } catch (const std::exception&) {
    return malformedAccount("body", "is not a JSON object");
  }
  if (!object) return malformedAccount("body", "is not a JSON object");
  AccountBody account;
  CARTABLE_ASSIGN_OR_RETURN(auto login, optionalDigest(*object, "login"));
  if (!login) return malformedAccount("login", "is missing");
  account.login = *login;
  CARTABLE_ASSIGN_OR_RETURN(account.ine, optionalDigest(*object, "ine"));
  CARTABLE_ASSIGN_OR_RETURN(account.attach, optionalDigest(*object, "attach"));
  auto roles = object->getArray("roles");
  if (!roles) return malformedAccount("roles", "must be an array");
  for (std::size_t i = 0; i < roles->size(); ++i) {
    if (!roles->get(i).isString()) return malformedAccount("roles", "must hold strings");
  }
  std::ostringstream roles_json;
  roles->stringify(roles_json);
  account.roles = roles_json.str();
  if (!object->has("active") || !object->get("active").isBoolean()) {
    return malformedAccount("active", "must be true or false");
  }
  account.active = object->getValue<bool>("active");
  return account;
}

Result<std::optional<std::string>> identityWhere(storage::Connection& conn, std::string_view sql,
                                                 const std::string& value) {
  CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query(sql, value));
  CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
  if (!found) return std::optional<std::string>{};
  return std::optional<std::string>(stmt.text(0));
}

struct Membership {
  std::string identity_id;
  bool adopted = true;
};

Result<std::optional<Membership>> findMembership(storage::Connection& conn, const std::string& uai,
                                                 const std::string& local_key) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt,
      conn.query("SELECT identity_id, adopted FROM regional_memberships WHERE uai = ? AND "
                 "local_key = ?",
                 uai, local_key));
  CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
  if (!found) return std::optional<Membership>{};
  return std::optional<Membership>(Membership{stmt.text(0), stmt.int64(1) == 1});
}

// Every membership of a person: (UAI, local key, active).
struct MemberRow {
  std::string uai;
  std::string local_key;
  bool active = false;
};

Result<std::vector<MemberRow>> membersOf(storage::Connection& conn, const std::string& identity) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query("SELECT uai, local_key, until IS NULL FROM regional_memberships "
                            "WHERE identity_id = ? ORDER BY uai, local_key",
                            identity));
  std::vector<MemberRow> rows;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, stmt.step());
    if (!more) return rows;
    rows.push_back({stmt.text(0), stmt.text(1), stmt.int64(2) == 1});
  }
}

std::set<std::string> activeSchools(const std::vector<MemberRow>& rows) {
  std::set<std::string> schools;
  for (const auto& row : rows) {
    if (row.active) schools.insert(row.uai);
  }
  return schools;
}

struct AccountState {
  std::string state;  // confirmed, collision, attach_failed, pending
  std::string regional_id;
  bool joined = false;
  // Why an attach waits or failed: "consent" (pending: the person has not
  // answered yet), "refused" (they said no), "no_member" (nobody can answer:
  // the person has no active account left); empty for an unknown login.
  std::string reason = "";
};

Status sendStatus(storage::Connection& conn, const std::string& uai, const std::string& local_key,
                  const AccountState& status, const std::set<std::string>& members, Seconds now) {
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("state", status.state);
  body.set("regional_id", status.regional_id);
  body.set("joined", status.joined);
  if (!status.reason.empty()) body.set("reason", status.reason);
  Poco::JSON::Array schools;
  for (const auto& member : members) schools.add(member);
  body.set("members", schools);
  CARTABLE_RETURN_IF_ERROR(
      publish(conn, schoolPeerName(uai), kAccountStatusKind, local_key, stringify(body), now));
  return okStatus();
}

// The outcome of looking for the person an account belongs to.
struct Decision {
  AccountState status;
  bool record_membership = false;
  bool adopted = true;
};

// An attach to the person `target`: joined once they agreed at one of their
// schools; until then they are asked, and the account waits.
Result<Decision> decideAttach(storage::Connection& conn, const std::string& uai,
                              const std::string& local_key, const std::string& target,
                              const std::optional<Membership>& known, Seconds now) {
  const std::string own = known ? known->identity_id : "";
  CARTABLE_ASSIGN_OR_RETURN(auto consent, consentState(conn, uai, local_key, target));
  if (consent == "refused") return Decision{{"attach_failed", own, false, "refused"}};
  if (consent == "approved") {
    const bool same = known && known->identity_id == target;
    return Decision{{"confirmed", target, !same || !known->adopted}, true, same && known->adopted};
  }
  CARTABLE_ASSIGN_OR_RETURN(auto members, membersOf(conn, target));
  std::vector<AskedAccount> asked;
  for (const auto& row : members) {
    if (row.active && row.local_key != local_key) asked.push_back({row.uai, row.local_key});
  }
  if (asked.empty()) return Decision{{"attach_failed", own, false, "no_member"}};
  CARTABLE_RETURN_IF_ERROR(askConsent(conn, uai, local_key, target, asked, now));
  return Decision{{"pending", own, false, "consent"}};
}

Result<Decision> decide(storage::Connection& conn, const std::string& uai,
                        const std::string& local_key, const AccountBody& account,
                        const std::optional<Membership>& known, Random& random, Seconds now) {
  constexpr std::string_view by_login = "SELECT id FROM regional_identities WHERE login_digest = ?";
  constexpr std::string_view by_ine = "SELECT id FROM regional_identities WHERE ine_digest = ?";
  if (account.attach) {
    CARTABLE_ASSIGN_OR_RETURN(auto target, identityWhere(conn, by_login, *account.attach));
    if (!target) return Decision{{"attach_failed", known ? known->identity_id : "", false}};
    CARTABLE_RETURN_IF_ERROR(conn.exec(
        "DELETE FROM directory_attach_waits WHERE uai = ? AND local_key = ?", uai, local_key));
    if (known && known->identity_id == *target) {
      return Decision{{"confirmed", *target, !known->adopted}, true, known->adopted};
    }
    return decideAttach(conn, uai, local_key, *target, known, now);
  }
  CARTABLE_ASSIGN_OR_RETURN(auto login_owner, identityWhere(conn, by_login, account.login));
  if (known) {
    if (login_owner == known->identity_id) {
      return Decision{{"confirmed", known->identity_id, false}, true, true};
    }
    // Joined a person known elsewhere, and still waiting for their login.
    if (!known->adopted) return Decision{{"confirmed", known->identity_id, true}, true, false};
    if (login_owner) return Decision{{"collision", known->identity_id, false}};
    // A school renamed the account: the regional login follows.
    CARTABLE_RETURN_IF_ERROR(
        conn.exec("UPDATE regional_identities SET login_digest = ? WHERE id = ?", account.login,
                  known->identity_id));
    return Decision{{"confirmed", known->identity_id, false}, true, true};
  }
  if (account.ine) {
    CARTABLE_ASSIGN_OR_RETURN(auto student, identityWhere(conn, by_ine, *account.ine));
    if (student) {
      const bool same_login = login_owner == *student;
      return Decision{{"confirmed", *student, !same_login}, true, same_login};
    }
  }
  if (login_owner) return Decision{{"collision", "", false}};
  const std::string id = "R" + random.hex(16);
  CARTABLE_RETURN_IF_ERROR(conn.exec(
      "INSERT INTO regional_identities(id, login_digest, ine_digest, created_at) VALUES (?, ?, ?, "
      "?)",
      id, account.login, account.ine, now));
  return Decision{{"confirmed", id, false}, true, true};
}

Status recordMembership(storage::Connection& conn, const std::string& uai,
                        const std::string& local_key, const AccountBody& account,
                        const Decision& decision, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(conn.exec(
      "INSERT INTO regional_memberships(uai, local_key, identity_id, roles, since, until, adopted) "
      "VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?6 THEN NULL ELSE ?5 END, ?7) "
      "ON CONFLICT(uai, local_key) DO UPDATE SET identity_id = ?3, roles = ?4, "
      "until = CASE WHEN ?6 THEN NULL ELSE coalesce(until, ?5) END, adopted = ?7",
      uai, local_key, decision.status.regional_id, account.roles, now, account.active,
      decision.adopted));
  if (account.ine) {
    CARTABLE_RETURN_IF_ERROR(conn.exec(
        "UPDATE regional_identities SET ine_digest = ?1 WHERE id = ?2 AND ine_digest IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM regional_identities WHERE ine_digest = ?1)",
        *account.ine, decision.status.regional_id));
  }
  return okStatus();
}

}  // namespace

Status settleWaitingAttaches(storage::Connection& conn, const std::string& login_digest,
                             Random& random, Seconds now);

Status ensureDirectoryKey(storage::Connection& conn, Random& random, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query("SELECT key FROM directory_key WHERE id = 1"));
  CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
  std::string key = found ? stmt.text(0) : random.hex(32);
  if (!found) {
    CARTABLE_RETURN_IF_ERROR(
        conn.exec("INSERT INTO directory_key(id, key, created_at) VALUES (1, ?, ?)", key, now));
  }
  Poco::JSON::Object body;
  body.set("key", key);
  CARTABLE_RETURN_IF_ERROR(
      publish(conn, "region", kDirectoryKeyKind, kDirectoryKeyName, stringify(body), now));
  return okStatus();
}

Result<int> publishSchoolKeys(storage::Connection& conn, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt,
      conn.query("SELECT uai, sign_public, box_public, revoked_at IS NOT NULL, name, public_url "
                 "FROM federation_schools WHERE enrolled_at IS NOT NULL ORDER BY uai"));
  int written = 0;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, stmt.step());
    if (!more) return written;
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("uai", stmt.text(0));
    body.set("sign_public", hexOf(stmt.blob(1)));
    body.set("box_public", hexOf(stmt.blob(2)));
    body.set("revoked", stmt.int64(3) == 1);
    body.set("name", stmt.text(4));
    body.set("url", stmt.text(5));
    CARTABLE_ASSIGN_OR_RETURN(
        bool changed, publish(conn, "region", kSchoolKeyKind, stmt.text(0), stringify(body), now));
    if (changed) ++written;
  }
}

Status applyAccount(storage::Connection& conn, const std::string& uai, const Record& record,
                    Random& random, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(AccountBody account, parseAccount(record.body));
  CARTABLE_ASSIGN_OR_RETURN(auto known, findMembership(conn, uai, record.key));
  std::vector<MemberRow> before;
  if (known) {
    CARTABLE_ASSIGN_OR_RETURN(before, membersOf(conn, known->identity_id));
  }
  CARTABLE_ASSIGN_OR_RETURN(Decision decision,
                            decide(conn, uai, record.key, account, known, random, now));
  if (decision.status.state == "attach_failed" && decision.status.reason.empty()) {
    CARTABLE_RETURN_IF_ERROR(conn.exec(
        "INSERT OR REPLACE INTO directory_attach_waits(uai, local_key, login_digest) VALUES (?, "
        "?, ?)",
        uai, record.key, *account.attach));
  }
  if (!decision.record_membership) {
    std::set<std::string> members = activeSchools(before);
    return sendStatus(conn, uai, record.key, decision.status, members, now);
  }
  CARTABLE_RETURN_IF_ERROR(recordMembership(conn, uai, record.key, account, decision, now));
  if (known && known->identity_id != decision.status.regional_id) {
    // Joined another person: the identity made for this account alone goes,
    // and frees its login.
    CARTABLE_RETURN_IF_ERROR(
        conn.exec("DELETE FROM regional_identities WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM "
                  "regional_memberships WHERE identity_id = ?1)",
                  known->identity_id));
  }
  CARTABLE_RETURN_IF_ERROR(settleWaitingAttaches(conn, account.login, random, now));
  CARTABLE_ASSIGN_OR_RETURN(auto after, membersOf(conn, decision.status.regional_id));
  const std::set<std::string> members = activeSchools(after);
  CARTABLE_RETURN_IF_ERROR(sendStatus(conn, uai, record.key, decision.status, members, now));
  if (members == activeSchools(before) && known &&
      known->identity_id == decision.status.regional_id) {
    return okStatus();
  }
  // The person's other schools learn who else holds an account of theirs.
  for (const auto& row : after) {
    if (row.uai == uai && row.local_key == record.key) continue;
    CARTABLE_ASSIGN_OR_RETURN(auto other, findMembership(conn, row.uai, row.local_key));
    const AccountState status{"confirmed", decision.status.regional_id, other && !other->adopted};
    CARTABLE_RETURN_IF_ERROR(sendStatus(conn, row.uai, row.local_key, status, members, now));
  }
  return okStatus();
}

// The account record `local_key` of school `uai` as last received, applied again.
Status reapplyAccount(storage::Connection& conn, const std::string& uai,
                      const std::string& local_key, Random& random, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto held, findRecord(conn, kAccountKind, local_key));
  if (!held) return okStatus();
  return applyAccount(conn, uai, *held, random, now);
}

Status applyAttachAnswer(storage::Connection& conn, const std::string& uai, const Record& record,
                         Random& random, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto settled, recordAnswer(conn, uai, record, now));
  if (!settled) return okStatus();
  return reapplyAccount(conn, settled->uai, settled->local_key, random, now);
}

// Attach requests that were waiting for `login_digest`, now a person's login.
Status settleWaitingAttaches(storage::Connection& conn, const std::string& login_digest,
                             Random& random, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto stmt,
                            conn.query("SELECT uai, local_key FROM directory_attach_waits WHERE "
                                       "login_digest = ?",
                                       login_digest));
  std::vector<std::pair<std::string, std::string>> waiting;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, stmt.step());
    if (!more) break;
    waiting.emplace_back(stmt.text(0), stmt.text(1));
  }
  for (const auto& [uai, local_key] : waiting) {
    CARTABLE_RETURN_IF_ERROR(reapplyAccount(conn, uai, local_key, random, now));
  }
  return okStatus();
}

Status relaySealed(storage::Connection& conn, const std::string& uai, const Record& record,
                   Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(SealedHeader header, readSealedHeader(record.body));
  if (header.from != schoolPeerName(uai) || record.owner != header.from) {
    return makeError(Errc::permission_denied,
                     "school:" + uai + " sent a sealed payload signed as " + header.from, "from");
  }
  const std::string destination = uaiOfPeer(header.to);
  CARTABLE_ASSIGN_OR_RETURN(
      auto enrolled,
      conn.scalarInt64("SELECT count(*) FROM federation_schools WHERE uai = ? AND enrolled_at IS "
                       "NOT NULL AND revoked_at IS NULL",
                       destination));
  if (destination.empty() || enrolled.value_or(0) == 0) {
    return makeError(Errc::permission_denied,
                     "school:" + uai + " sent a sealed payload to " + header.to +
                         ", which is not an enrolled school",
                     "to");
  }
  const std::string suffix = ":" + destination;
  if (record.key.size() < suffix.size() ||
      record.key.compare(record.key.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return makeError(Errc::permission_denied,
                     "sealed payload " + record.key + " does not name its destination " +
                         destination + " in its key",
                     "key");
  }
  Record relayed = record;
  relayed.seq = 0;
  relayed.partition = header.to;
  CARTABLE_RETURN_IF_ERROR(appendChange(conn, relayed, now));
  return okStatus();
}

}  // namespace cartable::federation::hub
