// The node's first administrator, driven through the API as a person would:
// first sign-in with the one-time password, a new password, TOTP enrollment,
// and later sign-ins with a fresh TOTP code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/base/result.h"

namespace cartable::crash {

class AdminAccount {
 public:
  AdminAccount(std::string login, std::string one_time_password);

  // Signs in, replaces the one-time password and enrolls TOTP; afterwards
  // token() opens every admin route.
  Status setUp(std::uint16_t port);
  // Signs in again with the password and an unused TOTP code (after a 401).
  Status signIn(std::uint16_t port);
  const std::string& token() const { return token_; }

 private:
  // A code for a time step the server has not seen yet; may wait for one.
  std::string nextTotpCode();

  std::string login_;
  std::string password_;
  std::vector<std::uint8_t> totp_key_;
  std::int64_t last_totp_step_ = 0;
  std::string token_;
};

}  // namespace cartable::crash
