// The generator's only source of chance: a seeded stream, so that one seed
// always gives the same school. Standard distributions and std::shuffle are
// avoided because their output differs between standard libraries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <utility>
#include <vector>

#include "core/base/random.h"

namespace cartable::generator {

class Dice {
 public:
  explicit Dice(std::uint64_t seed) : random_(seed) {}

  // Uniform in [0, bound); bound must be positive.
  std::size_t below(std::size_t bound) {
    return random_.uniform(static_cast<std::uint32_t>(bound));
  }

  // True with a probability of `percent` / 100.
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }

  // One element of a non-empty array or span.
  template <class Items>
  const auto& pick(const Items& items) {
    return items[below(std::size(items))];
  }

  // Fisher-Yates.
  template <class T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
  }

 private:
  SeededRandom random_;
};

}  // namespace cartable::generator
