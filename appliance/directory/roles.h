// The roles a person holds in a school. One person may hold several (a
// teacher whose child attends the school is teacher and parent).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cartable::directory {

enum class Role : std::uint8_t { student, parent, teacher, staff, admin };

inline constexpr Role kAllRoles[] = {Role::student, Role::parent, Role::teacher, Role::staff,
                                     Role::admin};

std::string_view roleName(Role role);  // "student", "parent", ...
std::optional<Role> parseRole(std::string_view name);

// A small set of roles.
class RoleSet {
 public:
  RoleSet() = default;
  RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) add(r);
  }
  void add(Role role) { bits_ |= bit(role); }
  bool has(Role role) const { return (bits_ & bit(role)) != 0; }
  bool empty() const { return bits_ == 0; }
  bool intersects(RoleSet other) const { return (bits_ & other.bits_) != 0; }
  std::vector<Role> list() const;
  bool operator==(const RoleSet&) const = default;

 private:
  static std::uint8_t bit(Role role) { return static_cast<std::uint8_t>(1u << static_cast<int>(role)); }
  std::uint8_t bits_ = 0;
};

}  // namespace cartable::directory
