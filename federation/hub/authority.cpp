#include "federation/hub/authority.h"

#include <cctype>

namespace cartable::federation::hub {
namespace {

bool isDepartmentCode(const std::string& code) {
  if (code.size() < 2 || code.size() > 3) return false;
  for (char c : code) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

AuthorityGrant grantFrom(const storage::Statement& stmt, int first) {
  AuthorityGrant grant;
  grant.user_id = stmt.int64(first);
  grant.role = parseAuthorityRole(stmt.text(first + 1)).value_or(AuthorityRole::analyst);
  grant.department = stmt.text(first + 2);
  grant.granted_at = stmt.int64(first + 3);
  return grant;
}

}  // namespace

std::string_view authorityRoleName(AuthorityRole role) {
  switch (role) {
    case AuthorityRole::regional_admin:
      return "regional_admin";
    case AuthorityRole::analyst:
      return "analyst";
    case AuthorityRole::department_viewer:
      return "department_viewer";
  }
  return "analyst";
}

std::optional<AuthorityRole> parseAuthorityRole(std::string_view name) {
  if (name == "regional_admin" || name == "regional-admin") return AuthorityRole::regional_admin;
  if (name == "analyst") return AuthorityRole::analyst;
  if (name == "department_viewer" || name == "department-viewer") {
    return AuthorityRole::department_viewer;
  }
  return std::nullopt;
}

Status validateGrant(AuthorityRole role, const std::string& department) {
  if (role != AuthorityRole::department_viewer) {
    if (department.empty()) return okStatus();
    return makeError(Errc::invalid_argument,
                     "a department is given only to a department viewer, not to a " +
                         std::string(authorityRoleName(role)),
                     "department");
  }
  if (department.empty()) {
    return makeError(Errc::invalid_argument, "a department viewer needs a department, e.g. 54",
                     "department");
  }
  if (!isDepartmentCode(department)) {
    return makeError(Errc::invalid_argument,
                     "department \"" + department +
                         "\" is not a department code such as 54, 2A "
                         "or 971",
                     "department");
  }
  return okStatus();
}

Status grantAuthority(storage::Connection& conn, std::int64_t user_id, AuthorityRole role,
                      const std::string& department, std::optional<std::int64_t> granted_by,
                      Seconds now) {
  CARTABLE_RETURN_IF_ERROR(validateGrant(role, department));
  CARTABLE_ASSIGN_OR_RETURN(
      auto school_roles,
      conn.scalarInt64("SELECT count(*) FROM user_roles WHERE user_id = ?", user_id));
  if (school_roles.value_or(0) > 0) {
    return makeError(Errc::failed_precondition,
                     "this account holds a school role; an authority account holds none", "login");
  }
  if (granted_by) {
    return conn.exec(
        "INSERT OR REPLACE INTO authority_grants(user_id, role, department, granted_at, "
        "granted_by) VALUES (?, ?, ?, ?, ?)",
        user_id, authorityRoleName(role), department, now, *granted_by);
  }
  return conn.exec(
      "INSERT OR REPLACE INTO authority_grants(user_id, role, department, granted_at) "
      "VALUES (?, ?, ?, ?)",
      user_id, authorityRoleName(role), department, now);
}

Result<std::optional<AuthorityGrant>> findGrant(storage::Connection& conn, std::int64_t user_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query("SELECT user_id, role, department, granted_at "
                                                  "FROM authority_grants WHERE user_id = ?",
                                                  user_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
  if (!found) return std::optional<AuthorityGrant>();
  return std::optional<AuthorityGrant>(grantFrom(stmt, 0));
}

Result<bool> requiresSecondFactor(storage::Connection& conn, std::int64_t user_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto grant, findGrant(conn, user_id));
  return grant && grant->role == AuthorityRole::regional_admin;
}

Result<std::vector<AuthorityUser>> listAuthorityUsers(storage::Connection& conn) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt,
      conn.query("SELECT g.user_id, g.role, g.department, g.granted_at, u.login, "
                 "trim(u.given_name || ' ' || u.family_name), u.disabled_at IS NOT NULL, "
                 "coalesce(c.totp_enabled, 0) FROM authority_grants g JOIN users u ON u.id = "
                 "g.user_id LEFT JOIN credentials c ON c.user_id = g.user_id ORDER BY u.login"));
  std::vector<AuthorityUser> users;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, stmt.step());
    if (!has_row) break;
    users.push_back(
        {grantFrom(stmt, 0), stmt.text(4), stmt.text(5), stmt.int64(6) != 0, stmt.int64(7) != 0});
  }
  return users;
}

Status authorize(const AuthorityGrant& grant, AuthorityAction action,
                 const std::string& target_department) {
  const bool viewer = grant.role == AuthorityRole::department_viewer;
  switch (action) {
    case AuthorityAction::manage_accounts:
      if (grant.role == AuthorityRole::regional_admin) return okStatus();
      return makeError(Errc::permission_denied,
                       "réservé à l'administration régionale / regional admins only");
    case AuthorityAction::read_region:
      if (!viewer) return okStatus();
      return makeError(Errc::permission_denied, "vous voyez le département " + grant.department +
                                                    " seulement / you see department " +
                                                    grant.department + " only");
    case AuthorityAction::read_department:
    case AuthorityAction::read_school:
      if (!viewer || grant.department == target_department) return okStatus();
      return makeError(Errc::not_found, action == AuthorityAction::read_school
                                            ? "établissement inconnu / unknown school"
                                            : "département inconnu / unknown department");
  }
  return makeError(Errc::permission_denied, "action inconnue / unknown action");
}

}  // namespace cartable::federation::hub
