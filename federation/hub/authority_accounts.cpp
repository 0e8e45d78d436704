#include "federation/hub/authority_accounts.h"

#include "core/auth/password.h"

namespace cartable::federation::hub {

Result<accounts::CreatedAccount> createAuthorityUser(accounts::AccountService& accounts,
                                                     storage::Database& db,
                                                     const NewAuthorityUser& user,
                                                     std::optional<std::int64_t> actor,
                                                     const accounts::Origin& origin, Random& random,
                                                     Seconds now) {
  CARTABLE_RETURN_IF_ERROR(validateGrant(user.role, user.department));
  directory::NewUser account;
  account.login = user.login;
  account.given_name = user.given_name;
  account.family_name = user.family_name;
  // The directory wants a role to create an account; it is taken away in the
  // same transaction, so the account never holds one.
  account.roles.add(directory::Role::parent);
  accounts::CreatedAccount created;
  created.login = user.login;
  const bool generated = user.password.empty();
  created.initial_password = generated ? auth::generatePassword(random) : user.password;
  CARTABLE_RETURN_IF_ERROR(db.write([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(
        created.id, accounts.createAccountWithPassword(conn, account, created.initial_password,
                                                       generated, actor, origin));
    CARTABLE_RETURN_IF_ERROR(conn.exec("DELETE FROM user_roles WHERE user_id = ?", created.id));
    return grantAuthority(conn, created.id, user.role, user.department, actor, now);
  }));
  return created;
}

namespace {

// not_found naming "id" unless `user_id` holds an authority grant.
Status requireAuthorityAccount(storage::Database& db, std::int64_t user_id) {
  std::optional<AuthorityGrant> grant;
  CARTABLE_RETURN_IF_ERROR(db.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(grant, findGrant(conn, user_id));
    return okStatus();
  }));
  if (grant) return okStatus();
  return makeError(Errc::not_found, "no authority account with id " + std::to_string(user_id),
                   "id");
}

}  // namespace

Status removeAuthorityUser(accounts::AccountService& accounts, storage::Database& db,
                           std::int64_t user_id, std::optional<std::int64_t> actor,
                           const accounts::Origin& origin) {
  CARTABLE_RETURN_IF_ERROR(requireAuthorityAccount(db, user_id));
  CARTABLE_RETURN_IF_ERROR(accounts.setDisabled(user_id, true, actor, origin));
  return db.write([&](storage::Connection& conn) {
    return conn.exec("DELETE FROM authority_grants WHERE user_id = ?", user_id);
  });
}

Status resetAuthoritySecondFactor(accounts::AccountService& accounts, storage::Database& db,
                                  std::int64_t user_id, std::optional<std::int64_t> actor,
                                  const accounts::Origin& origin) {
  CARTABLE_RETURN_IF_ERROR(requireAuthorityAccount(db, user_id));
  return accounts.resetTotp(user_id, actor, origin);
}

}  // namespace cartable::federation::hub
