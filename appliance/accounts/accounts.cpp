#include "accounts/accounts.h"

#include "core/auth/audit.h"
#include "core/auth/totp.h"
#include "core/base/utf8.h"

namespace cartable::accounts {

using storage::Blob;
using storage::Connection;
using storage::Statement;

struct AccountService::Credentials {
  std::string password_hash;
  bool must_change_password = false;
  std::vector<std::uint8_t> totp_secret;
  bool totp_enabled = false;
  std::int64_t totp_last_step = 0;
};

namespace {

constexpr std::size_t kTotpSecretBytes = 20;

Error genericSignInError() {
  return makeError(Errc::unauthenticated,
                   "identifiant ou mot de passe incorrect / login or password incorrect");
}

std::string refusalMessage(auth::TotpRefusal refusal) {
  switch (refusal) {
    case auth::TotpRefusal::malformed:
      return "le code de vérification doit comporter 6 chiffres / the verification code must be "
             "6 digits";
    case auth::TotpRefusal::replayed:
      return "ce code a déjà servi, attendez le suivant / this code was already used, wait for "
             "the next one";
    case auth::TotpRefusal::expired:
      return "ce code n'est plus valable : vérifiez l'heure de votre téléphone / this code is "
             "no longer valid: check your phone's clock";
    case auth::TotpRefusal::wrong:
      break;
  }
  return "code de vérification incorrect / wrong verification code";
}

// At sign-in a refused code leaves the person signed out (401); once signed
// in, it is bad input on the form's field "code" (422).
Error codeRefused(auth::TotpRefusal refusal, bool signing_in) {
  return makeError(signing_in ? Errc::unauthenticated : Errc::invalid_argument,
                   refusalMessage(refusal), signing_in ? "totp_code" : "code");
}

auth::AuditEvent event(std::string name, std::optional<std::int64_t> actor,
                       std::optional<std::int64_t> subject, const Origin& origin,
                       std::string detail = "{}") {
  return auth::AuditEvent{std::move(name), actor, subject, origin.remote_address,
                          std::move(detail)};
}

std::string jsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out.append("?");
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

std::string rolesJson(directory::RoleSet roles) {
  std::string out = "[";
  for (directory::Role role : roles.list()) {
    if (out.size() > 1) out.push_back(',');
    out.append(jsonString(std::string(directory::roleName(role))));
  }
  return out + "]";
}

}  // namespace

AccountService::AccountService(storage::Database& db, const Clock& clock, Random& random,
                               AccountPolicy policy, std::string issuer)
    : db_(db),
      clock_(clock),
      random_(random),
      policy_(policy),
      issuer_(std::move(issuer)),
      sessions_(db, clock, random, policy.sessions),
      throttle_(policy.throttle, clock) {}

Result<std::optional<AccountService::Credentials>> AccountService::loadCredentials(
    Connection& db, std::int64_t user_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      Statement row, db.query("SELECT password_hash, must_change_password, totp_secret, "
                              "totp_enabled, totp_last_step FROM credentials WHERE user_id = ?",
                              user_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) return std::optional<Credentials>{};
  Credentials credentials;
  credentials.password_hash = row.text(0);
  credentials.must_change_password = row.int64(1) != 0;
  if (!row.isNull(2)) credentials.totp_secret = row.blob(2);
  credentials.totp_enabled = row.int64(3) != 0;
  credentials.totp_last_step = row.int64(4);
  return std::optional<Credentials>(std::move(credentials));
}

// Counts the failure against the login and the address, and audits it. The
// login as typed is not kept: it may be a password typed in the wrong field;
// the account, when the login names one, is the event's subject.
Status AccountService::recordFailure(const std::string& event_name, const std::string& login,
                                     const Origin& origin, std::optional<std::int64_t> user_id,
                                     const std::string& reason) {
  throttle_.recordFailure(login, origin.remote_address);
  return db_.write([&](Connection& db) {
    return auth::recordAudit(
        db, event(event_name, std::nullopt, user_id, origin, "{\"reason\":\"" + reason + "\"}"),
        clock_.now());
  });
}

Error AccountService::throttled(const std::string& login, const std::string& address) {
  const Seconds wait = throttle_.retryAfter(login, address);
  return makeError(Errc::too_many_requests,
                   "trop de tentatives, réessayez dans " + std::to_string(wait) +
                       " s / too many attempts, try again in " + std::to_string(wait) + " s");
}

Result<SignedIn> AccountService::signIn(const SignInRequest& request) {
  auto attempt = throttle_.begin(request.login, request.origin.remote_address);
  if (!attempt) return throttled(request.login, request.origin.remote_address);
  std::optional<directory::User> user;
  std::optional<Credentials> credentials;
  CARTABLE_RETURN_IF_ERROR(db_.read([&](Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(user, directory::findUserByLogin(db, request.login));
    if (!user) return okStatus();
    CARTABLE_ASSIGN_OR_RETURN(credentials, loadCredentials(db, user->id));
    return okStatus();
  }));
  const bool usable = user && user->active() && credentials;
  // Unknown accounts are checked against a dummy hash so that timing tells nothing.
  const std::string& hash = usable ? credentials->password_hash : auth::dummyHash(policy_.argon2);
  if (!auth::verifyPassword(hash, request.password) || !usable) {
    CARTABLE_RETURN_IF_ERROR(recordFailure("sign_in.failure", request.login, request.origin,
                                           user ? std::optional(user->id) : std::nullopt,
                                           usable ? "password" : "account"));
    return genericSignInError();
  }
  std::optional<std::int64_t> totp_step;
  if (credentials->totp_enabled) {
    if (request.totp_code.empty()) {
      return makeError(Errc::unauthenticated,
                       "code de vérification requis / verification code required", "totp_code");
    }
    totp_step = auth::verifyTotp(credentials->totp_secret, request.totp_code, clock_.now(),
                                 credentials->totp_last_step);
    if (!totp_step) {
      CARTABLE_RETURN_IF_ERROR(
          recordFailure("sign_in.failure", request.login, request.origin, user->id, "totp"));
      return codeRefused(auth::explainTotpRefusal(credentials->totp_secret, request.totp_code,
                                                  clock_.now(), credentials->totp_last_step),
                         true);
    }
  }
  throttle_.recordSuccess(request.login);
  const bool rehash = auth::needsRehash(credentials->password_hash, policy_.argon2);
  std::string new_hash;
  if (rehash) {
    CARTABLE_ASSIGN_OR_RETURN(new_hash, auth::hashPassword(request.password, policy_.argon2));
  }
  SignedIn signed_in;
  signed_in.user_id = user->id;
  CARTABLE_RETURN_IF_ERROR(db_.write([&](Connection& db) -> Status {
    if (totp_step) {
      // Only one sign-in may use a given code, even when several race.
      CARTABLE_RETURN_IF_ERROR(db.exec(
          "UPDATE credentials SET totp_last_step = ?1 WHERE user_id = ?2 AND totp_last_step < ?1",
          *totp_step, user->id));
      if (db.changes() == 0) return codeRefused(auth::TotpRefusal::replayed, true);
    }
    if (rehash) {
      CARTABLE_RETURN_IF_ERROR(db.exec("UPDATE credentials SET password_hash = ? WHERE user_id = ?",
                                       new_hash, user->id));
    }
    CARTABLE_ASSIGN_OR_RETURN(
        signed_in.session,
        sessions_.create(db, user->id, request.kind, totp_step.has_value(),
                         request.origin.remote_address, request.origin.user_agent));
    return auth::recordAudit(db, event("sign_in.success", user->id, user->id, request.origin),
                             clock_.now());
  }));
  return signed_in;
}

Status AccountService::signOut(std::int64_t user_id, std::int64_t session_id,
                               const Origin& origin) {
  return db_.write([&](Connection& db) -> Status {
    CARTABLE_RETURN_IF_ERROR(sessions_.revoke(db, user_id, session_id));
    return auth::recordAudit(db, event("sign_out", user_id, user_id, origin), clock_.now());
  });
}

Result<std::string> AccountService::hashChecked(const std::string& password,
                                                const std::string& login) {
  if (auto problem = auth::passwordProblem(password, policy_.min_password_length, login)) {
    return makeError(Errc::invalid_argument, *problem, "password");
  }
  return auth::hashPassword(password, policy_.argon2);
}

Result<std::int64_t> AccountService::createAccountWithPassword(
    Connection& db, const directory::NewUser& user, const std::string& password, bool must_change,
    std::optional<std::int64_t> actor, const Origin& origin) {
  CARTABLE_ASSIGN_OR_RETURN(std::string hash, hashChecked(password, user.login));
  const Seconds now = clock_.now();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, directory::insertUser(db, user, now));
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "INSERT INTO credentials(user_id, password_hash, must_change_password, password_changed_at) "
      "VALUES (?, ?, ?, ?)",
      id, hash, must_change, now));
  CARTABLE_RETURN_IF_ERROR(auth::recordAudit(
      db, event("account.create", actor, id, origin, "{\"roles\":" + rolesJson(user.roles) + "}"),
      now));
  return id;
}

Result<CreatedAccount> AccountService::createAccount(const directory::NewUser& user,
                                                     std::optional<std::int64_t> actor,
                                                     const Origin& origin) {
  CreatedAccount created;
  created.login = user.login;
  created.initial_password = auth::generatePassword(random_);
  CARTABLE_RETURN_IF_ERROR(db_.write([&](Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(
        created.id,
        createAccountWithPassword(db, user, created.initial_password, true, actor, origin));
    return okStatus();
  }));
  return created;
}

Result<std::string> AccountService::resetPassword(std::int64_t user_id,
                                                  std::optional<std::int64_t> actor,
                                                  const Origin& origin) {
  const std::string password = auth::generatePassword(random_);
  CARTABLE_ASSIGN_OR_RETURN(std::string hash, auth::hashPassword(password, policy_.argon2));
  CARTABLE_RETURN_IF_ERROR(db_.write([&](Connection& db) -> Status {
    CARTABLE_RETURN_IF_ERROR(directory::getUser(db, user_id));
    const Seconds now = clock_.now();
    CARTABLE_RETURN_IF_ERROR(
        db.exec("INSERT INTO credentials(user_id, password_hash, must_change_password, "
                "password_changed_at) VALUES (?1, ?2, 1, ?3) ON CONFLICT(user_id) DO UPDATE SET "
                "password_hash = ?2, must_change_password = 1, password_changed_at = ?3",
                user_id, hash, now));
    CARTABLE_RETURN_IF_ERROR(sessions_.revokeAll(db, user_id));
    return auth::recordAudit(db, event("password.reset", actor, user_id, origin), now);
  }));
  return password;
}

Status AccountService::changePassword(std::int64_t user_id, const std::string& current,
                                      const std::string& replacement, std::int64_t keep_session,
                                      const Origin& origin) {
  std::optional<Credentials> credentials;
  std::string login;
  CARTABLE_RETURN_IF_ERROR(db_.read([&](Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(directory::User user, directory::getUser(db, user_id));
    login = user.login;
    CARTABLE_ASSIGN_OR_RETURN(credentials, loadCredentials(db, user_id));
    return okStatus();
  }));
  // Guessing through this form counts against the same limits as signing in.
  auto attempt = throttle_.begin(login, origin.remote_address);
  if (!attempt) return throttled(login, origin.remote_address);
  if (!credentials || !auth::verifyPassword(credentials->password_hash, current)) {
    CARTABLE_RETURN_IF_ERROR(
        recordFailure("password.change_failure", login, origin, user_id, "current_password"));
    return makeError(Errc::invalid_argument,
                     "mot de passe actuel incorrect / current password is wrong",
                     "current_password");
  }
  if (current == replacement) {
    return makeError(Errc::invalid_argument,
                     "le nouveau mot de passe doit être différent / the new password must differ",
                     "new_password");
  }
  auto hash = hashChecked(replacement, login);
  if (!hash.ok()) return makeError(hash.error().code, hash.error().message, "new_password");
  return db_.write([&](Connection& db) -> Status {
    const Seconds now = clock_.now();
    CARTABLE_RETURN_IF_ERROR(
        db.exec("UPDATE credentials SET password_hash = ?, must_change_password = 0, "
                "password_changed_at = ? WHERE user_id = ?",
                *hash, now, user_id));
    CARTABLE_RETURN_IF_ERROR(sessions_.revokeAll(db, user_id, keep_session));
    return auth::recordAudit(db, event("password.change", user_id, user_id, origin), now);
  });
}

Status AccountService::setDisabled(std::int64_t user_id, bool disabled,
                                   std::optional<std::int64_t> actor, const Origin& origin) {
  return db_.write([&](Connection& db) -> Status {
    const Seconds now = clock_.now();
    CARTABLE_RETURN_IF_ERROR(directory::setDisabled(
        db, user_id, disabled ? std::optional<Seconds>(now) : std::nullopt, now));
    if (disabled) CARTABLE_RETURN_IF_ERROR(sessions_.revokeAll(db, user_id));
    return auth::recordAudit(
        db, event(disabled ? "account.disable" : "account.enable", actor, user_id, origin), now);
  });
}

Status AccountService::setRoles(std::int64_t user_id, directory::RoleSet roles,
                                std::optional<std::int64_t> actor, const Origin& origin) {
  return db_.write([&](Connection& db) -> Status {
    const Seconds now = clock_.now();
    CARTABLE_ASSIGN_OR_RETURN(directory::User before, directory::getUser(db, user_id));
    CARTABLE_RETURN_IF_ERROR(directory::setRoles(db, user_id, roles, now));
    // A change of roles changes what existing sessions may do: end them.
    CARTABLE_RETURN_IF_ERROR(sessions_.revokeAll(db, user_id));
    return auth::recordAudit(
        db,
        event("role.change", actor, user_id, origin,
              "{\"before\":" + rolesJson(before.roles) + ",\"after\":" + rolesJson(roles) + "}"),
        now);
  });
}

Result<int> AccountService::revokeAllSessions(std::int64_t user_id,
                                              std::optional<std::int64_t> actor,
                                              const Origin& origin) {
  int revoked = 0;
  CARTABLE_RETURN_IF_ERROR(db_.write([&](Connection& db) -> Status {
    CARTABLE_RETURN_IF_ERROR(directory::getUser(db, user_id));
    CARTABLE_ASSIGN_OR_RETURN(revoked, sessions_.revokeAll(db, user_id));
    return auth::recordAudit(db, event("session.revoke_all", actor, user_id, origin), clock_.now());
  }));
  return revoked;
}

Result<TotpEnrollment> AccountService::beginTotp(std::int64_t user_id) {
  std::vector<std::uint8_t> secret(kTotpSecretBytes);
  random_.fill(secret);
  TotpEnrollment enrollment;
  CARTABLE_RETURN_IF_ERROR(db_.write([&](Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(directory::User user, directory::getUser(db, user_id));
    CARTABLE_ASSIGN_OR_RETURN(auto credentials, loadCredentials(db, user_id));
    if (credentials && credentials->totp_enabled) {
      return makeError(Errc::conflict,
                       "la double authentification est déjà active / two-factor sign-in is "
                       "already enabled");
    }
    enrollment.otpauth_uri = auth::otpauthUri(secret, issuer_, user.login);
    return db.exec("UPDATE credentials SET totp_secret = ?, totp_enabled = 0 WHERE user_id = ?",
                   Blob(secret), user_id);
  }));
  enrollment.secret_base32 = auth::base32Encode(secret);
  return enrollment;
}

Status AccountService::requireValidTotp(Connection& db, std::int64_t user_id,
                                        const std::string& code, bool must_be_enabled) {
  CARTABLE_ASSIGN_OR_RETURN(auto credentials, loadCredentials(db, user_id));
  if (!credentials || credentials->totp_secret.empty() ||
      credentials->totp_enabled != must_be_enabled) {
    return makeError(Errc::conflict, must_be_enabled ? "two-factor sign-in is not enabled"
                                                     : "start the two-factor enrollment first");
  }
  const auto step =
      auth::verifyTotp(credentials->totp_secret, code, clock_.now(), credentials->totp_last_step);
  if (!step) {
    return codeRefused(auth::explainTotpRefusal(credentials->totp_secret, code, clock_.now(),
                                                credentials->totp_last_step),
                       false);
  }
  return db.exec("UPDATE credentials SET totp_last_step = ? WHERE user_id = ?", *step, user_id);
}

Status AccountService::confirmTotp(std::int64_t user_id, const std::string& code,
                                   std::int64_t session_id, const Origin& origin) {
  return db_.write([&](Connection& db) -> Status {
    CARTABLE_RETURN_IF_ERROR(requireValidTotp(db, user_id, code, false));
    CARTABLE_RETURN_IF_ERROR(
        db.exec("UPDATE credentials SET totp_enabled = 1 WHERE user_id = ?", user_id));
    // The session that enrolled has just proven the second factor; others have not.
    CARTABLE_RETURN_IF_ERROR(db.exec(
        "UPDATE sessions SET second_factor = 1 WHERE id = ? AND user_id = ?", session_id, user_id));
    return auth::recordAudit(db, event("totp.enable", user_id, user_id, origin), clock_.now());
  });
}

Status AccountService::disableTotp(std::int64_t user_id, const std::string& code,
                                   const Origin& origin) {
  return db_.write([&](Connection& db) -> Status {
    CARTABLE_RETURN_IF_ERROR(requireValidTotp(db, user_id, code, true));
    CARTABLE_RETURN_IF_ERROR(db.exec(
        "UPDATE credentials SET totp_enabled = 0, totp_secret = NULL WHERE user_id = ?", user_id));
    return auth::recordAudit(db, event("totp.disable", user_id, user_id, origin), clock_.now());
  });
}

Status AccountService::resetTotp(std::int64_t user_id, std::optional<std::int64_t> actor,
                                 const Origin& origin) {
  return db_.write([&](Connection& db) -> Status {
    CARTABLE_RETURN_IF_ERROR(directory::getUser(db, user_id));
    CARTABLE_ASSIGN_OR_RETURN(auto credentials, loadCredentials(db, user_id));
    if (!credentials || credentials->totp_secret.empty()) {
      return makeError(Errc::failed_precondition,
                       "ce compte n'a pas de double authentification / this account has no "
                       "two-factor sign-in to reset",
                       "id");
    }
    CARTABLE_RETURN_IF_ERROR(db.exec(
        "UPDATE credentials SET totp_enabled = 0, totp_secret = NULL WHERE user_id = ?", user_id));
    // A session may have been opened with the lost authenticator.
    CARTABLE_RETURN_IF_ERROR(sessions_.revokeAll(db, user_id));
    return auth::recordAudit(db, event("totp.reset", actor, user_id, origin), clock_.now());
  });
}

Result<bool> AccountService::secondFactorRequired(Connection& db, const directory::User& user) {
  if (user.roles.has(directory::Role::admin) || user.roles.has(directory::Role::staff)) {
    return true;
  }
  if (!policy_.second_factor_also_required) return false;
  return policy_.second_factor_also_required(db, user.id);
}

Result<AccessState> AccountService::accessState(std::int64_t user_id) {
  AccessState state;
  CARTABLE_RETURN_IF_ERROR(db_.read([&](Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(directory::User user, directory::getUser(db, user_id));
    CARTABLE_ASSIGN_OR_RETURN(auto credentials, loadCredentials(db, user_id));
    state.login = user.login;
    state.roles = user.roles;
    state.must_change_password = credentials && credentials->must_change_password;
    state.second_factor_enrolled = credentials && credentials->totp_enabled;
    CARTABLE_ASSIGN_OR_RETURN(state.second_factor_required, secondFactorRequired(db, user));
    return okStatus();
  }));
  return state;
}

Seconds AccountService::retryAfter(const std::string& login, const std::string& remote_address) {
  return throttle_.retryAfter(login, remote_address);
}

}  // namespace cartable::accounts
