#include "federation/enrollment/enrollment.h"

#include <gtest/gtest.h>

#include "core/base/civil_date.h"

namespace cartable::federation {
namespace {

TEST(EnrollmentCode, IsTwentyBase32CharactersInGroupsOfFour) {
  SeededRandom random(3);
  const std::string code = makeEnrollmentCode(random);
  ASSERT_EQ(code.size(), 24u);
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (i % 5 == 4) {
      EXPECT_EQ(code[i], '-');
    } else {
      EXPECT_NE(std::string_view("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(code[i]),
                std::string_view::npos)
          << code;
    }
  }
  EXPECT_NE(makeEnrollmentCode(random), code);
}

TEST(EnrollmentCode, IsReadTheWayAPersonTypesIt) {
  auto typed = enrollmentCodeKey("k7qm 2xhp-9d4r tb6w zc3n");
  auto printed = enrollmentCodeKey("K7QM-2XHP-9D4R-TB6W-ZC3N");
  ASSERT_TRUE(typed.ok());
  EXPECT_EQ(*typed, *printed);
  EXPECT_EQ(*enrollmentCodeKey("O000-0000-0000-0000-00IL"),
            *enrollmentCodeKey("0000-0000-0000-0000-0011"));
  EXPECT_NE(*typed, *enrollmentCodeKey("K7QM-2XHP-9D4R-TB6W-ZC3P"));
}

TEST(EnrollmentCode, AMistypedCodeSaysWhatIsWrong) {
  auto short_code = enrollmentCodeKey("K7QM-2XHP");
  ASSERT_FALSE(short_code.ok());
  EXPECT_EQ(short_code.error().field, "code");
  EXPECT_EQ(short_code.error().message,
            "the enrollment code has 8 letters and digits; it should have 20 "
            "(XXXX-XXXX-XXXX-XXXX-XXXX)");
  EXPECT_EQ(enrollmentCodeKey("K7QM-2XHP-9D4R-TB6W-ZC3U").error().message,
            "the enrollment code holds 'U', which is not one of its letters and digits");
}

TEST(EnrollmentProofs, AreBoundToTheCodeTheTranscriptAndTheSide) {
  const Key32 key = *enrollmentCodeKey("K7QM-2XHP-9D4R-TB6W-ZC3N");
  const Key32 other_key = *enrollmentCodeKey("K7QM-2XHP-9D4R-TB6W-ZC3P");
  Key32 transcript{};
  transcript[0] = 1;
  Key32 other_transcript{};
  EXPECT_TRUE(sameProof(schoolProof(key, transcript), schoolProof(key, transcript)));
  EXPECT_FALSE(sameProof(schoolProof(key, transcript), hubProof(key, transcript)));
  EXPECT_FALSE(sameProof(schoolProof(key, transcript), schoolProof(other_key, transcript)));
  EXPECT_FALSE(sameProof(schoolProof(key, transcript), schoolProof(key, other_transcript)));
}

TEST(EnrollmentMessages, SurviveEncodingAndRefuseDefects) {
  EnrollRequest request{"0541234Y", {}, {}};
  request.box_public[5] = 9;
  request.proof[31] = 7;
  auto decoded = decodeEnrollMessage(encodeEnrollMessage(request));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(std::get<EnrollRequest>(*decoded).uai, "0541234Y");
  EXPECT_EQ(std::get<EnrollRequest>(*decoded).proof[31], 7);

  auto grant = decodeEnrollMessage(encodeEnrollMessage(EnrollGrant{"Hub", "cert", {}}));
  ASSERT_TRUE(grant.ok());
  EXPECT_EQ(std::get<EnrollGrant>(*grant).certificate, "cert");

  const std::string bytes = encodeEnrollMessage(request);
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_FALSE(decodeEnrollMessage(bytes.substr(0, cut)).ok()) << cut;
  }
  EXPECT_EQ(decodeEnrollMessage(bytes + "!").error().message,
            "Enrollment message: 1 unexpected bytes after the last field");
  EXPECT_EQ(decodeEnrollMessage("\x07").error().message, "unknown enrollment message 7");
}

TEST(Instants, AreWrittenAsIsoUtc) {
  EXPECT_EQ(civil::formatInstant(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(civil::formatInstant(1'795'943'701), "2026-11-29T09:15:01Z");
}

}  // namespace
}  // namespace cartable::federation
