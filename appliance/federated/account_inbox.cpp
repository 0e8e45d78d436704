#include "federated/account_inbox.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "core/base/log.h"
#include "federated/attach_requests.h"
#include "federated/credential_envelope.h"
#include "federated/school_keys.h"
#include "federated/transfers.h"
#include "federation/enrollment/enrollment.h"
#include "federation/replication/kinds.h"
#include "federation/replication/records.h"
#include "federation/sealed/sealed_payload.h"

namespace cartable::federated {

namespace {

// The local account an account-status key "<UAI>:<user id>" names, if ours.
std::optional<std::int64_t> localUser(const std::string& key, const std::string& uai) {
  const std::string prefix = uai + ":";
  if (!key.starts_with(prefix)) return std::nullopt;
  try {
    std::size_t used = 0;
    const std::string id = key.substr(prefix.size());
    const std::int64_t value = std::stoll(id, &used);
    if (used != id.size() || value <= 0) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

Result<std::string> localLogin(storage::Connection& conn, std::int64_t user_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query("SELECT login FROM users WHERE id = ?", user_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
  return found ? stmt.text(0) : std::string();
}

std::string collisionMessage(const std::string& login) {
  return "Le login « " + login +
         " » est déjà celui d'une autre personne dans la région : renommez ce compte, ou "
         "rattachez-le au compte existant s'il s'agit de la même personne. / The login \"" +
         login +
         "\" already belongs to another person of the region: rename this account, or "
         "attach it to that account if it is the same person.";
}

std::string attachFailedMessage(const std::string& login) {
  return "Aucun compte de la région n'a (encore) le login « " + login +
         " » : le rattachement se fera dès qu'il apparaîtra. / No account of the region has "
         "the login \"" +
         login + "\" yet: the attach happens as soon as it appears.";
}

std::string waitingConsentMessage(const std::string& login) {
  return "Demande envoyée : « " + login +
         " » doit l'accepter depuis son compte dans son autre établissement (ou l'administrateur "
         "de celui-ci pour lui). / Asked: \"" +
         login +
         "\" must agree from their account at their other school (or that school's operator "
         "for them).";
}

std::string refusedMessage(const std::string& login) {
  return "« " + login + " » a refusé le rattachement : ce compte reste distinct. / \"" + login +
         "\" refused the attach: this account stays separate.";
}

std::string noMemberMessage(const std::string& login) {
  return "« " + login +
         " » n'a plus de compte actif dans la région pour accepter le rattachement. / \"" + login +
         "\" has no active account left in the region to agree to the attach.";
}

// What the admin is told about an account in `state`, with the hub's `reason`.
Result<std::string> statusMessage(storage::Connection& conn, std::int64_t user_id,
                                  const std::string& state, const std::string& reason,
                                  const std::string& attach_login) {
  if (state == "collision") {
    CARTABLE_ASSIGN_OR_RETURN(std::string login, localLogin(conn, user_id));
    return collisionMessage(login);
  }
  if (reason == "consent") return waitingConsentMessage(attach_login);
  if (reason == "refused") return refusedMessage(attach_login);
  if (reason == "no_member") return noMemberMessage(attach_login);
  if (state == "attach_failed") return attachFailedMessage(attach_login);
  return std::string();
}

Status applyStatus(storage::Connection& conn, const std::string& uai,
                   const federation::Record& record) {
  const auto user_id = localUser(record.key, uai);
  if (!user_id) {
    return makeError(Errc::malformed, "account status for " + record.key + " is not ours", "key");
  }
  auto object = Poco::JSON::Parser().parse(record.body).extract<Poco::JSON::Object::Ptr>();
  const std::string state = object->getValue<std::string>("state");
  const std::string regional_id = object->getValue<std::string>("regional_id");
  const bool joined = object->getValue<bool>("joined");
  CARTABLE_ASSIGN_OR_RETURN(auto held, conn.query("SELECT regional_id, attach_login FROM "
                                                  "regional_accounts WHERE user_id = ?",
                                                  *user_id));
  CARTABLE_ASSIGN_OR_RETURN(bool exists, held.step());
  if (!exists) return okStatus();  // the account was deleted meanwhile
  const std::optional<std::string> previous = held.optionalText(0);
  const std::string attach_login = held.optionalText(1).value_or("");
  const std::string reason = object->optValue<std::string>("reason", "");
  CARTABLE_ASSIGN_OR_RETURN(std::string message,
                            statusMessage(conn, *user_id, state, reason, attach_login));
  CARTABLE_RETURN_IF_ERROR(conn.exec(
      "UPDATE regional_accounts SET state = ?1, message = ?2, regional_id = nullif(?3, ''), "
      "attach_login = CASE WHEN ?1 = 'confirmed' THEN NULL ELSE attach_login END "
      "WHERE user_id = ?4",
      state, message, regional_id, *user_id));
  if (state == "confirmed" && joined && previous != regional_id) {
    // Joined a person known elsewhere: their login and password come from there.
    CARTABLE_RETURN_IF_ERROR(conn.exec(
        "UPDATE regional_accounts SET credential_version = 0, credential_owner = 'none' WHERE "
        "user_id = ?",
        *user_id));
  }
  CARTABLE_RETURN_IF_ERROR(conn.exec("DELETE FROM regional_members WHERE user_id = ?", *user_id));
  auto members = object->getArray("members");
  for (std::size_t i = 0; members && i < members->size(); ++i) {
    const std::string member = members->getElement<std::string>(i);
    if (member == uai) continue;
    CARTABLE_RETURN_IF_ERROR(conn.exec(
        "INSERT OR IGNORE INTO regional_members(user_id, uai) VALUES (?, ?)", *user_id, member));
  }
  return okStatus();
}

Status recordRefusal(storage::Connection& conn, const federation::SealedHeader& header,
                     const std::string& reason, Seconds now) {
  log::warning("federation: refused a sealed " + header.purpose + " from " + header.from + ": " +
               reason);
  return conn.exec("INSERT INTO sealed_refusals(at, sender, purpose, reason) VALUES (?, ?, ?, ?)",
                   now, header.from, header.purpose, reason);
}

// A version set here that the winning one did not replace (the same person's
// password changed at two schools while apart) is kept for review in
// replication_conflicts before it is replaced.
Status keepConcurrentVersion(storage::Connection& conn, std::int64_t user_id, std::int64_t version,
                             const std::string& owner, const CredentialEnvelope& winner,
                             const std::string& uai, Seconds now) {
  if (owner != federation::schoolPeerName(uai) || version <= 0) return okStatus();
  if (winner.based_on_version == version && winner.based_on_owner == owner) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt,
      conn.query("SELECT u.login, u.given_name, u.family_name, coalesce(u.email, ''), "
                 "c.password_hash, c.must_change_password FROM users u JOIN credentials c ON "
                 "c.user_id = u.id WHERE u.id = ?",
                 user_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
  if (!found) return okStatus();
  CredentialEnvelope lost{winner.regional_id,
                          stmt.text(0),
                          stmt.text(1),
                          stmt.text(2),
                          stmt.text(3),
                          stmt.text(4),
                          stmt.int64(5) == 1,
                          version,
                          owner,
                          0,
                          ""};
  const std::string body = encodeEnvelope(lost);  // the column is a BLOB
  return conn.exec(
      "INSERT INTO replication_conflicts(kind, record_key, owner, version, body, winner_owner, "
      "winner_version, at) VALUES ('credential', ?, ?, ?, ?, ?, ?, ?)",
      winner.regional_id, owner, version,
      storage::Blob(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()), winner.owner,
      winner.version, now);
}

// Takes the person's login and password from a member school's envelope when
// it is newer than what this school holds.
Status applyCredential(storage::Connection& conn, const federation::SealedHeader& header,
                       const CredentialEnvelope& envelope, const std::string& uai, Seconds now) {
  if (envelope.owner != header.from) {
    return recordRefusal(conn, header, "the envelope claims to be from " + envelope.owner, now);
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto held, conn.query("SELECT user_id, credential_version, credential_owner FROM "
                            "regional_accounts WHERE regional_id = ? ORDER BY user_id LIMIT 1",
                            envelope.regional_id));
  CARTABLE_ASSIGN_OR_RETURN(bool exists, held.step());
  if (!exists) {
    return recordRefusal(conn, header, "no account here is " + envelope.regional_id, now);
  }
  const std::int64_t user_id = held.int64(0);
  std::string owner = held.text(2);
  if (owner.empty()) owner = federation::schoolPeerName(uai);
  if (!federation::beats(envelope.version, envelope.owner, held.int64(1), owner)) {
    return okStatus();  // this school holds a newer version
  }
  CARTABLE_RETURN_IF_ERROR(
      keepConcurrentVersion(conn, user_id, held.int64(1), owner, envelope, uai, now));
  CARTABLE_ASSIGN_OR_RETURN(
      auto taken, conn.scalarInt64("SELECT count(*) FROM users WHERE login = ? AND id <> ?",
                                   envelope.login, user_id));
  if (taken.value_or(0) > 0) {
    CARTABLE_RETURN_IF_ERROR(conn.exec(
        "UPDATE regional_accounts SET state = 'collision', message = ? WHERE user_id = ?",
        "Le login régional « " + envelope.login +
            " » est déjà celui d'un autre compte de cet établissement : renommez l'un des deux. "
            "/ The regional login \"" +
            envelope.login + "\" is already another account's here: rename one of them.",
        user_id));
  } else {
    CARTABLE_RETURN_IF_ERROR(conn.exec("UPDATE users SET login = ?, updated_at = ? WHERE id = ?",
                                       envelope.login, now, user_id));
  }
  // The person's profile is shared too: the newest version names them everywhere.
  CARTABLE_RETURN_IF_ERROR(conn.exec(
      "UPDATE users SET given_name = ?, family_name = ?, email = nullif(?, ''), updated_at = ? "
      "WHERE id = ?",
      envelope.given_name, envelope.family_name, envelope.email, now, user_id));
  CARTABLE_RETURN_IF_ERROR(conn.exec(
      "INSERT INTO credentials(user_id, password_hash, must_change_password, password_changed_at) "
      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(user_id) DO UPDATE SET password_hash = ?2, "
      "must_change_password = ?3, password_changed_at = ?4",
      user_id, envelope.password_hash, envelope.must_change_password, now));
  // Set after the writes above, whose triggers count them as this school's.
  return conn.exec(
      "UPDATE regional_accounts SET credential_version = ?, credential_owner = ?, "
      "previous_version = ?, previous_owner = ? WHERE user_id = ?",
      envelope.version, envelope.owner, envelope.based_on_version, envelope.based_on_owner,
      user_id);
}

Status applySealed(storage::Connection& conn, const federation::NodeKeys& keys,
                   const std::string& uai, const federation::Record& record, Seconds now) {
  auto header = federation::readSealedHeader(record.body);
  if (!header.ok()) {
    return recordRefusal(conn, {record.owner, federation::schoolPeerName(uai), "?"},
                         header.error().message, now);
  }
  const std::string sender = federation::uaiOfPeer(header->from);
  CARTABLE_ASSIGN_OR_RETURN(auto sender_keys, findSchoolKeys(conn, sender));
  if (header->from != record.owner || !sender_keys || sender_keys->revoked) {
    return recordRefusal(conn, *header, header->from + " is not a known, unrevoked school", now);
  }
  auto opened = federation::openPayload(record.body, keys, federation::schoolPeerName(uai),
                                        sender_keys->sign_public);
  if (!opened.ok()) return recordRefusal(conn, *header, opened.error().message, now);
  if (header->purpose == kDossierPurpose) {
    Status kept = receiveDossier(conn, *header, *opened, now);
    if (!kept.ok()) return recordRefusal(conn, *header, kept.error().message, now);
    return okStatus();
  }
  if (header->purpose != kCredentialPurpose) {
    return recordRefusal(conn, *header, "unknown purpose " + header->purpose, now);
  }
  auto envelope = decodeEnvelope(*opened);
  if (!envelope.ok()) return recordRefusal(conn, *header, envelope.error().message, now);
  return applyCredential(conn, *header, *envelope, uai, now);
}

}  // namespace

Status applyHubRecord(storage::Connection& conn, const federation::NodeKeys& keys,
                      const std::string& uai, const federation::Record& record, Seconds now) {
  try {
    if (record.kind == federation::kAccountStatusKind) return applyStatus(conn, uai, record);
    if (record.kind == federation::kSealedKind) return applySealed(conn, keys, uai, record, now);
    if (record.kind == federation::kAttachRequestKind) {
      return applyAttachRequest(conn, uai, record, now);
    }
  } catch (const std::exception& error) {
    return makeError(
        Errc::malformed,
        record.kind + " " + record.key + " from the hub is unreadable: " + error.what(), "body");
  }
  return okStatus();
}

}  // namespace cartable::federated
