// People of the school: accounts and their roles.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "directory/roles.h"

namespace cartable::directory {

struct NewUser {
  std::string login;        // 3..64 of [a-z0-9._-], starting with a letter; unique, case-insensitive
  std::string given_name;   // 1..100 characters
  std::string family_name;  // 1..100 characters
  std::optional<std::string> email;        // must contain one '@' with text on both sides
  std::optional<std::string> ine;          // students: 11 characters, digits and upper-case letters
  std::optional<std::string> birth_date;   // YYYY-MM-DD
  std::optional<std::string> external_id;  // id in the source directory (SIECLE, STS)
  RoleSet roles;                           // at least one
};

struct User {
  std::int64_t id = 0;
  std::string login;
  std::string given_name;
  std::string family_name;
  std::optional<std::string> email;
  std::optional<std::string> ine;
  std::optional<std::string> birth_date;
  std::optional<std::string> external_id;
  RoleSet roles;
  std::optional<Seconds> disabled_at;
  bool disabled_by_import = false;
  Seconds created_at = 0;

  bool active() const { return !disabled_at.has_value(); }
  std::string displayName() const { return given_name + " " + family_name; }
};

// Checks `user` and inserts it with its roles. Errors name the field
// ("login", "email", ...); a taken login is already_exists on "login".
Result<std::int64_t> insertUser(storage::Connection& db, const NewUser& user, Seconds now);

Result<User> getUser(storage::Connection& db, std::int64_t id);  // not_found when absent
Result<std::optional<User>> findUserByLogin(storage::Connection& db, const std::string& login);

Result<std::optional<User>> findUserByExternalId(storage::Connection& db,
                                                 const std::string& external_id);
Result<std::optional<User>> findUserByIne(storage::Connection& db, const std::string& ine);

// Every account whose external id starts with `prefix` (all from one kind of
// source file), disabled ones included.
Result<std::vector<User>> usersFromSource(storage::Connection& db, const std::string& prefix);

// Replaces names, email, INE, birth date and external id of `id` with those of
// `details` (its login and roles are ignored), with the same checks as insertUser.
Status updateUserDetails(storage::Connection& db, std::int64_t id, const NewUser& details,
                         Seconds now);

struct UserFilter {
  std::optional<Role> role;
  std::string search;             // matches login, given or family name (prefix, case-insensitive)
  bool include_disabled = false;
  int limit = 100;                // 1..1000
  std::int64_t after_id = 0;      // keyset pagination: ids greater than this
};
Result<std::vector<User>> listUsers(storage::Connection& db, const UserFilter& filter);

// How many accounts the school has, active and disabled, in all and per role
// (a person with two roles counts under each).
struct UserCounts {
  struct PerRole {
    Role role = Role::student;
    std::int64_t active = 0;
    std::int64_t disabled = 0;
  };
  std::int64_t active = 0;
  std::int64_t disabled = 0;
  std::vector<PerRole> roles;  // one per role, in kAllRoles order
};
Result<UserCounts> countUsers(storage::Connection& db);

// Who disabled an account: an import re-enables only what an import disabled.
enum class DisabledBy { admin, import };

// Disables (at = time) or re-enables (nullopt) an account.
Status setDisabled(storage::Connection& db, std::int64_t id, std::optional<Seconds> at,
                   Seconds now, DisabledBy by = DisabledBy::admin);

// Replaces the roles of `id` (at least one).
Status setRoles(storage::Connection& db, std::int64_t id, RoleSet roles, Seconds now);

// "given.family" folded to ASCII lower case, with a number appended when taken:
// "Élodie Dupré-Lenoir" -> "elodie.dupre-lenoir", then "elodie.dupre-lenoir2".
Result<std::string> proposeLogin(storage::Connection& db, const std::string& given_name,
                                 const std::string& family_name);

}  // namespace cartable::directory
