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

Status removeAuthorityUser(accounts::AccountService& accounts, storage::Database& db,
                           std::int64_t user_id, std::optional<std::int64_t> actor,
                           const accounts::Origin& origin) {
  std::optional<AuthorityGrant> grant;
  CARTABLE_RETURN_IF_ERROR(db.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(grant, findGrant(conn, user_id));
    return okStatus();
  }));
  if (!grant) {
    return makeError(Errc::not_found, "no authority account with id " + std::to_string(user_id),
                     "id");
  }
  CARTABLE_RETURN_IF_ERROR(accounts.setDisabled(user_id, true, actor, origin));
  return db.write([&](storage::Connection& conn) {
    return conn.exec("DELETE FROM authority_grants WHERE user_id = ?", user_id);
  });
}

}  // namespace cartable::federation::hub
