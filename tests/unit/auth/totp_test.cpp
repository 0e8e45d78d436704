#include "core/auth/totp.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/base/random.h"

namespace cartable::auth {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes bytesOf(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

const Bytes kSha1Seed = bytesOf("12345678901234567890");
const Bytes kSha256Seed = bytesOf("12345678901234567890123456789012");
const Bytes kSha512Seed =
    bytesOf("1234567890123456789012345678901234567890123456789012345678901234");

TEST(AuthHotp, MatchesEveryRfc4226AppendixDValue) {
  const std::uint32_t expected[] = {755224, 287082, 359152, 969429, 338314,
                                    254676, 287922, 162583, 399871, 520489};
  for (std::uint64_t counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(hotp(kSha1Seed, counter, 6), expected[counter]) << "counter " << counter;
  }
}

struct TotpVector {
  Seconds time;
  std::uint32_t sha1;
  std::uint32_t sha256;
  std::uint32_t sha512;
};

TEST(AuthTotp, MatchesEveryRfc6238AppendixBValue) {
  const TotpVector vectors[] = {
      {59, 94287082, 46119246, 90693936},         {1111111109, 7081804, 68084774, 25091201},
      {1111111111, 14050471, 67062674, 99943326}, {1234567890, 89005924, 91819424, 93441116},
      {2000000000, 69279037, 90698825, 38618901}, {20000000000, 65353130, 77737706, 47863826},
  };
  for (const TotpVector& v : vectors) {
    EXPECT_EQ(totp(kSha1Seed, v.time, 8, 30, TotpAlgorithm::sha1), v.sha1) << v.time;
    EXPECT_EQ(totp(kSha256Seed, v.time, 8, 30, TotpAlgorithm::sha256), v.sha256) << v.time;
    EXPECT_EQ(totp(kSha512Seed, v.time, 8, 30, TotpAlgorithm::sha512), v.sha512) << v.time;
  }
}

TEST(AuthTotp, DefaultsToSixDigitsEveryThirtySecondsWithSha1) {
  EXPECT_EQ(totp(kSha1Seed, 59), 287082u);  // counter 1 of RFC 4226
  EXPECT_EQ(totp(kSha1Seed, 60), 359152u);  // counter 2
}

TEST(AuthVerifyTotp, AcceptsTheCurrentCodeAndReturnsItsStep) {
  EXPECT_EQ(verifyTotp(kSha1Seed, "287082", 59, 0), 1);
}

TEST(AuthVerifyTotp, IgnoresSpacesInTheTypedCode) {
  EXPECT_EQ(verifyTotp(kSha1Seed, " 287 082 ", 59, 0), 1);
}

TEST(AuthVerifyTotp, KeepsLeadingZeros) {
  EXPECT_EQ(verifyTotp(kSha1Seed, "026920", 30 * 30, 0), 30);
}

TEST(AuthVerifyTotp, AcceptsTheCodeOfOneStepBeforeOrAfter) {
  EXPECT_EQ(verifyTotp(kSha1Seed, "287082", 2 * 30 + 10, 0), 1);
  EXPECT_EQ(verifyTotp(kSha1Seed, "287082", 10, 0), 1);
}

TEST(AuthVerifyTotp, RefusesTheCodeOfTwoStepsAgo) {
  EXPECT_EQ(verifyTotp(kSha1Seed, "287082", 3 * 30 + 10, 0), std::nullopt);
}

TEST(AuthVerifyTotp, RefusesAWrongCode) {
  EXPECT_EQ(verifyTotp(kSha1Seed, "287083", 59, 0), std::nullopt);
}

TEST(AuthVerifyTotp, RefusesReplayOfAnAlreadyUsedStep) {
  const auto step = verifyTotp(kSha1Seed, "287082", 59, 0);
  ASSERT_EQ(step, 1);
  EXPECT_EQ(verifyTotp(kSha1Seed, "287082", 59, *step), std::nullopt);
}

TEST(AuthVerifyTotp, RefusesACodeOlderThanTheLastUsedStep) {
  // The code of step 1 is still in the window at step 2, but step 2 was used.
  EXPECT_EQ(verifyTotp(kSha1Seed, "287082", 2 * 30, 2), std::nullopt);
  EXPECT_EQ(verifyTotp(kSha1Seed, "359152", 2 * 30, 1), 2);
}

TEST(AuthVerifyTotp, RefusesCodesThatAreNotExactlySixAsciiDigits) {
  for (std::string_view code : {"", "28708", "2870820", "28708a", "287-082", "２８７０８２"}) {
    EXPECT_EQ(verifyTotp(kSha1Seed, code, 59, 0), std::nullopt) << code;
  }
}

TEST(AuthBase32, EncodesRfc4648Vectors) {
  EXPECT_EQ(base32Encode(bytesOf("")), "");
  EXPECT_EQ(base32Encode(bytesOf("f")), "MY");
  EXPECT_EQ(base32Encode(bytesOf("fo")), "MZXQ");
  EXPECT_EQ(base32Encode(bytesOf("foo")), "MZXW6");
  EXPECT_EQ(base32Encode(bytesOf("foob")), "MZXW6YQ");
  EXPECT_EQ(base32Encode(bytesOf("fooba")), "MZXW6YTB");
  EXPECT_EQ(base32Encode(bytesOf("foobar")), "MZXW6YTBOI");
}

TEST(AuthBase32, DecodesRfc4648Vectors) {
  EXPECT_EQ(base32Decode("MY"), bytesOf("f"));
  EXPECT_EQ(base32Decode("MZXQ"), bytesOf("fo"));
  EXPECT_EQ(base32Decode("MZXW6YTBOI"), bytesOf("foobar"));
}

TEST(AuthBase32, DecodeAcceptsLowerCaseSpacesAndPadding) {
  EXPECT_EQ(base32Decode("mzxw6ytboi"), bytesOf("foobar"));
  EXPECT_EQ(base32Decode("MZXW 6YTB OI"), bytesOf("foobar"));
  EXPECT_EQ(base32Decode("MZXW6YQ="), bytesOf("foob"));
  EXPECT_EQ(base32Decode("MY======"), bytesOf("f"));
}

TEST(AuthBase32, DecodeRejectsInvalidText) {
  EXPECT_EQ(base32Decode("MZXW1"), std::nullopt);   // '1' is not in the alphabet
  EXPECT_EQ(base32Decode("MZ!XQ"), std::nullopt);   // punctuation
  EXPECT_EQ(base32Decode("MY=MY"), std::nullopt);   // data after padding
  EXPECT_EQ(base32Decode("MZX"), std::nullopt);     // a length no encoder produces
  EXPECT_EQ(base32Decode("MZ\nXQ"), std::nullopt);  // only spaces are ignored
}

TEST(AuthBase32, RoundTripsEveryLengthUpToForty) {
  SeededRandom random(42);
  for (std::size_t length = 0; length <= 40; ++length) {
    Bytes data(length);
    if (length > 0) random.fill(data);
    EXPECT_EQ(base32Decode(base32Encode(data)), data) << "length " << length;
  }
}

TEST(AuthOtpauthUri, PercentEncodesIssuerAndAccount) {
  EXPECT_EQ(otpauthUri(kSha1Seed, "Cartable Collège", "jean.dupont@0541234X"),
            "otpauth://totp/Cartable%20Coll%C3%A8ge:jean.dupont%400541234X"
            "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Cartable%20Coll%C3%A8ge"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(AuthOtpauthUri, EncodesAColonInTheAccountSoTheLabelStaysUnambiguous) {
  const std::string uri = otpauthUri(kSha1Seed, "Cartable", "a:b");
  EXPECT_EQ(uri.substr(0, uri.find('?')), "otpauth://totp/Cartable:a%3Ab");
}

// Steps 1, 3 and 9 of the RFC 4226 key give 287082, 969429 and 520489.
TEST(AuthTotpRefusal, AnythingButSixDigitsIsMalformed) {
  for (const char* code : {"", "12345", "1234567", "12a456", "１２３４５６"}) {
    EXPECT_EQ(explainTotpRefusal(kSha1Seed, code, 59, 0), TotpRefusal::malformed) << code;
  }
}

TEST(AuthTotpRefusal, TheCodeOfAStepAlreadyUsedIsAReplay) {
  EXPECT_EQ(verifyTotp(kSha1Seed, "287082", 59, 1), std::nullopt);
  EXPECT_EQ(explainTotpRefusal(kSha1Seed, "287082", 59, 1), TotpRefusal::replayed);
}

TEST(AuthTotpRefusal, TheCodeOfAStepUpToTenStepsAwayHasExpired) {
  EXPECT_EQ(verifyTotp(kSha1Seed, "287082", 8 * 30, 0), std::nullopt);
  EXPECT_EQ(explainTotpRefusal(kSha1Seed, "287082", 8 * 30, 0), TotpRefusal::expired);
  EXPECT_EQ(explainTotpRefusal(kSha1Seed, "520489", 19 * 30, 0), TotpRefusal::expired);
  // A phone ahead of the server: a code of a step to come.
  EXPECT_EQ(explainTotpRefusal(kSha1Seed, "520489", 2 * 30, 0), TotpRefusal::expired);
}

TEST(AuthTotpRefusal, ACodeOfNoNearbyStepIsWrong) {
  EXPECT_EQ(explainTotpRefusal(kSha1Seed, "520489", 20 * 30, 0), TotpRefusal::wrong);
  EXPECT_EQ(explainTotpRefusal(kSha1Seed, "969429", 20 * 30, 0), TotpRefusal::wrong);
  EXPECT_EQ(explainTotpRefusal(kSha1Seed, "287083", 59, 0), TotpRefusal::wrong);
}

}  // namespace
}  // namespace cartable::auth
