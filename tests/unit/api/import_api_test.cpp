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

TEST_F(ImportApi, TheTimetableCsvIsImportedThroughTheSameRoutes) {
  const std::int64_t teacher = node_.addPerson("prof.maths", {Role::teacher});
  const auto created = [&](const std::string& path, const std::string& body) {
    const auto result = node_.request("POST", path, body, &session_);
    EXPECT_EQ(result.status, 201) << path << " " << result.body;
  };
  created("/api/v1/subjects", R"({"code":"MATHS","label":"Mathématiques"})");
  created("/api/v1/classes",
          R"({"code":"6A","label":"6e A","level":"6e","school_year":"2026-2027"})");
  const std::string csv =
      "jour;debut;fin;matiere;classe;professeurs;salle;du;au\n"
      "lundi;08:00;09:00;MATHS;6A;prof.maths;B12;2027-02-08;2027-07-03\n";
  const auto preview = node_.request(
      "POST", "/api/v1/imports/csv-emploi-du-temps/preview?name=edt.csv", csv, &session_);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_NE(preview.body.find("\"lesson.create\":1"), std::string::npos) << preview.body;
  const auto applied =
      node_.request("POST", "/api/v1/imports/csv-emploi-du-temps/apply", csv, &session_);
  ASSERT_EQ(applied.status, 200) << applied.body;
  const auto lessons = node_.request(
      "GET", "/api/v1/timetable/lessons?teacher_id=" + std::to_string(teacher), "", &session_);
  EXPECT_NE(lessons.body.find("\"room\":\"B12\""), std::string::npos) << lessons.body;

  const auto refused =
      node_.request("POST", "/api/v1/imports/csv-emploi-du-temps/apply?name=edt.csv",
                    "jour;debut;fin;matiere;classe;professeurs\n"
                    "lundi;08:00;09:00;PHYS;6A;prof.maths\n",
                    &session_);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("\"where\":\"line 2\""), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("no subject has the code \\\"PHYS\\\""), std::string::npos)
      << refused.body;
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
  EXPECT_EQ(node_
                .request("POST", "/api/v1/imports/csv-eleves/apply", std::string(70 * 1024, 'x'),
                         &session_)
                .status,
            413);
}

TEST_F(ImportApi, AnUploadFromSomeoneNotAllowedIsRefusedBeforeItsBodyIsRead) {
  // The body announced is never sent: only an answer before reading it returns.
  const std::map<std::string, std::string> announced{{"Content-Length", "60000"}};
  EXPECT_EQ(
      node_.request("POST", "/api/v1/imports/csv-eleves/apply", "x", nullptr, announced).status,
      401);
  const Credentials teacher = node_.sessionFor(node_.addPerson("prof", {Role::teacher}));
  EXPECT_EQ(
      node_.request("POST", "/api/v1/imports/csv-eleves/apply", "x", &teacher, announced).status,
      403);
}

TEST_F(ImportApi, LoginSheetsComeAsPrintableHtml) {
  ASSERT_EQ(
      node_.request("POST", "/api/v1/imports/csv-eleves/apply", fixture("eleves.csv"), &session_)
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
