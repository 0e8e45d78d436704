#include "token_bucket.h"

#include <algorithm>

namespace cartable::fault_proxy {

void TokenBucket::setRate(std::uint64_t bytes_per_second, Clock::time_point now) {
  rate_ = bytes_per_second;
  tokens_ = static_cast<double>(burst());
  last_ = now;
}

std::size_t TokenBucket::burst() const {
  constexpr std::uint64_t kMaxBurst = 64 * 1024;
  return static_cast<std::size_t>(std::clamp<std::uint64_t>(rate_ / 20, 1, kMaxBurst));
}

TokenBucket::Clock::duration TokenBucket::reserve(std::size_t bytes, Clock::time_point now) {
  if (rate_ == 0) return Clock::duration::zero();
  const std::chrono::duration<double> elapsed = now - last_;
  last_ = std::max(last_, now);
  const double rate = static_cast<double>(rate_);
  if (elapsed.count() > 0) {
    tokens_ = std::min(static_cast<double>(burst()), tokens_ + rate * elapsed.count());
  }
  tokens_ -= static_cast<double>(bytes);
  if (tokens_ >= 0) return Clock::duration::zero();
  return std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(-tokens_ / rate));
}

}  // namespace cartable::fault_proxy
