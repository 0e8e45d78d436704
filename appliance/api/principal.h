// Who is making a request, as established by the session token.
#pragma once

#include <cstdint>
#include <string>

#include "core/auth/sessions.h"
#include "directory/roles.h"

namespace cartable::api {

struct Principal {
  std::int64_t user_id = 0;
  std::string login;
  directory::RoleSet roles;
  std::int64_t session_id = 0;
  auth::SessionKind session_kind = auth::SessionKind::browser;
  bool second_factor = false;         // this session proved TOTP
  bool must_change_password = false;  // only the password route is open
  bool second_factor_pending = false; // admin/staff without TOTP: only enrollment is open
  bool second_factor_required = false;  // may not turn TOTP off (accounts::AccessState)

  bool has(directory::Role role) const { return roles.has(role); }
  bool restricted() const { return must_change_password || second_factor_pending; }
};

}  // namespace cartable::api
