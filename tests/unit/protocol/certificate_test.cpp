#include "federation/protocol/certificate.h"

#include <gtest/gtest.h>

namespace cartable::federation {
namespace {

constexpr Seconds kIssued = 1'700'000'000;   // 2023-11-14T22:13:20Z
constexpr Seconds kExpires = 1'735'689'600;  // 2025-01-01T00:00:00Z

class ProtocolCertificate : public ::testing::Test {
 protected:
  Certificate issue() {
    return issueCertificate("school:0541234X", school_.sign_public, school_.box_public, kIssued,
                            kExpires, 42, hub_);
  }

  NodeKeys hub_ = generateNodeKeys();
  NodeKeys school_ = generateNodeKeys();
};

TEST_F(ProtocolCertificate, RoundTripsThroughItsEncoding) {
  const Certificate issued = issue();
  const auto decoded = Certificate::decode(issued.encode());
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->subject, "school:0541234X");
  EXPECT_EQ(decoded->sign_public, school_.sign_public);
  EXPECT_EQ(decoded->box_public, school_.box_public);
  EXPECT_EQ(decoded->issued_at, kIssued);
  EXPECT_EQ(decoded->expires_at, kExpires);
  EXPECT_EQ(decoded->serial, 42u);
  EXPECT_EQ(decoded->signature, issued.signature);
  EXPECT_EQ(decoded->encode(), issued.encode());
}

TEST_F(ProtocolCertificate, EncodingIsVersionedAndOfFixedLayout) {
  const std::string bytes = issue().encode();
  EXPECT_EQ(bytes[0], 1);
  EXPECT_EQ(bytes.size(), 1u + 2 + 15 + 32 + 32 + 8 + 8 + 8 + 64);
}

TEST_F(ProtocolCertificate, VerifiesWithinItsValidity) {
  EXPECT_TRUE(verifyCertificate(issue(), hub_.sign_public, kIssued).ok());
  EXPECT_TRUE(verifyCertificate(issue(), hub_.sign_public, kExpires - 1).ok());
}

TEST_F(ProtocolCertificate, RefusesAnotherHubsSignature) {
  const Status verified = verifyCertificate(issue(), generateNodeKeys().sign_public, kIssued);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, Errc::permission_denied);
  EXPECT_EQ(verified.error().message, "certificate signature does not verify");
}

TEST_F(ProtocolCertificate, RefusesAnExpiredCertificateNamingTheDate) {
  const Status verified = verifyCertificate(issue(), hub_.sign_public, kExpires);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, Errc::permission_denied);
  EXPECT_EQ(verified.error().message,
            "certificate of school:0541234X expired on 2025-01-01T00:00:00Z");
}

TEST_F(ProtocolCertificate, RefusesACertificateNotYetValid) {
  const Status verified = verifyCertificate(issue(), hub_.sign_public, kIssued - 1);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().message,
            "certificate of school:0541234X is not valid before 2023-11-14T22:13:20Z");
}

TEST_F(ProtocolCertificate, AnyTamperedByteFailsToDecodeOrToVerify) {
  const std::string bytes = issue().encode();
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string tampered = bytes;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    const auto decoded = Certificate::decode(tampered);
    if (!decoded.ok()) continue;
    EXPECT_FALSE(verifyCertificate(*decoded, hub_.sign_public, kIssued).ok()) << "byte " << i;
  }
}

TEST_F(ProtocolCertificate, DecodeNamesTheTruncatedField) {
  const std::string bytes = issue().encode();
  const auto decoded = Certificate::decode(bytes.substr(0, 30));
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().code, Errc::malformed);
  EXPECT_EQ(decoded.error().message,
            "certificate: field \"sign_public\" needs 32 bytes but only 12 remain");
  EXPECT_EQ(decoded.error().field, "certificate.sign_public");
}

TEST_F(ProtocolCertificate, DecodeRefusesAnUnknownVersion) {
  std::string bytes = issue().encode();
  bytes[0] = 2;
  const auto decoded = Certificate::decode(bytes);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().message,
            "certificate: field \"version\" is 2; this node reads version 1");
}

TEST_F(ProtocolCertificate, DecodeRefusesTrailingBytes) {
  const auto decoded = Certificate::decode(issue().encode() + "xy");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().message, "certificate: 2 unexpected bytes after the last field");
}

TEST_F(ProtocolCertificate, DecodeRefusesAnEmptySubject) {
  const auto decoded = Certificate::decode(std::string("\x01\x00\x00", 3));
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().message, "certificate: field \"subject\" is empty");
}

TEST_F(ProtocolCertificate, VerifyForChecksTheSubjectAndTheKey) {
  const Certificate certificate = issue();
  EXPECT_TRUE(verifyCertificateFor(certificate, "school:0541234X", school_.sign_public,
                                   hub_.sign_public, kIssued)
                  .ok());
  const Status other_school = verifyCertificateFor(certificate, "school:0679999Z",
                                                   school_.sign_public, hub_.sign_public, kIssued);
  ASSERT_FALSE(other_school.ok());
  EXPECT_EQ(other_school.error().message, "certificate names school:0541234X, not school:0679999Z");
  const Status other_key = verifyCertificateFor(
      certificate, "school:0541234X", generateNodeKeys().sign_public, hub_.sign_public, kIssued);
  ASSERT_FALSE(other_key.ok());
  EXPECT_EQ(other_key.error().message,
            "certificate of school:0541234X was issued for another signing key");
}

}  // namespace
}  // namespace cartable::federation
