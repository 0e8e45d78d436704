#include "token_bucket.h"

#include <gtest/gtest.h>

namespace cartable::fault_proxy {
namespace {

using namespace std::chrono_literals;
using Clock = TokenBucket::Clock;

std::chrono::milliseconds wait(TokenBucket& bucket, std::size_t bytes, Clock::time_point now) {
  return std::chrono::round<std::chrono::milliseconds>(bucket.reserve(bytes, now));
}

TEST(TokenBucket, WithoutARateNothingWaits) {
  TokenBucket bucket;
  EXPECT_EQ(bucket.reserve(1'000'000, Clock::now()), Clock::duration::zero());
}

TEST(TokenBucket, OneBurstGoesAtOnceThenTheDebtIsPaidAtTheRate) {
  TokenBucket bucket;
  const Clock::time_point start{};
  bucket.setRate(8'000, start);  // 64 kbit/s
  EXPECT_EQ(bucket.burst(), 400u);
  EXPECT_EQ(bucket.reserve(400, start), Clock::duration::zero());
  EXPECT_EQ(wait(bucket, 800, start), 100ms);
  // 100 ms later the debt is paid: the next 400 bytes wait 50 ms.
  EXPECT_EQ(wait(bucket, 400, start + 100ms), 50ms);
}

TEST(TokenBucket, IdleTimeRefillsNoMoreThanOneBurst) {
  TokenBucket bucket;
  const Clock::time_point start{};
  bucket.setRate(125'000, start);  // 1 Mbit/s
  EXPECT_EQ(bucket.burst(), 6'250u);
  EXPECT_EQ(bucket.reserve(6'250, start + 10s), Clock::duration::zero());
  EXPECT_EQ(wait(bucket, 12'500, start + 10s), 100ms);
}

}  // namespace
}  // namespace cartable::fault_proxy
