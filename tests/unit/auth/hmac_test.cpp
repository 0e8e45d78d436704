#include "core/auth/hmac.h"

#include <gtest/gtest.h>

#include <sodium.h>

#include <string>
#include <string_view>

namespace cartable::auth {
namespace {

Bytes bytesOf(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

Bytes repeated(std::uint8_t byte, std::size_t count) {
  return Bytes(count, byte);
}

template <class Container>
std::string hexOf(const Container& bytes) {
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  hex.pop_back();
  return hex;
}

std::string sha1Hex(std::string_view text) {
  return hexOf(sha1(bytesOf(text)));
}

TEST(AuthSha1, MatchesFipsVectorForAbc) {
  EXPECT_EQ(sha1Hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(AuthSha1, MatchesFipsVectorForEmptyMessage) {
  EXPECT_EQ(sha1Hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

TEST(AuthSha1, MatchesFipsVectorSpanningTwoBlocks) {
  EXPECT_EQ(sha1Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

TEST(AuthSha1, MatchesFipsVectorForOneMillionLetters) {
  EXPECT_EQ(sha1Hex(std::string(1'000'000, 'a')), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

// 55, 56 and 64 bytes are where the length field stops fitting in the last block.
TEST(AuthSha1, PadsCorrectlyAroundTheBlockBoundary) {
  EXPECT_EQ(sha1Hex(std::string(55, 'a')), "c1c8bbdc22796e28c0e15163d20899b65621d65a");
  EXPECT_EQ(sha1Hex(std::string(56, 'a')), "c2db330f6083854c99d4b5bfb6e8f29f201be699");
  EXPECT_EQ(sha1Hex(std::string(64, 'a')), "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}

struct HmacCase {
  Bytes key;
  Bytes data;
  std::string expected_hex;
};

TEST(AuthHmacSha1, MatchesEveryRfc2202Vector) {
  const HmacCase cases[] = {
      {repeated(0x0b, 20), bytesOf("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00"},
      {bytesOf("Jefe"), bytesOf("what do ya want for nothing?"),
       "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
      {repeated(0xaa, 20), repeated(0xdd, 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
      {{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
        0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19},
       repeated(0xcd, 50),
       "4c9007f4026250c6bc8414f9bf50c86c2d7235da"},
      {repeated(0x0c, 20), bytesOf("Test With Truncation"),
       "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"},
      {repeated(0xaa, 80), bytesOf("Test Using Larger Than Block-Size Key - Hash Key First"),
       "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
      {repeated(0xaa, 80),
       bytesOf("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
       "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"},
  };
  for (const HmacCase& c : cases) {
    EXPECT_EQ(hexOf(hmacSha1(c.key, c.data)), c.expected_hex);
  }
}

TEST(AuthHmacSha2, MatchesRfc4231VectorWithShortKey) {
  const Bytes key = bytesOf("Jefe");
  const Bytes data = bytesOf("what do ya want for nothing?");
  EXPECT_EQ(hexOf(hmacSha256(key, data)),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hexOf(hmacSha512(key, data)),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d0"
            "34f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
}

TEST(AuthHmacSha2, MatchesRfc4231VectorWithKeyLongerThanABlock) {
  const Bytes key = repeated(0xaa, 131);
  const Bytes data = bytesOf("Test Using Larger Than Block-Size Key - Hash Key First");
  EXPECT_EQ(hexOf(hmacSha256(key, data)),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(hexOf(hmacSha512(key, data)),
            "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0"
            "fd2215d6a1e5295e64f73f63f0aec8b915a985d786598");
}

}  // namespace
}  // namespace cartable::auth
