// Accounts of a school: sign-in (password, throttling, second factor),
// password changes and resets, TOTP enrollment, disabling, role changes.
// Every security event is written to the audit log in the same transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/password.h"
#include "core/auth/sessions.h"
#include "core/auth/throttle.h"
#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/storage/database.h"
#include "directory/users.h"

namespace cartable::accounts {

// Whether an account must have a second factor although it is neither admin
// nor staff (who always must): the hub adds its regional admins. It runs in
// the transaction of the caller.
using SecondFactorRule = std::function<Result<bool>(storage::Connection&, std::int64_t user_id)>;

struct AccountPolicy {
  auth::Argon2Params argon2;
  std::uint32_t min_password_length = 10;
  auth::SessionLimits sessions;
  auth::ThrottleLimits throttle;
  SecondFactorRule second_factor_also_required;  // empty: admin and staff only
};

// Where a request comes from, for throttling and the audit log.
struct Origin {
  std::string remote_address;
  std::string user_agent;
};

struct SignInRequest {
  std::string login;
  std::string password;
  std::string totp_code;  // empty when not given
  auth::SessionKind kind = auth::SessionKind::browser;
  Origin origin;
};

struct SignedIn {
  auth::IssuedSession session;
  std::int64_t user_id = 0;
};

struct CreatedAccount {
  std::int64_t id = 0;
  std::string login;
  std::string initial_password;  // shown once; must be changed at first sign-in
};

struct TotpEnrollment {
  std::string secret_base32;
  std::string otpauth_uri;
};

// The restrictions on a signed-in session, checked on every request.
struct AccessState {
  std::string login;
  directory::RoleSet roles;
  bool must_change_password = false;
  bool second_factor_required = false;  // admin, staff, or the policy's rule says so
  bool second_factor_enrolled = false;
};

class AccountService {
 public:
  AccountService(storage::Database& db, const Clock& clock, Random& random, AccountPolicy policy,
                 std::string issuer);

  // One generic error for an unknown login, a wrong password or a disabled
  // account (unauthenticated, "login or password incorrect"); too_many_requests
  // when throttled; unauthenticated on field "totp_code" when the account has
  // TOTP and the code is missing, malformed, wrong, already used or of a
  // step too far from now (the message says which); a refused code counts
  // against the throttle like a wrong password.
  Result<SignedIn> signIn(const SignInRequest& request);
  Status signOut(std::int64_t user_id, std::int64_t session_id, const Origin& origin);

  // Creates an account with a generated password.
  Result<CreatedAccount> createAccount(const directory::NewUser& user,
                                       std::optional<std::int64_t> actor, const Origin& origin);
  // Creates an account with a chosen password (demo data, first admin).
  Result<std::int64_t> createAccountWithPassword(storage::Connection& db,
                                                 const directory::NewUser& user,
                                                 const std::string& password, bool must_change,
                                                 std::optional<std::int64_t> actor,
                                                 const Origin& origin);

  // A new generated password that must be changed at next sign-in; ends every session.
  Result<std::string> resetPassword(std::int64_t user_id, std::optional<std::int64_t> actor,
                                    const Origin& origin);
  // Checks the current password; ends every other session of the user.
  Status changePassword(std::int64_t user_id, const std::string& current,
                        const std::string& replacement, std::int64_t keep_session,
                        const Origin& origin);

  // Disabling ends every session.
  Status setDisabled(std::int64_t user_id, bool disabled, std::optional<std::int64_t> actor,
                     const Origin& origin);
  Status setRoles(std::int64_t user_id, directory::RoleSet roles, std::optional<std::int64_t> actor,
                  const Origin& origin);
  Result<int> revokeAllSessions(std::int64_t user_id, std::optional<std::int64_t> actor,
                                const Origin& origin);

  // TOTP: begin makes a new secret (not active yet); confirm activates it
  // with a valid code; disable needs a valid code too.
  Result<TotpEnrollment> beginTotp(std::int64_t user_id);
  // `session_id` is the session that enrolled: it counts as having proven the
  // second factor (0: none, e.g. from the command line).
  Status confirmTotp(std::int64_t user_id, const std::string& code, std::int64_t session_id,
                     const Origin& origin);
  Status disableTotp(std::int64_t user_id, const std::string& code, const Origin& origin);
  // Recovery of a lost authenticator, by someone else (an admin, the command
  // line): the secret is forgotten and every session ends; an account that
  // must have a second factor enrolls again at its next sign-in.
  // failed_precondition when the account has none (enrolled or begun).
  Status resetTotp(std::int64_t user_id, std::optional<std::int64_t> actor, const Origin& origin);

  Result<AccessState> accessState(std::int64_t user_id);

  // Seconds before a throttled sign-in may be tried again (Retry-After).
  Seconds retryAfter(const std::string& login, const std::string& remote_address);

  auth::SessionStore& sessions() { return sessions_; }
  const AccountPolicy& policy() const { return policy_; }

 private:
  struct Credentials;
  Result<std::optional<Credentials>> loadCredentials(storage::Connection& db, std::int64_t user_id);
  Status recordFailure(const std::string& event_name, const std::string& login,
                       const Origin& origin, std::optional<std::int64_t> user_id,
                       const std::string& reason);
  Error throttled(const std::string& login, const std::string& address);
  Result<std::string> hashChecked(const std::string& password, const std::string& login);
  Status requireValidTotp(storage::Connection& db, std::int64_t user_id, const std::string& code,
                          bool must_be_enabled);
  Result<bool> secondFactorRequired(storage::Connection& db, const directory::User& user);

  storage::Database& db_;
  const Clock& clock_;
  Random& random_;
  AccountPolicy policy_;
  std::string issuer_;
  auth::SessionStore sessions_;
  auth::SignInThrottle throttle_;
};

}  // namespace cartable::accounts
