#include "directory/roles.h"

namespace cartable::directory {

std::string_view roleName(Role role) {
  switch (role) {
    case Role::student: return "student";
    case Role::parent: return "parent";
    case Role::teacher: return "teacher";
    case Role::staff: return "staff";
    case Role::admin: return "admin";
  }
  return "unknown";
}

std::optional<Role> parseRole(std::string_view name) {
  for (Role role : kAllRoles) {
    if (roleName(role) == name) return role;
  }
  return std::nullopt;
}

std::vector<Role> RoleSet::list() const {
  std::vector<Role> roles;
  for (Role role : kAllRoles) {
    if (has(role)) roles.push_back(role);
  }
  return roles;
}

}  // namespace cartable::directory
