#include "core/auth/throttle.h"

#include <algorithm>
#include <list>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

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

  // Seconds until `failures` and the `pending` attempts stop blocking, 0 when
  // they do not block; 1 when only attempts under way block.
  static Seconds blockedFor(const FailureTable& table, const std::optional<Failures>& failures,
                            int pending, std::uint32_t limit, Seconds now) {
    const std::uint32_t failed = failures ? failures->count : 0;
    if (failed + static_cast<std::uint32_t>(pending) < limit) return 0;
    return failures && failed >= limit ? table.windowEnd(*failures) - now : 1;
  }

  static int pendingFor(const std::unordered_map<std::string, int>& pending,
                        const std::string& key) {
    const auto found = pending.find(key);
    return found == pending.end() ? 0 : found->second;
  }

  Seconds blockedFor(std::string_view account, std::string_view address) {
    const Seconds now = clock.now();
    const std::string account_key = foldAsciiCase(account), address_key(address);
    const auto by_account = accounts.lookup(account_key, now);
    const auto by_address = addresses.lookup(address_key, now);
    return std::max(blockedFor(accounts, by_account, pendingFor(pending_accounts, account_key),
                               limits.max_failures_per_account, now),
                    blockedFor(addresses, by_address, pendingFor(pending_addresses, address_key),
                               limits.max_failures_per_address, now));
  }

  static void release(std::unordered_map<std::string, int>& pending, const std::string& key) {
    const auto found = pending.find(key);
    if (found != pending.end() && --found->second <= 0) pending.erase(found);
  }

  ThrottleLimits limits;
  const Clock& clock;
  std::mutex mutex;
  FailureTable accounts;
  FailureTable addresses;
  // Attempts under way; bounded by the requests being served at once.
  std::unordered_map<std::string, int> pending_accounts;
  std::unordered_map<std::string, int> pending_addresses;
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

SignInThrottle::Attempt::Attempt(SignInThrottle* throttle, std::string account, std::string address)
    : throttle_(throttle), account_(std::move(account)), address_(std::move(address)) {}

SignInThrottle::Attempt::Attempt(Attempt&& other) noexcept
    : throttle_(std::exchange(other.throttle_, nullptr)),
      account_(std::move(other.account_)),
      address_(std::move(other.address_)) {}

SignInThrottle::Attempt::~Attempt() {
  if (throttle_ != nullptr) throttle_->end(account_, address_);
}

std::optional<SignInThrottle::Attempt> SignInThrottle::begin(std::string_view account,
                                                             std::string_view address) {
  const std::lock_guard lock(impl_->mutex);
  if (impl_->blockedFor(account, address) != 0) return std::nullopt;
  std::string account_key = foldAsciiCase(account), address_key(address);
  ++impl_->pending_accounts[account_key];
  ++impl_->pending_addresses[address_key];
  return Attempt(this, std::move(account_key), std::move(address_key));
}

void SignInThrottle::end(const std::string& account, const std::string& address) {
  const std::lock_guard lock(impl_->mutex);
  Impl::release(impl_->pending_accounts, account);
  Impl::release(impl_->pending_addresses, address);
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
