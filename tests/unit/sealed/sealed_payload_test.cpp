// Payloads one school seals to another: only the recipient opens them, and a
// payload forged, altered, truncated or sent on to another school is refused
// with its reason.
#include "federation/sealed/sealed_payload.h"

#include <gtest/gtest.h>

namespace cartable::federation {
namespace {

class SealedPayload : public ::testing::Test {
 protected:
  NodeKeys sender_ = generateNodeKeys();
  NodeKeys recipient_ = generateNodeKeys();
  SealedHeader header_{"school:0541234Y", "school:0750654D", "dossier"};
  std::string sealed_ =
      sealPayload(sender_, header_, recipient_.box_public, "{\"absences\":3}");

  Result<std::string> open(const std::string& envelope, const NodeKeys& keys,
                           const std::string& name = "school:0750654D") {
    return openPayload(envelope, keys, name, sender_.sign_public);
  }
};

TEST_F(SealedPayload, TheRecipientOpensWhatTheSenderSealed) {
  auto opened = open(sealed_, recipient_);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(*opened, "{\"absences\":3}");
  auto header = readSealedHeader(sealed_);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->from, "school:0541234Y");
  EXPECT_EQ(header->to, "school:0750654D");
  EXPECT_EQ(header->purpose, "dossier");
}

TEST_F(SealedPayload, TheClearTextIsNotInTheEnvelope) {
  EXPECT_EQ(sealed_.find("absences"), std::string::npos);
}

TEST_F(SealedPayload, AnotherSchoolCannotOpenIt) {
  auto opened = open(sealed_, generateNodeKeys(), "school:0750654D");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, Errc::permission_denied);
  EXPECT_EQ(opened.error().message,
            "sealed payload from school:0541234Y cannot be opened with this school's key "
            "(altered, or sealed to another school)");
}

TEST_F(SealedPayload, ARedirectedHeaderIsRefused) {
  auto other = generateNodeKeys();
  EXPECT_EQ(open(sealed_, other, "school:0881234K").error().message,
            "sealed payload from school:0541234Y is addressed to school:0750654D, not to "
            "school:0881234K");
  // Rewriting the header's recipient breaks the sender's signature.
  std::string rewritten = sealed_;
  const auto at = rewritten.find("0750654D");
  rewritten.replace(at, 8, "0750654E");
  auto opened = open(rewritten, recipient_, "school:0750654E");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().message,
            "the signature of school:0541234Y on a sealed payload does not verify (altered, or "
            "not written by school:0541234Y)");
}

TEST_F(SealedPayload, AFlippedByteIsRefused) {
  for (std::size_t at : {sealed_.size() - 1, sealed_.size() - 40}) {
    std::string altered = sealed_;
    altered[at] = static_cast<char>(altered[at] ^ 0x20);
    EXPECT_FALSE(open(altered, recipient_).ok()) << at;
  }
}

TEST_F(SealedPayload, AForgedSenderIsRefused) {
  const std::string forged =
      sealPayload(generateNodeKeys(), header_, recipient_.box_public, "{\"absences\":0}");
  EXPECT_EQ(open(forged, recipient_).error().message,
            "the signature of school:0541234Y on a sealed payload does not verify (altered, or "
            "not written by school:0541234Y)");
}

TEST_F(SealedPayload, TruncatedOrPaddedEnvelopesAreMalformedNamingTheField) {
  auto truncated = readSealedHeader(sealed_.substr(0, 10));
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error().code, Errc::malformed);
  EXPECT_NE(truncated.error().message.find("sealed payload"), std::string::npos);
  auto padded = open(sealed_ + "x", recipient_);
  ASSERT_FALSE(padded.ok());
  EXPECT_EQ(padded.error().code, Errc::malformed);
  EXPECT_FALSE(readSealedHeader("").ok());
}

}  // namespace
}  // namespace cartable::federation
