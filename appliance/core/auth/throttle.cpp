#include "core/auth/throttle.h"

#include <algorithm>
#include <list>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace cartable::auth {
namespace {

std::string foldAsciiCase(std::string_view text) {
  std::string folded(text);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return folded;
}

struct Failures {
  std::uint32_t count = 0;
  Seconds window_start = 0;
};

// Failure counters keyed by name, bounded in size: the least recently
// touched entry is forgotten first.
class FailureTable {
 public:
  FailureTable(std::size_t max_entries, Seconds window_seconds)
      : max_entries_(max_entries), window_seconds_(window_seconds) {}

  // The live counter for `key`, forgetting it when its window has ended.
  std::optional<Failures> lookup(const std::string& key, Seconds now) {
    const auto found = index_.find(key);
    if (found == index_.end()) return std::nullopt;
    if (hasExpired(found->second->second, now)) {
      erase(key);
      return std::nullopt;
    }
    return found->second->second;
  }

  void recordFailure(const std::string& key, Seconds now) {
    const auto found = index_.find(key);
    if (found == index_.end() || hasExpired(found->second->second, now)) {
      erase(key);
      insertFresh(key, now);
      return;
    }
    recency_.splice(recency_.begin(), recency_, found->second);
    ++found->second->second.count;
  }

  void erase(const std::string& key) {
    const auto found = index_.find(key);
    if (found == index_.end()) return;
    recency_.erase(found->second);
    index_.erase(found);
  }

  Seconds windowEnd(const Failures& failures) const {
    return failures.window_start + window_seconds_;
  }

  std::size_t size() const { return index_.size(); }

 private:
  using Entry = std::pair<std::string, Failures>;

  bool hasExpired(const Failures& failures, Seconds now) const {
    return now >= windowEnd(failures);
  }

  void insertFresh(const std::string& key, Seconds now) {
    recency_.emplace_front(key, Failures{1, now});
    index_.emplace(key, recency_.begin());
    while (index_.size() > max_entries_) {
      index_.erase(recency_.back().first);
      recency_.pop_back();
    }
  }

  std::size_t max_entries_;
  Seconds window_seconds_;
  std::list<Entry> recency_;  // most recently touched first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace

struct SignInThrottle::Impl {
  Impl(ThrottleLimits l, const Clock& c)
      : limits(l),
        clock(c),
        accounts(l.max_entries, l.window_seconds),
        addresses(l.max_entries, l.window_seconds) {}

  // Seconds until `failures` stop blocking, 0 when they do not block.
  static Seconds blockedFor(const FailureTable& table, const std::optional<Failures>& failures,
                            std::uint32_t limit, Seconds now) {
    if (!failures || failures->count < limit) return 0;
    return table.windowEnd(*failures) - now;
  }

  Seconds blockedFor(std::string_view account, std::string_view address) {
    const Seconds now = clock.now();
    const auto by_account = accounts.lookup(foldAsciiCase(account), now);
    const auto by_address = addresses.lookup(std::string(address), now);
    return std::max(blockedFor(accounts, by_account, limits.max_failures_per_account, now),
                    blockedFor(addresses, by_address, limits.max_failures_per_address, now));
  }

  ThrottleLimits limits;
  const Clock& clock;
  std::mutex mutex;
  FailureTable accounts;
  FailureTable addresses;
};

SignInThrottle::SignInThrottle(ThrottleLimits limits, const Clock& clock)
    : impl_(std::make_unique<Impl>(limits, clock)) {}

SignInThrottle::~SignInThrottle() = default;

bool SignInThrottle::allowed(std::string_view account, std::string_view address) {
  const std::lock_guard lock(impl_->mutex);
  return impl_->blockedFor(account, address) == 0;
}

Seconds SignInThrottle::retryAfter(std::string_view account, std::string_view address) {
  const std::lock_guard lock(impl_->mutex);
  return impl_->blockedFor(account, address);
}

void SignInThrottle::recordFailure(std::string_view account, std::string_view address) {
  const std::lock_guard lock(impl_->mutex);
  const Seconds now = impl_->clock.now();
  impl_->accounts.recordFailure(foldAsciiCase(account), now);
  impl_->addresses.recordFailure(std::string(address), now);
}

void SignInThrottle::recordSuccess(std::string_view account) {
  const std::lock_guard lock(impl_->mutex);
  impl_->accounts.erase(foldAsciiCase(account));
}

std::size_t SignInThrottle::trackedEntries() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->accounts.size() + impl_->addresses.size();
}

}  // namespace cartable::auth
