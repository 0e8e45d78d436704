// Imports through the admin API: preview, apply, problems, size limit, login sheets.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/test_node.h"

namespace cartable {
namespace {

using directory::Role;
using testing::Credentials;
using testing::TestNode;

std::string fixture(const std::string& name) {
  const char* source = std::getenv("CARTABLE_SOURCE_DIR");
  std::ifstream in(std::string(source ? source : ".") + "/tests/unit/imports/fixtures/" + name,
                   std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

class ImportApi : public ::testing::Test {
 protected:
  void SetUp() override {
    node_.clock().set(1801900800);  // 2027-02-06
    admin_ = node_.addPerson("direction", {Role::admin});
    node_.enrollTotp(admin_);
    session_ = node_.sessionFor(admin_);
  }
  TestNode node_{[](config::Settings& s) { s.limits.max_upload_bytes = 64 * 1024; }};
  std::int64_t admin_ = 0;
  Credentials session_;
};

TEST_F(ImportApi, PreviewThenApplyASiecleExport) {
  const std::string file = fixture("ElevesSansAdresses.xml");
  ASSERT_FALSE(file.empty());
  const auto preview = node_.request(
      "POST", "/api/v1/imports/siecle-eleves/preview?name=ElevesSansAdresses.xml", file, &session_);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_NE(preview.body.find("\"applied\":false"), std::string::npos);
  EXPECT_NE(preview.body.find("\"person.create\":7"), std::string::npos) << preview.body;
  EXPECT_EQ(node_.request("GET", "/api/v1/users?role=student", "", &session_).body,
            R"({"items":[]})");

  const auto applied =
      node_.request("POST", "/api/v1/imports/siecle-eleves/apply", file, &session_);
  ASSERT_EQ(applied.status, 200) << applied.body;
  EXPECT_NE(applied.body.find("\"applied\":true"), std::string::npos);
  const auto again = node_.request("POST", "/api/v1/imports/siecle-eleves/apply", file, &session_);
  EXPECT_NE(again.body.find("\"changes\":[]"), std::string::npos) << again.body;
}

TEST_F(ImportApi, AFileWithProblemsIs422AndNamesThePlace) {
  const auto refused = node_.request("POST", "/api/v1/imports/siecle-eleves/apply?name=e.xml",
                                     fixture("Eleves-duplicate-id.xml"), &session_);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("\"file\":\"e.xml\""), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("\"applied\":false"), std::string::npos);
}

TEST_F(ImportApi, UnknownFormatIs404AndAnOversizedFileIs413) {
  EXPECT_EQ(node_.request("POST", "/api/v1/imports/pronote/apply", "x", &session_).status, 404);
  EXPECT_EQ(node_.request("POST", "/api/v1/imports/csv-eleves/apply", std::string(70 * 1024, 'x'),
                          &session_)
                .status,
            413);
}

TEST_F(ImportApi, AnUploadFromSomeoneNotAllowedIsRefusedBeforeItsBodyIsRead) {
  // The body announced is never sent: only an answer before reading it returns.
  const std::map<std::string, std::string> announced{{"Content-Length", "60000"}};
  EXPECT_EQ(node_.request("POST", "/api/v1/imports/csv-eleves/apply", "x", nullptr, announced).status,
            401);
  const Credentials teacher = node_.sessionFor(node_.addPerson("prof", {Role::teacher}));
  EXPECT_EQ(node_.request("POST", "/api/v1/imports/csv-eleves/apply", "x", &teacher, announced)
                .status,
            403);
}

TEST_F(ImportApi, LoginSheetsComeAsPrintableHtml) {
  ASSERT_EQ(node_.request("POST", "/api/v1/imports/csv-eleves/apply", fixture("eleves.csv"),
                          &session_)
                .status,
            200);
  const auto classes = node_.request("GET", "/api/v1/classes", "", &session_);
  const auto at = classes.body.find("\"id\":");
  const std::string id = classes.body.substr(at + 5, classes.body.find(',', at) - at - 5);
  const auto sheet = node_.request("POST", "/api/v1/classes/" + id + "/login-sheets",
                                   R"({"audience":"students"})", &session_);
  ASSERT_EQ(sheet.status, 200) << sheet.body;
  EXPECT_EQ(sheet.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(sheet.body.find("Mot de passe provisoire"), std::string::npos);
  const auto bad = node_.request("POST", "/api/v1/classes/" + id + "/login-sheets",
                                 R"({"audience":"teachers"})", &session_);
  EXPECT_EQ(bad.status, 422);
}

}  // namespace
}  // namespace cartable
