// Sign-in throttling per account and per source address, in bounded memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/clock.h"

namespace cartable::auth {

struct ThrottleLimits {
  std::uint32_t max_failures_per_account = 5;
  std::uint32_t max_failures_per_address = 30;
  std::uint32_t window_seconds = 900;
  // Entries kept at most per kind (account, address); the oldest are
  // forgotten first, so memory stays bounded under a spray of names.
  std::size_t max_entries = 100'000;
};

class SignInThrottle {
 public:
  SignInThrottle(ThrottleLimits limits, const Clock& clock);
  ~SignInThrottle();

  // False when this account or this address has reached its failure limit
  // within the current window; the caller answers 429 without checking the
  // password. `account` is the login as typed, compared case-insensitively.
  bool allowed(std::string_view account, std::string_view address);
  // Seconds until allowed() may become true again (for Retry-After).
  Seconds retryAfter(std::string_view account, std::string_view address);

  void recordFailure(std::string_view account, std::string_view address);
  // Clears the account's failures (not the address's).
  void recordSuccess(std::string_view account);

  std::size_t trackedEntries() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cartable::auth
