#include "federated/regional_accounts.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <sodium.h>

#include <algorithm>
#include <sstream>

#include "federated/credential_envelope.h"
#include "federated/school_keys.h"
#include "federation/enrollment/enrollment.h"
#include "federation/replication/kinds.h"
#include "federation/replication/records.h"
#include "federation/sealed/sealed_payload.h"

namespace cartable::federated {

namespace {

std::string lowered(std::string_view value) {
  std::string out(value);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Result<std::optional<std::string>> directoryKey(storage::Connection& conn) {
  CARTABLE_ASSIGN_OR_RETURN(auto record,
                            federation::findRecord(conn, federation::kDirectoryKeyKind, "v1"));
  if (!record) return std::optional<std::string>{};
  try {
    auto object = Poco::JSON::Parser().parse(record->body).extract<Poco::JSON::Object::Ptr>();
    std::string hex = object->getValue<std::string>("key");
    std::string key(32, '\0');
    std::size_t length = 0;
    if (sodium_hex2bin(reinterpret_cast<unsigned char*>(key.data()), key.size(), hex.data(),
                       hex.size(), nullptr, &length, nullptr) != 0 ||
        length != key.size()) {
      return makeError(Errc::corrupt, "the hub's directory key is not 64 hex digits", "key");
    }
    return std::optional<std::string>(key);
  } catch (const std::exception&) {
    return makeError(Errc::corrupt, "the hub's directory key record is not readable", "key");
  }
}

std::string digestWith(const std::string& key, std::string_view value) {
  const std::string input = lowered(value);
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size(), reinterpret_cast<const unsigned char*>(key.data()), key.size());
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

std::string stringify(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

Status append(storage::Connection& conn, const std::string& uai, const char* kind,
              const std::string& key, std::string body, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t version, federation::nextVersion(conn, kind, key));
  CARTABLE_RETURN_IF_ERROR(
      federation::appendChange(conn,
                               {0, federation::kHubPeerName, kind, key,
                                federation::schoolPeerName(uai), version, std::move(body)},
                               now));
  return okStatus();
}

// Account records of the accounts changed since the last call.
Result<int> publishAccounts(storage::Connection& conn, const std::string& key,
                            const std::string& uai, Seconds now, int limit) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt,
      conn.query("SELECT u.id, u.login, u.ine, u.disabled_at IS NULL, ra.attach_login, "
                 "(SELECT json_group_array(role) FROM (SELECT role FROM user_roles WHERE "
                 "user_id = u.id ORDER BY role)) FROM regional_accounts ra JOIN users u ON "
                 "u.id = ra.user_id WHERE ra.dirty = 1 ORDER BY u.id LIMIT ?",
                 limit));
  struct Row {
    std::int64_t id;
    std::string body;
  };
  std::vector<Row> rows;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, stmt.step());
    if (!more) break;
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    const std::string roles = stmt.text(5);
    body.set("login", digestWith(key, stmt.text(1)));
    const bool student = roles.find("\"student\"") != std::string::npos;
    if (student && !stmt.isNull(2)) {
      body.set("ine", digestWith(key, stmt.text(2)));
    } else {
      body.set("ine", Poco::Dynamic::Var());
    }
    body.set("roles", Poco::JSON::Parser().parse(roles));
    body.set("active", stmt.int64(3) == 1);
    if (stmt.isNull(4)) {
      body.set("attach", Poco::Dynamic::Var());
    } else {
      body.set("attach", digestWith(key, stmt.text(4)));
    }
    rows.push_back({stmt.int64(0), stringify(body)});
  }
  for (auto& row : rows) {
    const std::string record_key = uai + ":" + std::to_string(row.id);
    CARTABLE_RETURN_IF_ERROR(
        append(conn, uai, federation::kAccountKind, record_key, std::move(row.body), now));
    CARTABLE_RETURN_IF_ERROR(conn.exec(
        "UPDATE regional_accounts SET dirty = 0, updated_at = ? WHERE user_id = ?", now, row.id));
  }
  return static_cast<int>(rows.size());
}

struct Delivery {
  std::int64_t user_id = 0;
  std::string to_uai;
  CredentialEnvelope envelope;
};

// Accounts whose latest login and password this school set, joined with the
// member schools that lack that version (?1: this school, ?2: its UAI).
constexpr const char* kPendingDeliveries =
    " FROM regional_accounts ra JOIN regional_members m ON m.user_id = ra.user_id "
    "JOIN users u ON u.id = ra.user_id JOIN credentials c ON c.user_id = ra.user_id "
    "LEFT JOIN credential_deliveries d ON d.user_id = ra.user_id AND d.uai = m.uai "
    "WHERE ra.regional_id IS NOT NULL AND ra.credential_version > 0 "
    "AND ra.credential_owner IN ('', ?1) AND m.uai <> ?2 "
    "AND (d.version IS NULL OR d.version < ra.credential_version)";

// The logins and passwords this school set last, for member schools that lack them.
Result<std::vector<Delivery>> pendingDeliveries(storage::Connection& conn, const std::string& uai,
                                                int limit) {
  const std::string self = federation::schoolPeerName(uai);
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt,
      conn.query(std::string("SELECT ra.user_id, m.uai, ra.regional_id, u.login, u.given_name, "
                             "u.family_name, coalesce(u.email, ''), c.password_hash, "
                             "c.must_change_password, ra.credential_version, "
                             "ra.previous_version, ra.previous_owner") +
                     kPendingDeliveries + " ORDER BY ra.user_id, m.uai LIMIT ?3",
                 self, uai, limit));
  std::vector<Delivery> deliveries;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, stmt.step());
    if (!more) return deliveries;
    Delivery delivery;
    delivery.user_id = stmt.int64(0);
    delivery.to_uai = stmt.text(1);
    delivery.envelope = {stmt.text(2), stmt.text(3),   stmt.text(4),       stmt.text(5),
                         stmt.text(6), stmt.text(7),   stmt.int64(8) == 1, stmt.int64(9),
                         self,         stmt.int64(10), stmt.text(11)};
    deliveries.push_back(std::move(delivery));
  }
}

Result<int> publishCredentials(storage::Connection& conn, const federation::NodeKeys& keys,
                               const std::string& uai, Seconds now, int limit) {
  CARTABLE_ASSIGN_OR_RETURN(auto deliveries, pendingDeliveries(conn, uai, limit));
  int written = 0;
  for (const auto& delivery : deliveries) {
    CARTABLE_ASSIGN_OR_RETURN(auto recipient, findSchoolKeys(conn, delivery.to_uai));
    if (!recipient || recipient->revoked) continue;  // waits for the hub to publish its keys
    const federation::SealedHeader header{federation::schoolPeerName(uai),
                                          federation::schoolPeerName(delivery.to_uai),
                                          kCredentialPurpose};
    std::string sealed = federation::sealPayload(keys, header, recipient->box_public,
                                                 encodeEnvelope(delivery.envelope));
    const std::string key = std::string(kCredentialPurpose) + ":" + delivery.envelope.regional_id +
                            ":" + delivery.to_uai;
    CARTABLE_RETURN_IF_ERROR(
        append(conn, uai, federation::kSealedKind, key, std::move(sealed), now));
    CARTABLE_RETURN_IF_ERROR(
        conn.exec("INSERT INTO credential_deliveries(user_id, uai, version) VALUES (?1, ?2, ?3) "
                  "ON CONFLICT(user_id, uai) DO UPDATE SET version = ?3",
                  delivery.user_id, delivery.to_uai, delivery.envelope.version));
    ++written;
  }
  return written;
}

}  // namespace

Result<std::optional<std::string>> regionalDigest(storage::Connection& conn,
                                                  std::string_view value) {
  CARTABLE_ASSIGN_OR_RETURN(auto key, directoryKey(conn));
  if (!key) return std::optional<std::string>{};
  return std::optional<std::string>(digestWith(*key, value));
}

Result<bool> hasAccountChanges(storage::Connection& conn, const std::string& uai) {
  // Nothing can be published before the hub's directory key has come.
  CARTABLE_ASSIGN_OR_RETURN(
      auto changed,
      conn.scalarInt64(std::string("SELECT EXISTS (SELECT 1 FROM federated_records WHERE kind = "
                                   "?3) AND (EXISTS (SELECT 1 FROM regional_accounts WHERE dirty "
                                   "= 1) OR EXISTS (SELECT 1") +
                           kPendingDeliveries + "))",
                       federation::schoolPeerName(uai), uai,
                       std::string(federation::kDirectoryKeyKind)));
  return changed.value_or(0) == 1;
}

Result<int> publishAccountChanges(storage::Connection& conn, const federation::NodeKeys& keys,
                                  const std::string& uai, Seconds now, int limit) {
  CARTABLE_ASSIGN_OR_RETURN(auto key, directoryKey(conn));
  if (!key) return 0;  // nothing can be published before the hub's key has come
  CARTABLE_ASSIGN_OR_RETURN(int accounts, publishAccounts(conn, *key, uai, now, limit));
  CARTABLE_ASSIGN_OR_RETURN(int credentials, publishCredentials(conn, keys, uai, now, limit));
  return accounts + credentials;
}

Status requestAttach(storage::Connection& conn, std::int64_t user_id, const std::string& login) {
  if (login.empty()) {
    return makeError(Errc::invalid_argument, "the login to attach to is empty", "login");
  }
  CARTABLE_RETURN_IF_ERROR(conn.exec(
      "UPDATE regional_accounts SET attach_login = ?, dirty = 1, state = 'pending', message = '' "
      "WHERE user_id = ?",
      login, user_id));
  if (conn.changes() == 0) {
    return makeError(Errc::not_found, "no account " + std::to_string(user_id), "user_id");
  }
  return okStatus();
}

Result<std::vector<RegionalAccount>> listRegionalAccounts(storage::Connection& conn,
                                                          const std::string& state, int limit) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt,
      conn.query("SELECT u.id, u.login, u.given_name || ' ' || u.family_name, ra.state, "
                 "ra.message, ra.regional_id, (SELECT group_concat(uai, ',') FROM (SELECT uai "
                 "FROM regional_members WHERE user_id = u.id ORDER BY uai)) FROM "
                 "regional_accounts ra JOIN users u ON u.id = ra.user_id WHERE ?1 = '' OR "
                 "ra.state = ?1 ORDER BY u.login LIMIT ?2",
                 state, limit));
  std::vector<RegionalAccount> accounts;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, stmt.step());
    if (!more) return accounts;
    RegionalAccount account{stmt.int64(0),
                            stmt.text(1),
                            stmt.text(2),
                            stmt.text(3),
                            stmt.text(4),
                            stmt.optionalText(5),
                            {}};
    std::stringstream schools(stmt.optionalText(6).value_or(""));
    for (std::string uai; std::getline(schools, uai, ',');) account.other_schools.push_back(uai);
    accounts.push_back(std::move(account));
  }
}

Result<std::vector<OtherSchool>> otherSchoolsOf(storage::Connection& conn, std::int64_t user_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt,
      conn.query("SELECT uai FROM regional_members WHERE user_id = ? ORDER BY uai", user_id));
  std::vector<std::string> uais;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, stmt.step());
    if (!more) break;
    uais.push_back(stmt.text(0));
  }
  std::vector<OtherSchool> schools;
  for (const auto& uai : uais) {
    // An unreadable record from the hub leaves the school shown by its UAI alone.
    auto found = findSchoolKeys(conn, uai);
    const SchoolKeys* keys = found.ok() && *found ? &**found : nullptr;
    if (keys && keys->revoked) continue;
    // Another school's word, relayed: only a web address is a link.
    std::string url = keys ? keys->url : "";
    if (!url.starts_with("https://") && !url.starts_with("http://")) url.clear();
    OtherSchool school{uai, keys && !keys->name.empty() ? keys->name : uai, std::move(url)};
    schools.push_back(std::move(school));
  }
  std::sort(schools.begin(), schools.end(),
            [](const OtherSchool& a, const OtherSchool& b) { return a.name < b.name; });
  return schools;
}

Result<RegionalSummary> regionalSummary(storage::Connection& conn) {
  RegionalSummary summary;
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query("SELECT state, count(*) FROM regional_accounts GROUP BY state"));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, stmt.step());
    if (!more) break;
    const std::string state = stmt.text(0);
    const std::int64_t count = stmt.int64(1);
    if (state == "pending") summary.pending = count;
    if (state == "confirmed") summary.confirmed = count;
    if (state == "collision") summary.collision = count;
    if (state == "attach_failed") summary.attach_failed = count;
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto shared, conn.scalarInt64("SELECT count(DISTINCT user_id) FROM regional_members"));
  summary.shared = shared.value_or(0);
  CARTABLE_ASSIGN_OR_RETURN(auto refused, conn.scalarInt64("SELECT count(*) FROM sealed_refusals"));
  summary.refused_payloads = refused.value_or(0);
  return summary;
}

}  // namespace cartable::federated
