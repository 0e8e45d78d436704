// The report as it travels: JSON both ways, signed by the school, and every
// way a body can fail to be a signed report.
#include "reporting/report_envelope.h"

#include <gtest/gtest.h>

namespace cartable::reporting {
namespace {

DailyReport sample() {
  DailyReport report;
  report.uai = "0541234Y";
  report.day = "2026-09-07";
  report.k = 10;
  report.generated_at = 1'788'829'200;
  report.suppressed = 3;
  report.unavailable = {"difficulty.students"};
  ReportCell school;
  school.scope = "school";
  school.n = 1200;
  school.values = {{"attendance.expected", 8412}, {"attendance.rate", 0.9625}};
  ReportCell maths;
  maths.scope = "subject";
  maths.level = "6e";
  maths.subject = "MATHS";
  maths.n = 27;
  maths.values = {{"grades.mean", 12.67}};
  report.cells = {school, maths};
  return report;
}

TEST(ReportEnvelope, JsonReadsBackToTheSameReport) {
  auto parsed = parseReportJson(reportJson(sample()));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(*parsed, sample());
}

TEST(ReportEnvelope, ASignedBodyVerifiesWithTheSchoolsKeyOnly) {
  const auto school = federation::generateNodeKeys();
  const auto other = federation::generateNodeKeys();
  auto read = readSignedReport(signedReportBody(school, sample()));
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->report, sample());
  EXPECT_TRUE(verifyReportSignature(*read, school.sign_public).ok());
  const Status forged = verifyReportSignature(*read, other.sign_public);
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.error().code, Errc::permission_denied);
  EXPECT_EQ(forged.error().message,
            "the signature of 0541234Y's report of 2026-09-07 does not verify with the "
            "school's key");
}

TEST(ReportEnvelope, AnAlteredReportNoLongerVerifies) {
  const auto school = federation::generateNodeKeys();
  std::string body = signedReportBody(school, sample());
  const auto at = body.find("1200");
  ASSERT_NE(at, std::string::npos);
  body.replace(at, 4, "1201");
  auto read = readSignedReport(body);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_FALSE(verifyReportSignature(*read, school.sign_public).ok());
}

TEST(ReportEnvelope, MalformedBodiesNameTheirField) {
  const auto fieldOf = [](const std::string& body) {
    auto read = readSignedReport(body);
    EXPECT_FALSE(read.ok());
    return read.ok() ? std::string("(read)") : read.error().field;
  };
  EXPECT_EQ(fieldOf("not json"), "body");
  EXPECT_EQ(fieldOf(R"({"signature":"00"})"), "report");
  EXPECT_EQ(fieldOf(R"({"report":"{}","signature":"zz"})"), "signature");
  const std::string signature(128, '0');
  EXPECT_EQ(fieldOf(R"({"report":"{}","signature":")" + signature + "\"}"), "uai");
  EXPECT_EQ(fieldOf(R"({"report":"{\"uai\":\"0541234Y\",\"day\":\"2026-09-07\",\"k\":10,)"
                    R"(\"generated_at\":0,\"suppressed\":0,\"cells\":[{\"scope\":\"town\"}]}",)"
                    R"("signature":")" +
                    signature + "\"}"),
            "cells[0].scope");
}

}  // namespace
}  // namespace cartable::reporting
