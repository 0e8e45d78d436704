// Bad input on every route that takes a body: a 4xx problem+json naming the
// field at fault, nothing written, and the server still serving.
#include <gtest/gtest.h>

#include "api/routes.h"
#include "support/test_node.h"

namespace cartable {
namespace {

using directory::Role;
using testing::Credentials;
using testing::TestNode;

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = node_.addPerson("direction", {Role::admin});
    node_.enrollTotp(admin_);
    session_ = node_.sessionFor(admin_);
  }

  // Rows in every table that a request could write to (sessions and the
  // audit log excluded: reading them is what a request does).
  std::string snapshot() {
    std::string counts;
    Status read = node_.node().database().read([&](storage::Connection& db) -> Status {
      for (const char* table : {"users", "user_roles", "credentials", "classes", "groups",
                                "subjects", "enrollments", "group_members", "guardianships",
                                "teaching_assignments"}) {
        CARTABLE_ASSIGN_OR_RETURN(auto n, db.scalarInt64(std::string("SELECT count(*) FROM ") + table));
        counts += std::string(table) + "=" + std::to_string(n.value_or(-1)) + " ";
      }
      return okStatus();
    });
    EXPECT_TRUE(read.ok());
    return counts;
  }

  // Sends `body` and checks the answer is `status` as problem+json naming `field`.
  void expectRefused(const std::string& method, const std::string& path, const std::string& body,
                     int status, const std::string& field,
                     const std::map<std::string, std::string>& headers = {}) {
    const std::string before = snapshot();
    const auto result = node_.request(method, path, body, &session_, headers);
    const std::string where = method + " " + path + " with " + body.substr(0, 80);
    EXPECT_EQ(result.status, status) << where << " → " << result.body;
    EXPECT_EQ(result.header("Content-Type"), "application/problem+json") << where;
    if (!field.empty()) {
      EXPECT_NE(result.body.find("\"field\":\"" + field + "\""), std::string::npos)
          << where << " → " << result.body;
    }
    EXPECT_EQ(snapshot(), before) << where << " wrote something";
  }

  std::vector<std::pair<std::string, std::string>> writeRoutes() {
    const std::string id = std::to_string(admin_);
    return {{"POST", "/api/v1/session"},          {"PUT", "/api/v1/me/password"},
            {"POST", "/api/v1/me/totp/confirm"},  {"POST", "/api/v1/users"},
            {"PATCH", "/api/v1/users/" + id},     {"POST", "/api/v1/classes"},
            {"POST", "/api/v1/groups"},           {"POST", "/api/v1/subjects"},
            {"POST", "/api/v1/enrollments"},      {"POST", "/api/v1/guardianships"},
            {"POST", "/api/v1/assignments"}};
  }

  TestNode node_;
  std::int64_t admin_ = 0;
  Credentials session_;
};

TEST_F(BadInput, EveryBodyRouteRefusesMalformedJson) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "{\"a\":";
  deep += "1";
  for (int i = 0; i < 100; ++i) deep += "}";
  const std::vector<std::string> malformed = {
      "{", "[]", "\"text\"", "{\"login\": }", "{\"login\":\"\xff\xfe\"}", deep, "{\"a\":1} trailing"};
  for (const auto& [method, path] : writeRoutes()) {
    for (const std::string& body : malformed) expectRefused(method, path, body, 400, "");
  }
}

TEST_F(BadInput, OversizedBodyIsRefusedWith413BeforeItIsRead) {
  // The declared length alone is enough for the server to refuse.
  for (const auto& [method, path] : writeRoutes()) {
    expectRefused(method, path, "{}", 413, "", {{"Content-Length", std::to_string(2u << 20)}});
  }
}

TEST_F(BadInput, UnknownFieldsAreNamed) {
  for (const auto& [method, path] : writeRoutes()) {
    expectRefused(method, path, R"({"surprise":1})", 422, "surprise");
  }
}

TEST_F(BadInput, MissingAndMistypedFieldsAreNamed) {
  expectRefused("POST", "/api/v1/users", R"({"family_name":"Durand","roles":["student"]})", 422,
                "given_name");
  expectRefused("POST", "/api/v1/users", R"({"given_name":1,"family_name":"D","roles":[]})", 422,
                "given_name");
  expectRefused("POST", "/api/v1/users",
                R"({"given_name":"Léa","family_name":"Durand","roles":["pupil"]})", 422, "roles");
  expectRefused("POST", "/api/v1/users",
                R"({"given_name":"Léa","family_name":"Durand","roles":["student"],"email":"nope"})",
                422, "email");
  expectRefused("POST", "/api/v1/users",
                R"({"given_name":"Léa","family_name":"Durand","roles":["student"],"birth_date":"2013-02-30"})",
                422, "birth_date");
  expectRefused("POST", "/api/v1/users",
                R"({"given_name":"Léa","family_name":"Durand","roles":["student"],"login":"Bad Login"})",
                422, "login");
  expectRefused("POST", "/api/v1/classes",
                R"({"code":"6A","label":"6e A","level":"7e","school_year":"2026-2027"})", 422,
                "level");
  expectRefused("POST", "/api/v1/enrollments",
                R"({"student_id":"3","class_id":1,"since":"2026-09-01"})", 422, "student_id");
  expectRefused("POST", "/api/v1/guardianships",
                R"({"parent_id":1,"student_id":2,"legal_guardian":"yes"})", 422, "legal_guardian");
  expectRefused("PUT", "/api/v1/me/password", R"({"current_password":"x"})", 422, "new_password");
  expectRefused("POST", "/api/v1/session", R"({"login":"a","password":"b","client":"fax"})", 422,
                "client");
  expectRefused("PATCH", "/api/v1/users/" + std::to_string(admin_), R"({"active":"no"})", 422,
                "active");
}

TEST_F(BadInput, UnknownIdsAreNotFoundNamingTheField) {
  expectRefused("GET", "/api/v1/users/999999", "", 404, "id");
  expectRefused("GET", "/api/v1/users/abc", "", 404, "id");
  expectRefused("PATCH", "/api/v1/users/999999", R"({"active":false})", 404, "id");
  expectRefused("POST", "/api/v1/users/999999/password-reset", "", 404, "id");
  expectRefused("GET", "/api/v1/classes/999999/students", "", 404, "id");
  expectRefused("POST", "/api/v1/enrollments",
                R"({"student_id":999999,"class_id":1,"since":"2026-09-01"})", 404, "student_id");
  expectRefused("POST", "/api/v1/assignments", R"({"teacher_id":1,"subject_id":999999,"class_id":1})",
                404, "subject_id");
}

TEST_F(BadInput, DuplicatesAreConflictsNamingTheField) {
  ASSERT_EQ(node_.request("POST", "/api/v1/subjects", R"({"code":"MATHS","label":"Maths"})",
                          &session_).status,
            201);
  expectRefused("POST", "/api/v1/subjects", R"({"code":"MATHS","label":"Autre"})", 409, "code");
  expectRefused("POST", "/api/v1/users",
                R"({"login":"direction","given_name":"A","family_name":"B","roles":["staff"]})",
                409, "login");
}

TEST_F(BadInput, BodiesThatAreNotDeclaredJsonAreRefused) {
  // A cross-site form can send text/plain; the API only reads application/json.
  for (const auto& [method, path] : writeRoutes()) {
    expectRefused(method, path, R"({"login":"a","password":"b"})", 400, "Content-Type",
                  {{"Content-Type", "text/plain"}});
  }
}

TEST_F(BadInput, ServerKeepsServingAfterGarbage) {
  for (int i = 0; i < 20; ++i) {
    node_.request("POST", "/api/v1/users", std::string(1000, static_cast<char>(i * 13)), &session_);
  }
  EXPECT_EQ(node_.request("GET", "/healthz").status, 200);
  EXPECT_EQ(node_.request("GET", "/api/v1/me", "", &session_).status, 200);
}

}  // namespace
}  // namespace cartable
