// The regional authority's accounts at the hub: ordinary hub accounts (login,
// password, sessions: appliance/accounts) holding no school role, and a grant
// (migration 0021) saying what each may read on the dashboards. Who may do
// what is decided here, in authorize(), for every dashboard route.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::federation::hub {

enum class AuthorityRole {
  regional_admin,     // the whole region, and the authority's accounts
  analyst,            // the whole region, read only
  department_viewer,  // one department and its schools, read only
};

std::string_view authorityRoleName(AuthorityRole role);  // "regional_admin", ...
// Accepts "regional_admin" / "regional-admin", "analyst", "department_viewer" /
// "department-viewer".
std::optional<AuthorityRole> parseAuthorityRole(std::string_view name);

struct AuthorityGrant {
  std::int64_t user_id = 0;
  AuthorityRole role = AuthorityRole::analyst;
  std::string department;  // only for a department viewer
  Seconds granted_at = 0;
};

// An authority account as the regional admin lists it.
struct AuthorityUser {
  AuthorityGrant grant;
  std::string login;
  std::string display_name;
  bool disabled = false;
  bool second_factor = false;  // TOTP enrolled
};

// Checks a role and department pair: invalid_argument naming "department"
// when a department viewer has none or another role has one, or when the
// department is not 2 or 3 letters and digits (e.g. "54", "2A", "971").
Status validateGrant(AuthorityRole role, const std::string& department);

// Gives `user_id` the authority role (replacing an earlier grant), in the
// caller's transaction. The account must hold no school role
// (failed_precondition naming "login"), so that a school's admin is never
// turned into an authority user by mistake.
Status grantAuthority(storage::Connection& conn, std::int64_t user_id, AuthorityRole role,
                      const std::string& department, std::optional<std::int64_t> granted_by,
                      Seconds now);
Result<std::optional<AuthorityGrant>> findGrant(storage::Connection& conn, std::int64_t user_id);
// Whether the account must sign in with a second factor as an authority
// account: a regional admin must, as a school's admin (the hub's
// accounts::SecondFactorRule).
Result<bool> requiresSecondFactor(storage::Connection& conn, std::int64_t user_id);
Result<std::vector<AuthorityUser>> listAuthorityUsers(storage::Connection& conn);

// What an authority user asks to do.
enum class AuthorityAction {
  read_region,      // the region's overview and its departments
  read_department,  // one department (target_department) and its schools
  read_school,      // one school, of target_department
  manage_accounts,  // the authority's accounts
};

// The one authorisation rule of the dashboards. A department viewer reading
// another department or one of its schools gets not_found (it does not see
// that they exist); a role that may not do the action gets permission_denied.
Status authorize(const AuthorityGrant& grant, AuthorityAction action,
                 const std::string& target_department = "");

}  // namespace cartable::federation::hub
