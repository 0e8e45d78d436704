// The authority's dashboards and accounts over HTTP: a real hub node on
// 127.0.0.1 port 0 with reports stored in its database; each authority role
// (and the hub's own admin, and nobody) against every route; the department
// viewer's limit; bad parameters; 404 on a school node.
#include <Poco/JSON/Parser.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "../hub/indicator_fixture.h"
#include "api/routes.h"
#include "core/auth/totp.h"
#include "federation/hub/authority_accounts.h"
#include "federation/identity/node_keys.h"
#include "support/test_node.h"

namespace cartable {
namespace {

using federation::hub::AuthorityRole;
using federation::hub::testing::attendance;
using federation::hub::testing::storeReport;
using ::testing::HasSubstr;

void makeHub(config::Settings& settings) {
  settings.role = config::Role::hub;
  settings.school.reset();
  settings.hub = config::HubIdentity{"Hub Grand Est", "Grand Est"};
  settings.federation.listen_address = "127.0.0.1";
  settings.federation.listen_port = 0;
  settings.federation.keys_dir = settings.data_dir + "/keys";
  std::filesystem::create_directories(settings.data_dir);
  Status saved = federation::saveNodeKeys(federation::generateNodeKeys(), settings.keysDir());
  ASSERT_TRUE(saved.ok()) << saved.error().message;
}

Poco::JSON::Object::Ptr json(const testing::HttpResult& result) {
  return Poco::JSON::Parser().parse(result.body).extract<Poco::JSON::Object::Ptr>();
}

enum Caller { kAnonymous, kHubAdmin, kRegionalAdmin, kAnalyst, kViewer, kCallerCount };
const char* const kCallerNames[] = {"anonymous", "hub admin", "regional admin", "analyst",
                                    "viewer of 54"};

struct Row {
  std::string method, pattern, path, body;
  std::string expected;  // one letter per caller: A allowed, D 403, S 401, H 404
};

class AuthorityRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* uai : {"0540001H", "0540002J"}) {
      storeReport(hub_.node().database(), uai, "54", "2026-11-16", {attendance(100, 10)});
    }
    storeReport(hub_.node().database(), "0570001S", "57", "2026-11-16", {attendance(100, 50)});
    hub_admin_ = hub_.addPerson("admin.hub", {directory::Role::admin});
    hub_.enrollTotp(hub_admin_);
    regional_admin_ = authorityUser("rectorat", AuthorityRole::regional_admin, "");
    analyst_ = authorityUser("analyste", AuthorityRole::analyst, "");
    viewer_ = authorityUser("dsden54", AuthorityRole::department_viewer, "54");
    former_ = authorityUser("ancien", AuthorityRole::analyst, "");
    phone_lost_ = authorityUser("telephone.perdu", AuthorityRole::analyst, "");
    admin_secret_ = hub_.enrollTotp(regional_admin_);
    hub_.enrollTotp(phone_lost_);
  }

  std::int64_t authorityUser(const std::string& login, AuthorityRole role,
                             const std::string& department) {
    federation::hub::NewAuthorityUser user{login, "Prénom",   "Nom",
                                           role,  department, testing::TestNode::kPassword};
    auto created =
        federation::hub::createAuthorityUser(hub_.node().accounts(), hub_.node().database(), user,
                                             std::nullopt, {"test", "test"}, random_, 0);
    EXPECT_TRUE(created.ok()) << created.error().message;
    return created.ok() ? created->id : 0;
  }

  std::int64_t personFor(Caller caller) const {
    switch (caller) {
      case kHubAdmin:
        return hub_admin_;
      case kRegionalAdmin:
        return regional_admin_;
      case kAnalyst:
        return analyst_;
      case kViewer:
        return viewer_;
      default:
        return 0;
    }
  }

  testing::HttpResult as(Caller caller, const std::string& method, const std::string& path,
                         const std::string& body = {}) {
    if (caller == kAnonymous) return hub_.request(method, path, body);
    const auto credentials = hub_.sessionFor(personFor(caller));
    return hub_.request(method, path, body, &credentials);
  }

  // A 422 naming `field`.
  void expectRefused(const std::string& path, const std::string& field) {
    const auto result = as(kAnalyst, "GET", path);
    EXPECT_EQ(result.status, 422) << path << " → " << result.body;
    if (result.status == 422) {
      EXPECT_EQ(json(result)->getValue<std::string>("field"), field) << path;
    }
  }

  testing::TestNode hub_{makeHub};
  SecureRandom& random_ = SecureRandom::instance();
  std::int64_t hub_admin_ = 0, regional_admin_ = 0, analyst_ = 0, viewer_ = 0, former_ = 0;
  std::int64_t phone_lost_ = 0;
  std::vector<std::uint8_t> admin_secret_;

  // Every authority route, every caller.
  std::vector<Row> rows() const;
};

std::vector<Row> AuthorityRoutes::rows() const {
  return {
      {"GET", "/api/v1/authority/me", "/api/v1/authority/me", "", "SDAAA"},
      {"GET", "/api/v1/authority/region", "/api/v1/authority/region", "", "SDAAD"},
      {"GET", "/api/v1/authority/departments/{department}", "/api/v1/authority/departments/54", "",
       "SDAAA"},
      {"GET", "/api/v1/authority/departments/{department}", "/api/v1/authority/departments/57", "",
       "SDAAH"},
      {"GET", "/api/v1/authority/schools/{uai}", "/api/v1/authority/schools/0540001H", "", "SDAAA"},
      {"GET", "/api/v1/authority/schools/{uai}", "/api/v1/authority/schools/0570001S", "", "SDAAH"},
      {"GET", "/api/v1/authority/connectivity", "/api/v1/authority/connectivity", "", "SDAAA"},
      {"GET", "/api/v1/authority/connectivity", "/api/v1/authority/connectivity?department=57", "",
       "SDAAH"},
      {"GET", "/api/v1/authority/digital-divide", "/api/v1/authority/digital-divide", "", "SDAAA"},
      {"GET", "/api/v1/authority/digital-divide", "/api/v1/authority/digital-divide?department=57",
       "", "SDAAH"},
      {"GET", "/api/v1/authority/users", "/api/v1/authority/users", "", "SDADD"},
      {"POST", "/api/v1/authority/users", "/api/v1/authority/users",
       R"({"login":"nouvel.analyste","given_name":"A","family_name":"B","role":"analyst"})",
       "SDADD"},
      {"DELETE", "/api/v1/authority/users/{id}",
       "/api/v1/authority/users/" + std::to_string(former_), "", "SDADD"},
      {"DELETE", "/api/v1/authority/users/{id}/second-factor",
       "/api/v1/authority/users/" + std::to_string(phone_lost_) + "/second-factor", "", "SDADD"},
  };
}

TEST_F(AuthorityRoutes, EachCallerGetsWhatTheTableSays) {
  for (const Row& row : rows()) {
    for (int caller = 0; caller < kCallerCount; ++caller) {
      const auto result = as(Caller(caller), row.method, row.path, row.body);
      const char expected = row.expected[static_cast<std::size_t>(caller)];
      const std::string where = row.method + " " + row.path + " as " + kCallerNames[caller] +
                                " → " + std::to_string(result.status) + " " + result.body;
      if (expected == 'S') {
        EXPECT_EQ(result.status, 401) << where;
      } else if (expected == 'D') {
        EXPECT_EQ(result.status, 403) << where;
      } else if (expected == 'H') {
        EXPECT_EQ(result.status, 404) << where;
      } else {
        EXPECT_NE(result.status, 401) << where;
        EXPECT_NE(result.status, 403) << where;
        EXPECT_NE(result.status, 404) << where;
        EXPECT_LT(result.status, 500) << where;
      }
    }
  }
}

TEST_F(AuthorityRoutes, EveryAuthorityRouteHasARow) {
  std::set<std::pair<std::string, std::string>> covered;
  for (const Row& row : rows()) covered.emplace(row.method, row.pattern);
  const api::RouteTable table = api::schoolRoutes([] { return true; });
  for (const api::ApiRoute& route : table.routes()) {
    if (!route.pattern.starts_with("/api/v1/authority/")) continue;
    EXPECT_TRUE(covered.contains({std::string(http::methodName(route.method)), route.pattern}))
        << route.pattern;
  }
}

TEST_F(AuthorityRoutes, TheRegionShowsItsIndicatorsAndDepartments) {
  const auto result = as(kAnalyst, "GET", "/api/v1/authority/region?from=2026-11-16&to=2026-11-16");
  ASSERT_EQ(result.status, 200) << result.body;
  auto body = json(result);
  EXPECT_EQ(body->getValue<std::string>("level"), "region");
  EXPECT_EQ(body->getValue<int>("schools"), 3);
  auto attendance_rate = body->getArray("indicators")->getObject(0);
  EXPECT_EQ(attendance_rate->getValue<std::string>("name"), "attendance.rate");
  EXPECT_DOUBLE_EQ(attendance_rate->getValue<double>("value"), 1 - 70.0 / 300);
  EXPECT_EQ(body->getValue<std::string>("children_level"), "departments");
  auto departments = body->getArray("children");
  ASSERT_EQ(departments->size(), 2u);
  EXPECT_EQ(departments->getObject(0)->getValue<std::string>("key"), "54");
  EXPECT_DOUBLE_EQ(departments->getObject(0)->getValue<double>("attendance_rate"), 0.9);
  EXPECT_EQ(body->getObject("trend")->getArray("weeks")->size(), 12u);
}

TEST_F(AuthorityRoutes, TheViewerDrillsDownItsDepartmentToASchool) {
  auto department =
      as(kViewer, "GET", "/api/v1/authority/departments/54?from=2026-11-16&to=2026-11-16");
  ASSERT_EQ(department.status, 200) << department.body;
  auto schools = json(department)->getArray("children");
  ASSERT_EQ(schools->size(), 2u);
  EXPECT_EQ(schools->getObject(1)->getValue<std::string>("key"), "0540002J");
  auto school =
      as(kViewer, "GET", "/api/v1/authority/schools/0540002J?from=2026-11-16&to=2026-11-16");
  ASSERT_EQ(school.status, 200) << school.body;
  EXPECT_EQ(json(school)->getValue<std::string>("department"), "54");
  EXPECT_EQ(json(school)->getValue<std::string>("children_level"), "levels");
  auto me = json(as(kViewer, "GET", "/api/v1/authority/me"));
  EXPECT_EQ(me->getValue<std::string>("role"), "department_viewer");
  EXPECT_EQ(me->getArray("departments")->size(), 1u);
}

TEST_F(AuthorityRoutes, TheViewersListsKeepToItsDepartment) {
  auto links = json(as(kViewer, "GET", "/api/v1/authority/connectivity"));
  EXPECT_EQ(links->getValue<std::string>("department"), "54");
  auto divide = json(as(kViewer, "GET", "/api/v1/authority/digital-divide"));
  EXPECT_EQ(divide->getValue<std::string>("department"), "54");
  EXPECT_DOUBLE_EQ(divide->getObject("thresholds")->getValue<double>("uptime"), 0.95);
}

TEST_F(AuthorityRoutes, BadParametersAreNamed) {
  expectRefused("/api/v1/authority/region?from=2026-13-01&to=2026-11-16", "from");
  expectRefused("/api/v1/authority/region?from=2026-11-16", "to");
  expectRefused("/api/v1/authority/region?from=2026-11-17&to=2026-11-16", "from");
  expectRefused("/api/v1/authority/region?from=2024-01-01&to=2026-11-16", "to");
  expectRefused("/api/v1/authority/schools/XYZ", "uai");
  expectRefused("/api/v1/authority/departments/ABCD", "department");
  expectRefused("/api/v1/authority/connectivity?department=99", "department");
  EXPECT_EQ(as(kAnalyst, "GET", "/api/v1/authority/schools/0990001N").status, 404);
  EXPECT_EQ(as(kAnalyst, "GET", "/api/v1/authority/departments/99").status, 404);
}

TEST_F(AuthorityRoutes, TheRegionalAdminCreatesAnAccountWithAOneTimePassword) {
  const auto created = as(kRegionalAdmin, "POST", "/api/v1/authority/users",
                          R"({"login":"dsden57","given_name":"Marie","family_name":"Klein",)"
                          R"("role":"department_viewer","department":"57"})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto body = json(created);
  EXPECT_EQ(body->getValue<std::string>("role"), "department_viewer");
  EXPECT_EQ(body->getValue<std::string>("one_time_password").size(), 14u);
  auto signed_in = hub_.signIn("dsden57", body->getValue<std::string>("one_time_password"));
  EXPECT_EQ(signed_in.status, 201) << signed_in.body;
  auto users = json(as(kRegionalAdmin, "GET", "/api/v1/authority/users"))->getArray("users");
  EXPECT_EQ(users->size(), 6u);
  const auto id = body->getValue<std::int64_t>("id");
  EXPECT_EQ(as(kRegionalAdmin, "DELETE", "/api/v1/authority/users/" + std::to_string(id)).status,
            204);
  EXPECT_EQ(hub_.signIn("dsden57", body->getValue<std::string>("one_time_password")).status, 401);
}

TEST_F(AuthorityRoutes, AnAccountNeedsAKnownRoleAndTheRightDepartment) {
  auto bad_role = as(kRegionalAdmin, "POST", "/api/v1/authority/users",
                     R"({"login":"x.y","given_name":"A","family_name":"B","role":"viewer"})");
  EXPECT_EQ(bad_role.status, 422);
  EXPECT_EQ(json(bad_role)->getValue<std::string>("field"), "role");
  auto no_department =
      as(kRegionalAdmin, "POST", "/api/v1/authority/users",
         R"({"login":"x.y","given_name":"A","family_name":"B","role":"department_viewer"})");
  EXPECT_EQ(no_department.status, 422);
  EXPECT_EQ(json(no_department)->getValue<std::string>("field"), "department");
}

std::string codeAt(const std::vector<std::uint8_t>& secret, Seconds at) {
  return std::to_string(1000000 + auth::totp(secret, at)).substr(1);
}

testing::Credentials bearerOf(const testing::HttpResult& signed_in) {
  return {json(signed_in)->getValue<std::string>("token"), "", false};
}

std::string problemField(const testing::HttpResult& result) {
  return json(result)->optValue<std::string>("field", "");
}

std::string problemDetail(const testing::HttpResult& result) {
  return json(result)->optValue<std::string>("detail", "");
}

TEST_F(AuthorityRoutes, ARegionalAdminSetsUpItsSecondFactorBeforeAnythingElse) {
  authorityUser("rectorat.bis", AuthorityRole::regional_admin, "");
  const auto signed_in = hub_.signIn("rectorat.bis", testing::TestNode::kPassword);
  ASSERT_EQ(signed_in.status, 201) << signed_in.body;
  EXPECT_TRUE(json(signed_in)->getValue<bool>("second_factor_setup_required"));
  const auto bearer = bearerOf(signed_in);
  const auto blocked = hub_.request("GET", "/api/v1/authority/region", "", &bearer);
  EXPECT_EQ(blocked.status, 409);
  EXPECT_EQ(problemField(blocked), "totp_code");

  const auto begun = hub_.request("POST", "/api/v1/me/totp", "", &bearer);
  ASSERT_EQ(begun.status, 201) << begun.body;
  EXPECT_THAT(json(begun)->getValue<std::string>("otpauth_uri"),
              ::testing::StartsWith("otpauth://totp/Cartable%20Hub%20Grand%20Est:rectorat.bis?"));
  const auto secret = auth::base32Decode(json(begun)->getValue<std::string>("secret"))
                          .value_or(std::vector<std::uint8_t>{});
  const auto confirmed =
      hub_.request("POST", "/api/v1/me/totp/confirm",
                   R"({"code":")" + codeAt(secret, hub_.clock().now()) + R"("})", &bearer);
  ASSERT_EQ(confirmed.status, 204) << confirmed.body;
  EXPECT_EQ(hub_.request("GET", "/api/v1/authority/region", "", &bearer).status, 200);

  hub_.clock().advance(30);
  const auto without = hub_.signIn("rectorat.bis", testing::TestNode::kPassword);
  EXPECT_EQ(without.status, 401);
  EXPECT_EQ(problemField(without), "totp_code");
  const auto with_code =
      hub_.signIn("rectorat.bis", testing::TestNode::kPassword, codeAt(secret, hub_.clock().now()));
  ASSERT_EQ(with_code.status, 201) << with_code.body;
  EXPECT_FALSE(json(with_code)->getValue<bool>("second_factor_setup_required"));
}

TEST_F(AuthorityRoutes, OnlyTheRegionalAdminMustHaveASecondFactor) {
  for (const char* login : {"analyste", "dsden54"}) {
    const auto signed_in = hub_.signIn(login, testing::TestNode::kPassword);
    ASSERT_EQ(signed_in.status, 201) << signed_in.body;
    EXPECT_FALSE(json(signed_in)->getValue<bool>("second_factor_setup_required")) << login;
  }
  // The analyst may enroll one, and give it up; the regional admin may not.
  const auto analyst = as(kAnalyst, "POST", "/api/v1/me/totp");
  ASSERT_EQ(analyst.status, 201) << analyst.body;
  const auto secret = auth::base32Decode(json(analyst)->getValue<std::string>("secret")).value();
  const auto credentials = hub_.sessionFor(analyst_);
  const std::string body = R"({"code":")" + codeAt(secret, hub_.clock().now()) + R"("})";
  EXPECT_EQ(hub_.request("POST", "/api/v1/me/totp/confirm", body, &credentials).status, 204);
  hub_.clock().advance(30);
  const std::string next = R"({"code":")" + codeAt(secret, hub_.clock().now()) + R"("})";
  EXPECT_EQ(hub_.request("DELETE", "/api/v1/me/totp", next, &credentials).status, 204);
  const auto kept = as(kRegionalAdmin, "DELETE", "/api/v1/me/totp", next);
  EXPECT_EQ(kept.status, 403) << kept.body;
  EXPECT_THAT(problemDetail(kept), HasSubstr("two-factor sign-in is required for this role"));
}

TEST_F(AuthorityRoutes, ARefusedCodeSaysWhyAndCountsAgainstTheThrottle) {
  const std::string login = "rectorat", password = testing::TestNode::kPassword;
  const Seconds now = hub_.clock().now();
  auto refused = [&](const std::string& code) {
    const auto result = hub_.signIn(login, password, code);
    EXPECT_EQ(result.status, 401) << code << " → " << result.body;
    EXPECT_EQ(problemField(result), "totp_code") << code;
    return problemDetail(result);
  };
  const auto accepted = hub_.signIn(login, password, codeAt(admin_secret_, now + 30));
  ASSERT_EQ(accepted.status, 201) << accepted.body;
  EXPECT_THAT(refused(codeAt(admin_secret_, now + 30)), HasSubstr("this code was already used"));
  EXPECT_THAT(refused(codeAt(admin_secret_, now)), HasSubstr("this code was already used"));
  EXPECT_THAT(refused("12345"), HasSubstr("the verification code must be 6 digits"));
  EXPECT_THAT(refused(codeAt(admin_secret_, now - 300)), HasSubstr("check your phone's clock"));
  EXPECT_THAT(refused("000000"), HasSubstr("wrong verification code"));

  // Five refusals since the last success, the default limit: a right code is refused too.
  EXPECT_EQ(hub_.node().accounts().policy().throttle.max_failures_per_account, 5u);
  const auto throttled = hub_.signIn(login, password, codeAt(admin_secret_, now + 60));
  EXPECT_EQ(throttled.status, 429) << throttled.body;
}

TEST_F(AuthorityRoutes, ARegionalAdminResetsTheSecondFactorOfALostPhone) {
  const auto before = hub_.sessionFor(phone_lost_);
  const std::string path = "/api/v1/authority/users/" + std::to_string(phone_lost_);
  EXPECT_EQ(as(kRegionalAdmin, "DELETE", path + "/second-factor").status, 204);
  EXPECT_EQ(hub_.request("GET", "/api/v1/authority/region", "", &before).status, 401)
      << "its sessions end";
  const auto signed_in = hub_.signIn("telephone.perdu", testing::TestNode::kPassword);
  EXPECT_EQ(signed_in.status, 201) << "no code asked any more: " << signed_in.body;
  auto users = json(as(kRegionalAdmin, "GET", "/api/v1/authority/users"))->getArray("users");
  for (std::size_t i = 0; i < users->size(); ++i) {
    const auto user = users->getObject(static_cast<unsigned>(i));
    const auto login = user->getValue<std::string>("login");
    EXPECT_EQ(user->getValue<bool>("second_factor"), login == "rectorat") << login;
  }
  std::optional<std::int64_t> events;
  Status read = hub_.node().database().read([&](storage::Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(
        events, db.scalarInt64("SELECT count(*) FROM audit_log WHERE event = 'totp.reset' AND "
                               "actor_id = ? AND subject_id = ?",
                               regional_admin_, phone_lost_));
    return okStatus();
  });
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(events.value_or(0), 1);
}

TEST_F(AuthorityRoutes, AResetRegionalAdminEnrollsAgainAtItsNextSignIn) {
  const auto other = authorityUser("rectorat.bis", AuthorityRole::regional_admin, "");
  hub_.enrollTotp(other);
  const auto credentials = hub_.sessionFor(other);
  const auto reset = hub_.request(
      "DELETE", "/api/v1/authority/users/" + std::to_string(regional_admin_) + "/second-factor", "",
      &credentials);
  ASSERT_EQ(reset.status, 204) << reset.body;
  const auto signed_in = hub_.signIn("rectorat", testing::TestNode::kPassword);
  ASSERT_EQ(signed_in.status, 201) << signed_in.body;
  EXPECT_TRUE(json(signed_in)->getValue<bool>("second_factor_setup_required"));
}

TEST_F(AuthorityRoutes, AResetNamesWhatIsWrongWithTheAccount) {
  auto reset = [&](const std::string& id) {
    return as(kRegionalAdmin, "DELETE", "/api/v1/authority/users/" + id + "/second-factor");
  };
  const auto not_a_number = reset("abc");
  EXPECT_EQ(not_a_number.status, 404) << not_a_number.body;
  EXPECT_EQ(problemField(not_a_number), "id");
  const auto unknown = reset("999999");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_EQ(problemField(unknown), "id");
  const auto school_account = reset(std::to_string(hub_admin_));
  EXPECT_EQ(school_account.status, 404) << "the hub's admin is no authority account";
  const auto self = reset(std::to_string(regional_admin_));
  EXPECT_EQ(self.status, 409) << self.body;
  EXPECT_THAT(problemDetail(self), HasSubstr("another regional admin must reset"));
  const auto none = reset(std::to_string(analyst_));
  EXPECT_EQ(none.status, 409) << none.body;
  EXPECT_EQ(problemField(none), "id");
  EXPECT_THAT(problemDetail(none), HasSubstr("no two-factor sign-in to reset"));
}

TEST(AuthorityRoutesOnASchool, AnswerNotFound) {
  testing::TestNode school;
  const auto admin = school.addPerson("direction", {directory::Role::admin});
  school.enrollTotp(admin);
  const auto credentials = school.sessionFor(admin);
  for (const char* path :
       {"/api/v1/authority/me", "/api/v1/authority/region", "/api/v1/authority/connectivity"}) {
    EXPECT_EQ(school.request("GET", path, "", &credentials).status, 404) << path;
  }
}

}  // namespace
}  // namespace cartable
