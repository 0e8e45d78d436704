// Creating the regional authority's accounts at the hub: an ordinary hub
// account (appliance/accounts: password, sessions, audit) that holds no school
// role, and its grant (authority.h), made in one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "accounts/accounts.h"
#include "federation/hub/authority.h"

namespace cartable::federation::hub {

struct NewAuthorityUser {
  std::string login;
  std::string given_name;
  std::string family_name;
  AuthorityRole role = AuthorityRole::analyst;
  std::string department;  // a department viewer's only
  // Empty: a generated one-time password, to be changed at first sign-in.
  std::string password;
};

// Creates the account and its grant. Refusals name the field: "login" (taken,
// malformed), "given_name", "family_name", "department" (validateGrant).
// The answer's initial_password is the one-time password (or the one given).
Result<accounts::CreatedAccount> createAuthorityUser(
    accounts::AccountService& accounts, storage::Database& db, const NewAuthorityUser& user,
    std::optional<std::int64_t> actor, const accounts::Origin& origin, Random& random, Seconds now);

// Withdraws the grant and disables the account (its sessions end).
// not_found when `user_id` is not an authority account.
Status removeAuthorityUser(accounts::AccountService& accounts, storage::Database& db,
                           std::int64_t user_id, std::optional<std::int64_t> actor,
                           const accounts::Origin& origin);

// Forgets the account's second factor (a lost phone) and ends its sessions:
// a regional admin enrolls again at its next sign-in. not_found when
// `user_id` is not an authority account; failed_precondition naming "id"
// when it has no second factor.
Status resetAuthoritySecondFactor(accounts::AccountService& accounts, storage::Database& db,
                                  std::int64_t user_id, std::optional<std::int64_t> actor,
                                  const accounts::Origin& origin);

}  // namespace cartable::federation::hub
