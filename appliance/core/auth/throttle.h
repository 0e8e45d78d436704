// Sign-in throttling per account and per source address, in bounded memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
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
  // Seconds until allowed() may become true again (for Retry-After); at least
  // 1 when the limit is reached only by attempts still under way.
  Seconds retryAfter(std::string_view account, std::string_view address);

  // An attempt under way counts against both limits until it ends (and its
  // outcome is recorded), so that guesses sent in parallel cannot all pass
  // the check before the first failure is counted.
  class Attempt {
   public:
    Attempt(Attempt&& other) noexcept;
    Attempt(const Attempt&) = delete;
    Attempt& operator=(const Attempt&) = delete;
    Attempt& operator=(Attempt&&) = delete;
    ~Attempt();

   private:
    friend class SignInThrottle;
    Attempt(SignInThrottle* throttle, std::string account, std::string address);
    SignInThrottle* throttle_;
    std::string account_, address_;
  };
  // An attempt when allowed() counting those under way; nothing when blocked.
  // Record its failure or success before it ends.
  std::optional<Attempt> begin(std::string_view account, std::string_view address);

  void recordFailure(std::string_view account, std::string_view address);
  // Clears the account's failures (not the address's).
  void recordSuccess(std::string_view account);

  std::size_t trackedEntries() const;

 private:
  void end(const std::string& account, const std::string& address);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cartable::auth
