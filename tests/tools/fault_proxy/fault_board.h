// The faults in force, shared by the proxy's connections and changed from any
// thread: one mutex guards the settings, the rate buckets and the random streams.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

#include "core/base/random.h"
#include "fault_proxy.h"
#include "token_bucket.h"

namespace cartable::fault_proxy {

class FaultBoard {
 public:
  using Clock = std::chrono::steady_clock;

  explicit FaultBoard(std::uint64_t jitter_seed);

  // `direction` is up or down.
  DirectionFaults get(Direction direction) const;
  // Replaces the faults of one or both directions.
  void set(Direction direction, const DirectionFaults& faults);
  // Changes one or both directions with `change(DirectionFaults&)`, under the
  // lock so that setters from two threads do not undo each other.
  template <class Change>
  void update(Direction direction, Change change) {
    std::lock_guard lock(mutex_);
    for (Direction one : {Direction::up, Direction::down}) {
      if (!covers(direction, one)) continue;
      DirectionFaults faults = sides_[index(one)].faults;
      change(faults);
      replace(sides_[index(one)], faults);
    }
  }
  void setRefuse(bool on);
  bool refuse() const;

  // The delay for a piece read now: latency plus a draw of jitter.
  Clock::duration drawDelay(Direction direction);
  // The random cut point for a new connection, if a random cut is set.
  std::optional<std::uint64_t> drawCut(Direction direction);
  // Rate cap: see TokenBucket.
  Clock::duration reserve(Direction direction, std::size_t bytes, Clock::time_point now);
  std::size_t burst(Direction direction) const;

  static bool covers(Direction set, Direction one) {
    return (static_cast<int>(set) & static_cast<int>(one)) != 0;
  }

 private:
  struct Side {
    DirectionFaults faults;
    TokenBucket bucket;
    std::unique_ptr<SeededRandom> cut_random;
  };
  // Installs `faults`, restarting the bucket or the random stream they change.
  static void replace(Side& side, const DirectionFaults& faults);
  static int index(Direction direction) { return direction == Direction::up ? 0 : 1; }

  mutable std::mutex mutex_;
  Side sides_[2];
  SeededRandom jitter_random_;
  bool refuse_ = false;
};

}  // namespace cartable::fault_proxy
