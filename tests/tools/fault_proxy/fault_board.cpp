#include "fault_board.h"

#include <algorithm>
#include <limits>

namespace cartable::fault_proxy {

FaultBoard::FaultBoard(std::uint64_t jitter_seed) : jitter_random_(jitter_seed) {}

DirectionFaults FaultBoard::get(Direction direction) const {
  std::lock_guard lock(mutex_);
  return sides_[index(direction)].faults;
}

void FaultBoard::set(Direction direction, const DirectionFaults& faults) {
  std::lock_guard lock(mutex_);
  for (Direction one : {Direction::up, Direction::down}) {
    if (covers(direction, one)) replace(sides_[index(one)], faults);
  }
}

void FaultBoard::replace(Side& side, const DirectionFaults& faults) {
  const DirectionFaults before = side.faults;
  side.faults = faults;
  if (before.rate != faults.rate) side.bucket.setRate(faults.rate, Clock::now());
  const bool same_random = before.cut_random && faults.cut_random &&
                           before.cut_random->seed == faults.cut_random->seed &&
                           before.cut_random->max_bytes == faults.cut_random->max_bytes;
  if (same_random) return;
  side.cut_random =
      faults.cut_random ? std::make_unique<SeededRandom>(faults.cut_random->seed) : nullptr;
}

void FaultBoard::setRefuse(bool on) {
  std::lock_guard lock(mutex_);
  refuse_ = on;
}

bool FaultBoard::refuse() const {
  std::lock_guard lock(mutex_);
  return refuse_;
}

FaultBoard::Clock::duration FaultBoard::drawDelay(Direction direction) {
  std::lock_guard lock(mutex_);
  const DirectionFaults& faults = sides_[index(direction)].faults;
  Clock::duration delay = faults.latency;
  if (faults.jitter.count() > 0) {
    const auto bound = static_cast<std::uint32_t>(std::min<std::int64_t>(
        faults.jitter.count(), std::numeric_limits<std::uint32_t>::max() - 1));
    delay += std::chrono::milliseconds(jitter_random_.uniform(bound + 1));
  }
  return delay;
}

std::optional<std::uint64_t> FaultBoard::drawCut(Direction direction) {
  std::lock_guard lock(mutex_);
  Side& side = sides_[index(direction)];
  if (!side.cut_random || !side.faults.cut_random) return std::nullopt;
  const std::uint64_t max_bytes = std::clamp<std::uint64_t>(
      side.faults.cut_random->max_bytes, 1, std::numeric_limits<std::uint32_t>::max());
  return 1 + side.cut_random->uniform(static_cast<std::uint32_t>(max_bytes));
}

FaultBoard::Clock::duration FaultBoard::reserve(Direction direction, std::size_t bytes,
                                                Clock::time_point now) {
  std::lock_guard lock(mutex_);
  return sides_[index(direction)].bucket.reserve(bytes, now);
}

std::size_t FaultBoard::burst(Direction direction) const {
  std::lock_guard lock(mutex_);
  return sides_[index(direction)].bucket.burst();
}

}  // namespace cartable::fault_proxy
