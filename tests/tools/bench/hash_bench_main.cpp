// The ceiling of a sign-in storm on this machine: how many Argon2id
// verifications per second the product's own password check (auth::
// verifyPassword, which lets one run per core at a time) completes when
// every core verifies at once, with nothing else to do. perf-table.sh reads
// the sign-ins per second of the real route as a ratio of it.
//   cartable-hash-bench [--memory-kib N] [--iterations N] [--seconds S]
// Prints one line: "verify_ms=<one alone> threads=<cores> per_second=<all at once>".
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/auth/password.h"

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A positive whole number from a flag's value, or exit with the flag named.
unsigned long positive(std::string_view flag, const char* value) {
  char* end = nullptr;
  const unsigned long number = value ? std::strtoul(value, &end, 10) : 0;
  if (value == nullptr || *end != '\0' || number == 0) {
    std::fprintf(stderr, "cartable-hash-bench: %.*s expects a positive whole number\n",
                 static_cast<int>(flag.size()), flag.data());
    std::exit(2);
  }
  return number;
}

}  // namespace

int main(int argc, char** argv) {
  cartable::auth::Argon2Params params;
  double seconds = 3;
  for (int i = 1; i < argc; i += 2) {
    const std::string_view flag = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (flag == "--memory-kib") {
      params.memory_kib = positive(flag, value);
    } else if (flag == "--iterations") {
      params.iterations = static_cast<std::uint32_t>(positive(flag, value));
    } else if (flag == "--seconds") {
      seconds = static_cast<double>(positive(flag, value));
    } else {
      std::fprintf(stderr, "cartable-hash-bench: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  const auto hash = cartable::auth::hashPassword("bench-password", params);
  if (!hash.ok()) {
    std::fprintf(stderr, "cartable-hash-bench: %s\n", hash.error().message.c_str());
    return 1;
  }
  // One alone, best of five: the cost of a verification without contention.
  double alone = 1e9;
  for (int i = 0; i < 5; ++i) {
    const auto start = Clock::now();
    if (!cartable::auth::verifyPassword(*hash, "bench-password")) return 1;
    alone = std::min(alone, secondsSince(start));
  }
  // Every core at once for `seconds`.
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::atomic<long> done{0};
  std::atomic<bool> failed{false};
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      while (secondsSince(start) < seconds) {
        if (!cartable::auth::verifyPassword(*hash, "bench-password")) failed = true;
        ++done;
      }
    });
  }
  for (auto& worker : workers) worker.join();
  if (failed) return 1;
  std::printf("verify_ms=%.1f threads=%u per_second=%.1f\n", alone * 1000, threads,
              static_cast<double>(done) / secondsSince(start));
  return 0;
}
