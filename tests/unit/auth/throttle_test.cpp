#include "core/auth/throttle.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace cartable::auth {
namespace {

ThrottleLimits smallLimits() {
  ThrottleLimits limits;
  limits.max_failures_per_account = 3;
  limits.max_failures_per_address = 10;
  limits.window_seconds = 600;
  limits.max_entries = 50;
  return limits;
}

class AuthThrottle : public ::testing::Test {
 protected:
  void fail(std::string_view account, std::string_view address, int times) {
    for (int i = 0; i < times; ++i) throttle_.recordFailure(account, address);
  }

  ManualClock clock_;
  SignInThrottle throttle_{smallLimits(), clock_};
};

TEST_F(AuthThrottle, AllowsAnUnknownAccount) {
  EXPECT_TRUE(throttle_.allowed("jean.dupont", "192.0.2.1"));
  EXPECT_EQ(throttle_.retryAfter("jean.dupont", "192.0.2.1"), 0);
}

TEST_F(AuthThrottle, BlocksTheAccountOnceItReachesTheLimit) {
  fail("jean.dupont", "192.0.2.1", 2);
  EXPECT_TRUE(throttle_.allowed("jean.dupont", "192.0.2.1"));
  fail("jean.dupont", "192.0.2.1", 1);
  EXPECT_FALSE(throttle_.allowed("jean.dupont", "192.0.2.1"));
  // From another address too: the limit is on the account.
  EXPECT_FALSE(throttle_.allowed("jean.dupont", "198.51.100.7"));
  EXPECT_TRUE(throttle_.allowed("marie.curie", "198.51.100.7"));
}

TEST_F(AuthThrottle, RetryAfterCountsDownToTheEndOfTheWindow) {
  fail("jean.dupont", "192.0.2.1", 3);
  EXPECT_EQ(throttle_.retryAfter("jean.dupont", "192.0.2.1"), 600);
  clock_.advance(250);
  EXPECT_EQ(throttle_.retryAfter("jean.dupont", "192.0.2.1"), 350);
}

TEST_F(AuthThrottle, WindowExpiresAfterWindowSeconds) {
  fail("jean.dupont", "192.0.2.1", 3);
  clock_.advance(599);
  EXPECT_FALSE(throttle_.allowed("jean.dupont", "192.0.2.1"));
  clock_.advance(1);
  EXPECT_TRUE(throttle_.allowed("jean.dupont", "192.0.2.1"));
  EXPECT_EQ(throttle_.retryAfter("jean.dupont", "192.0.2.1"), 0);
}

TEST_F(AuthThrottle, FailuresAfterExpiryStartANewWindow) {
  fail("jean.dupont", "192.0.2.1", 2);
  clock_.advance(600);
  fail("jean.dupont", "192.0.2.1", 2);
  EXPECT_TRUE(throttle_.allowed("jean.dupont", "192.0.2.1"));
}

TEST_F(AuthThrottle, SuccessClearsTheAccountButNotTheAddress) {
  fail("jean.dupont", "192.0.2.1", 3);
  throttle_.recordSuccess("jean.dupont");
  EXPECT_TRUE(throttle_.allowed("jean.dupont", "192.0.2.1"));
  // The address keeps its 3 failures: 7 more reach its limit of 10.
  for (int i = 0; i < 7; ++i) throttle_.recordFailure("user" + std::to_string(i), "192.0.2.1");
  EXPECT_FALSE(throttle_.allowed("jean.dupont", "192.0.2.1"));
}

TEST_F(AuthThrottle, AddressLimitAppliesAcrossManyAccounts) {
  for (int i = 0; i < 10; ++i) throttle_.recordFailure("user" + std::to_string(i), "192.0.2.1");
  EXPECT_FALSE(throttle_.allowed("never.tried", "192.0.2.1"));
  EXPECT_EQ(throttle_.retryAfter("never.tried", "192.0.2.1"), 600);
  EXPECT_TRUE(throttle_.allowed("never.tried", "198.51.100.7"));
}

TEST_F(AuthThrottle, ComparesAccountsIgnoringCase) {
  throttle_.recordFailure("Jean.Dupont", "192.0.2.1");
  throttle_.recordFailure("JEAN.DUPONT", "192.0.2.2");
  throttle_.recordFailure("jean.dupont", "192.0.2.3");
  EXPECT_FALSE(throttle_.allowed("jEaN.dUpOnT", "192.0.2.4"));
  throttle_.recordSuccess("JEAN.dupont");
  EXPECT_TRUE(throttle_.allowed("jean.dupont", "192.0.2.4"));
}

TEST_F(AuthThrottle, MemoryStaysBoundedUnderASprayOfNames) {
  for (int i = 0; i < 500; ++i) throttle_.recordFailure("spray" + std::to_string(i), "192.0.2.1");
  // 50 accounts at most, plus the one address.
  EXPECT_EQ(throttle_.trackedEntries(), 51u);
}

TEST_F(AuthThrottle, EvictsTheLeastRecentlyTouchedAccount) {
  fail("jean.dupont", "192.0.2.1", 2);
  for (int i = 0; i < 49; ++i) throttle_.recordFailure("other" + std::to_string(i), "192.0.2.2");
  fail("jean.dupont", "192.0.2.1", 1);               // touched again: now the most recent
  throttle_.recordFailure("newcomer", "192.0.2.2");  // evicts other0, not jean.dupont
  EXPECT_FALSE(throttle_.allowed("jean.dupont", "192.0.2.3"));
}

TEST_F(AuthThrottle, ForgetsTheOldestAccountWhenFull) {
  fail("jean.dupont", "192.0.2.1", 3);
  for (int i = 0; i < 50; ++i) throttle_.recordFailure("other" + std::to_string(i), "192.0.2.2");
  EXPECT_TRUE(throttle_.allowed("jean.dupont", "192.0.2.3"));
}

TEST(AuthThrottleConcurrency, CountsEveryFailureFromManyThreads) {
  ManualClock clock;
  ThrottleLimits limits;
  limits.max_failures_per_address = 400;
  limits.max_entries = 1000;
  SignInThrottle throttle(limits, clock);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&throttle, t] {
      for (int i = 0; i < 100; ++i) {
        throttle.recordFailure("t" + std::to_string(t) + "-" + std::to_string(i), "192.0.2.1");
        (void)throttle.allowed("someone", "192.0.2.1");
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_FALSE(throttle.allowed("someone", "192.0.2.1"));
  EXPECT_EQ(throttle.trackedEntries(), 401u);
}

TEST_F(AuthThrottle, AttemptsUnderWayCountUntilTheyEnd) {
  auto first = throttle_.begin("jean.dupont", "192.0.2.1");
  auto second = throttle_.begin("Jean.Dupont", "192.0.2.1");
  auto third = throttle_.begin("jean.dupont", "198.51.100.7");
  ASSERT_TRUE(first && second && third);
  // Three guesses are being checked: a fourth waits for their outcome.
  EXPECT_FALSE(throttle_.begin("jean.dupont", "192.0.2.1"));
  EXPECT_EQ(throttle_.retryAfter("jean.dupont", "192.0.2.1"), 1);
  throttle_.recordFailure("jean.dupont", "192.0.2.1");
  first.reset();
  EXPECT_FALSE(throttle_.begin("jean.dupont", "192.0.2.1"));
  second.reset();  // ended without failing (the password was right)
  third.reset();
  EXPECT_TRUE(throttle_.begin("jean.dupont", "192.0.2.1"));
  EXPECT_TRUE(throttle_.allowed("marie.curie", "192.0.2.1"));
}

}  // namespace
}  // namespace cartable::auth
