// Time behind an interface so that expiry, throttling and backoff are tested
// deterministically.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace cartable {

using Seconds = std::int64_t;  // Unix time in seconds, as stored in the databases

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time, Unix seconds.
  virtual Seconds now() const = 0;
  // Monotonic time for measuring durations, in milliseconds.
  virtual std::int64_t monotonicMillis() const = 0;
};

class SystemClock final : public Clock {
 public:
  Seconds now() const override;
  std::int64_t monotonicMillis() const override;
  // The process-wide instance.
  static SystemClock& instance();
};

// A clock that only moves when told; for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Seconds start = 1'700'000'000) : now_(start) {}
  Seconds now() const override { return now_.load(); }
  std::int64_t monotonicMillis() const override { return now_.load() * 1000; }
  void advance(Seconds by) { now_ += by; }
  void set(Seconds to) { now_ = to; }

 private:
  std::atomic<Seconds> now_;
};

}  // namespace cartable
