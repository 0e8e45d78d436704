// The hub's public indicators and open data over HTTP: a real hub node on
// 127.0.0.1 port 0, reports stored in its database; no sign-in; 404 on a
// school node.
#include <Poco/JSON/Parser.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "../hub/indicator_fixture.h"
#include "federation/identity/node_keys.h"
#include "support/test_node.h"

namespace cartable {
namespace {

using federation::hub::testing::attendance;
using federation::hub::testing::Cell;
using federation::hub::testing::storeReport;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

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

class IndicatorRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    // 54: three schools; 57: one (withheld, and 54 with it: see indicators.h).
    // Each school also sends a class cell whose code must never come out.
    Cell klass = attendance(900, 900);
    klass.scope = "class";
    klass.level = "6e";
    klass.class_code = "6SECRET";
    for (const char* uai : {"0540001A", "0540002B", "0540003C"}) {
      report(uai, "54", "2026-11-16", {attendance(100, 10), klass});
    }
    report("0570001A", "57", "2026-11-16", {attendance(100, 50), klass});
    report("0540001A", "54", "2026-11-17", {attendance(200, 20), klass});
  }

  void report(const std::string& uai, const std::string& department, const std::string& day,
              const std::vector<Cell>& cells) {
    storeReport(hub_.node().database(), uai, department, day, cells);
  }

  testing::HttpResult get(const std::string& path) { return hub_.request("GET", path); }

  // A 422 naming `field`.
  void expectRefused(const std::string& path, const std::string& field, const std::string& detail) {
    const auto result = get(path);
    EXPECT_EQ(result.status, 422) << path << " → " << result.body;
    EXPECT_EQ(json(result)->getValue<std::string>("field"), field) << path;
    EXPECT_THAT(json(result)->getValue<std::string>("detail"), HasSubstr(detail)) << path;
  }

  testing::TestNode hub_{makeHub};
};

TEST_F(IndicatorRoutes, ListsTheIndicatorsOfferedAndTheDepartmentsPresentToAnyone) {
  const auto result = get("/api/v1/indicators");
  ASSERT_EQ(result.status, 200) << result.body;
  auto body = json(result);
  auto first = body->getArray("indicators")->getObject(0);
  EXPECT_EQ(first->getValue<std::string>("name"), "attendance.rate");
  EXPECT_EQ(first->getValue<std::string>("label"), "Taux de présence");
  EXPECT_EQ(first->getValue<std::string>("unit"), "ratio");
  EXPECT_EQ(body->getArray("indicators")->size(), 7u);
  EXPECT_EQ(body->getArray("departments")->size(), 2u);
  EXPECT_EQ(body->getArray("departments")->getElement<std::string>(1), "57");
  EXPECT_EQ(body->getValue<int>("min_schools"), 3);
}

TEST_F(IndicatorRoutes, GivesTheRegionsSeriesWeightedWithTheSchoolsOfEachDay) {
  const auto result =
      get("/api/v1/indicators/attendance.rate?scope=region&from=2026-11-16&to=2026-11-18");
  ASSERT_EQ(result.status, 200) << result.body;
  auto body = json(result);
  EXPECT_EQ(body->getValue<std::string>("scope"), "region");
  EXPECT_TRUE(body->isNull("department"));
  auto days = body->getArray("days");
  ASSERT_EQ(days->size(), 3u);
  auto monday = days->getObject(0);
  EXPECT_EQ(monday->getValue<std::string>("day"), "2026-11-16");
  EXPECT_EQ(monday->getValue<int>("schools"), 4);
  EXPECT_EQ(monday->getValue<std::string>("status"), "published");
  EXPECT_DOUBLE_EQ(monday->getValue<double>("value"), 0.8);  // 1 - 80/400
  EXPECT_DOUBLE_EQ(monday->getValue<double>("denominator"), 400);
  auto tuesday = days->getObject(1);
  EXPECT_EQ(tuesday->getValue<int>("schools"), 1);
  EXPECT_EQ(tuesday->getValue<std::string>("status"), "too_few_schools");
  EXPECT_TRUE(tuesday->isNull("value"));
  EXPECT_EQ(days->getObject(2)->getValue<std::string>("status"), "no_report");
}

TEST_F(IndicatorRoutes, WithholdsADepartmentOfFewerThanThreeSchoolsAndSaysWhy) {
  auto moselle = json(get("/api/v1/indicators/attendance.rate?scope=department&department=57&"
                          "from=2026-11-16&to=2026-11-16"))
                     ->getArray("days")
                     ->getObject(0);
  EXPECT_EQ(moselle->getValue<int>("schools"), 1);
  EXPECT_EQ(moselle->getValue<std::string>("status"), "too_few_schools");
  EXPECT_TRUE(moselle->isNull("value"));
  EXPECT_TRUE(moselle->isNull("numerator"));
  auto meurthe = json(get("/api/v1/indicators/attendance.rate?scope=department&department=54&"
                          "from=2026-11-16&to=2026-11-16"))
                     ->getArray("days")
                     ->getObject(0);
  EXPECT_EQ(meurthe->getValue<std::string>("status"), "complementary");
  EXPECT_TRUE(meurthe->isNull("value"));
}

TEST_F(IndicatorRoutes, RefusesEachBadParameterNamingIt) {
  const std::string series = "/api/v1/indicators/attendance.rate?";
  expectRefused("/api/v1/indicators/grades.mean?from=2026-11-16&to=2026-11-16", "metric",
                "unknown indicator \"grades.mean\"");
  expectRefused(series + "from=16/11/2026&to=2026-11-16", "from", "YYYY-MM-DD");
  expectRefused(series + "from=2026-11-16", "to", "YYYY-MM-DD");
  expectRefused(series + "from=2026-11-17&to=2026-11-16", "from", "after to");
  expectRefused(series + "from=2025-01-01&to=2026-11-16", "to", "more than 400 days");
  expectRefused(series + "scope=academie&from=2026-11-16&to=2026-11-16", "scope",
                "region or department");
  expectRefused(series + "scope=department&from=2026-11-16&to=2026-11-16", "department",
                "required");
  expectRefused(series + "scope=department&department=88&from=2026-11-16&to=2026-11-16",
                "department", "\"88\" has no reporting school");
  expectRefused("/api/v1/open-data/indicators.csv?from=2026-11-16&to=x", "to", "YYYY-MM-DD");
}

TEST_F(IndicatorRoutes, ExportsCsvWithAHeaderAsAnAttachmentAndNothingBelowSchoolLevel) {
  const auto result = get("/api/v1/open-data/indicators.csv");
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(result.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(result.header("content-disposition"), "attachment; filename=\"indicateurs.csv\"");
  EXPECT_THAT(result.body, StartsWith("date,scope,department,indicator,label,unit,value,"
                                      "numerator,denominator,schools,status\r\n"));
  EXPECT_THAT(result.body, HasSubstr("2026-11-16,department,57,attendance.rate,Taux de présence,"
                                     "ratio,,,,1,too_few_schools\r\n"));
  EXPECT_THAT(result.body, HasSubstr("2026-11-16,region,,attendance.rate,Taux de présence,ratio,"
                                     "0.8,80,400,4,published\r\n"));
  EXPECT_THAT(result.body, Not(HasSubstr("SECRET")));
  EXPECT_THAT(result.body, Not(HasSubstr("900")));  // the class cells' figures
  // 2 days × (region, 54, 57) × 7 indicators, and the header.
  EXPECT_EQ(std::count(result.body.begin(), result.body.end(), '\n'), 1 + 2 * 3 * 7);
}

TEST_F(IndicatorRoutes, ExportsTheSameRowsAsJson) {
  const auto result = get("/api/v1/open-data/indicators.json?from=2026-11-16&to=2026-11-16");
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(result.header("content-disposition"), "attachment; filename=\"indicateurs.json\"");
  auto rows = json(result)->getArray("rows");
  ASSERT_EQ(rows->size(), 3u * 7u);
  auto first = rows->getObject(0);
  EXPECT_EQ(first->getValue<std::string>("date"), "2026-11-16");
  EXPECT_EQ(first->getValue<std::string>("scope"), "region");
  EXPECT_EQ(first->getValue<std::string>("value"), "0.8");
  EXPECT_EQ(first->getValue<std::string>("status"), "published");
  EXPECT_THAT(result.body, Not(HasSubstr("SECRET")));
}

TEST_F(IndicatorRoutes, EveryCallerGetsTheSameAnswer) {
  const auto admin = hub_.addPerson("admin.hub", {directory::Role::admin});
  const auto credentials = hub_.sessionFor(admin);
  const std::string path = "/api/v1/open-data/indicators.csv?from=2026-11-16&to=2026-11-17";
  const auto signed_in = hub_.request("GET", path, "", &credentials);
  EXPECT_EQ(signed_in.status, 200);
  EXPECT_EQ(signed_in.body, get(path).body);
}

TEST(IndicatorRoutesOnASchool, AnswerNotFound) {
  testing::TestNode school;
  for (const char* path :
       {"/api/v1/indicators", "/api/v1/indicators/attendance.rate?from=2026-11-16&to=2026-11-16",
        "/api/v1/open-data/indicators.csv", "/api/v1/open-data/indicators.json"}) {
    const auto result = school.request("GET", path);
    EXPECT_EQ(result.status, 404) << path;
    EXPECT_THAT(result.body, HasSubstr("this node is not a hub")) << path;
  }
}

}  // namespace
}  // namespace cartable
