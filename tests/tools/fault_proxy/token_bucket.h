// A token bucket that caps a byte rate. Tokens may go negative: a sender
// takes what it sends and then waits until the debt is paid back.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace cartable::fault_proxy {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  // 0: no cap. The bucket starts full.
  void setRate(std::uint64_t bytes_per_second, Clock::time_point now);
  std::uint64_t rate() const { return rate_; }
  // The largest piece one write should carry: 50 ms worth of the rate
  // (at least one byte, at most 64 KiB), so the cap holds at a fine grain.
  std::size_t burst() const;
  // Takes `bytes` from the bucket; returns how long to wait before sending them.
  Clock::duration reserve(std::size_t bytes, Clock::time_point now);

 private:
  std::uint64_t rate_ = 0;
  double tokens_ = 0;
  Clock::time_point last_{};
};

}  // namespace cartable::fault_proxy
