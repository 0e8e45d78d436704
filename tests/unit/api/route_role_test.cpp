// Every route × every role, including the cross cases (a parent and another
// family's child, a teacher and a class they do not teach). A route that the
// API serves but this table does not cover fails the test.
#include <gtest/gtest.h>

#include <set>

#include "api/routes.h"
#include "support/test_node.h"
#include "unit/api/route_role_school.h"

namespace cartable::route_role {
namespace {

using testing::Credentials;
using testing::TestNode;

class RouteRoleMatrix : public ::testing::Test {
 protected:
  void SetUp() override { school_.build(); }

  // Every row, in the order they run: an area's deletions come after its reads.
  std::vector<Row> rows() const {
    std::vector<Row> out;
    for (auto area : {&FixtureSchool::accountRows, &FixtureSchool::schoolLifeRows,
                      &FixtureSchool::communicationRows, &FixtureSchool::documentRows,
                      &FixtureSchool::platformRows, &FixtureSchool::quizRows,
                      &FixtureSchool::earlyWarningRows, &FixtureSchool::followUpRows}) {
      const std::vector<Row> rows = (school_.*area)();
      out.insert(out.end(), rows.begin(), rows.end());
    }
    return out;
  }

  TestNode node_;
  FixtureSchool school_{node_};
};

TEST_F(RouteRoleMatrix, EveryRouteHasARowAndEveryRowARoute) {
  std::set<std::pair<std::string, std::string>> covered;
  for (const Row& row : rows()) covered.emplace(row.method, row.pattern);
  std::set<std::pair<std::string, std::string>> served;
  const api::RouteTable table = api::schoolRoutes([] { return true; });
  for (const api::ApiRoute& route : table.routes()) {
    served.emplace(std::string(http::methodName(route.method)), route.pattern);
  }
  std::vector<std::string> missing, stale;
  for (const auto& [method, pattern] : served) {
    if (!covered.contains({method, pattern})) missing.push_back(method + " " + pattern);
  }
  for (const auto& [method, pattern] : covered) {
    if (!served.contains({method, pattern})) stale.push_back(method + " " + pattern);
  }
  EXPECT_TRUE(missing.empty()) << "routes without a row in the route × role table: "
                               << ::testing::PrintToString(missing);
  EXPECT_TRUE(stale.empty()) << "rows naming a route the API does not serve: "
                             << ::testing::PrintToString(stale);
}

TEST_F(RouteRoleMatrix, EachCallerGetsWhatTheTableSays) {
  for (const Row& row : rows()) {
    ASSERT_EQ(row.expected.size(), static_cast<std::size_t>(kCallerCount)) << row.path;
    for (int caller = 0; caller < kCallerCount; ++caller) {
      // A fresh session per request, so that signing out cannot disturb the next row.
      std::optional<Credentials> credentials;
      if (caller != kAnonymous) credentials = node_.sessionFor(school_.personFor(Caller(caller)));
      const auto result =
          node_.request(row.method, row.path, row.body, credentials ? &*credentials : nullptr);
      const char expected = row.expected[static_cast<std::size_t>(caller)];
      const std::string where = row.method + " " + row.path + " as " + kCallerNames[caller] +
                                " → " + std::to_string(result.status) + " " + result.body;
      if (expected == SignIn) {
        EXPECT_EQ(result.status, 401) << where;
      } else if (expected == Denied) {
        EXPECT_EQ(result.status, 403) << where;
      } else if (expected == Hidden) {
        EXPECT_EQ(result.status, 404) << where;
      } else {
        EXPECT_NE(result.status, 401) << where;
        EXPECT_NE(result.status, 403) << where;
        EXPECT_LT(result.status, 500) << where;
      }
    }
  }
}

}  // namespace
}  // namespace cartable::route_role
