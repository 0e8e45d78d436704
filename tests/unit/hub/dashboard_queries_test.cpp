// The authority's dashboard queries over reports stored by hand: each figure
// is checked against the sums of the cells written here.
#include <gtest/gtest.h>

#include "federation/hub/authority.h"
#include "federation/hub/dashboard_queries.h"
#include "federation/hub/registry.h"
#include "federation/replication/change_log.h"
#include "indicator_fixture.h"

namespace cartable::federation::hub {
namespace {

using testing::Cell;
using testing::schoolCell;

constexpr Seconds kMonday = 1'794'787'200;  // 2026-11-16T00:00:00Z
constexpr Seconds kDay = 86'400;

Cell roleCell(const std::string& role, int n, double active_week, double active_day) {
  Cell cell;
  cell.scope = "role";
  cell.role = role;
  cell.n = n;
  cell.values = {{"adoption.active_week", active_week},
                 {"adoption.active_day", active_day},
                 {"adoption.sessions", active_day * 2},
                 {"messages.sent", 3},
                 {"documents.shared", 1}};
  return cell;
}

Cell maths(int count, double mean, double q1, double median, double q3) {
  Cell cell;
  cell.scope = "subject";
  cell.level = "6e";
  cell.subject = "MATHS";
  cell.n = count;
  cell.values = {{"grades.count", count},
                 {"grades.mean", mean},
                 {"grades.q1", q1},
                 {"grades.median", median},
                 {"grades.q3", q3}};
  return cell;
}

Cell level6e(int expected, int absent) {
  Cell cell = schoolCell(50, {{"attendance.expected", expected}, {"attendance.absent", absent}});
  cell.scope = "level";
  cell.level = "6e";
  return cell;
}

class DashboardQueries : public ::testing::Test {
 protected:
  void SetUp() override {
    // 54: A and B; 57: C. Only 2026-11-16 is reported.
    hub_.report("0540001A", "54", "2026-11-16",
                {schoolCell(100, {{"attendance.expected", 100},
                                  {"attendance.absent", 10},
                                  {"handin.expected", 20},
                                  {"handin.on_time", 15}}),
                 roleCell("student", 100, 60, 40), roleCell("teacher", 10, 9, 8),
                 maths(20, 12, 10, 12, 14), level6e(60, 3)});
    hub_.report("0540002B", "54", "2026-11-16",
                {schoolCell(200, {{"attendance.expected", 200},
                                  {"attendance.absent", 40},
                                  {"handin.expected", 10},
                                  {"handin.on_time", 5}}),
                 roleCell("student", 200, 40, 20), maths(30, 10, 8, 10, 12)});
    hub_.report(
        "0570001C", "57", "2026-11-16",
        {schoolCell(100, {{"attendance.expected", 100}}), roleCell("student", 100, 90, 80)});
    for (const char* uai : {"0540001A", "0540002B", "0570001C"}) {
      write(
          "INSERT OR REPLACE INTO federation_schools(uai, name, department, added_at, enrolled_at) "
          "VALUES (?, ?, ?, 0, 0)",
          uai, std::string("École ") + uai, std::string(uai).substr(1, 2));
    }
  }

  template <typename... Args>
  void write(const std::string& sql, const Args&... args) {
    Status done =
        hub_.db().write([&](storage::Connection& conn) { return conn.exec(sql, args...); });
    ASSERT_TRUE(done.ok()) << done.error().message;
  }

  AreaDashboard dashboard(AreaLevel level, const std::string& key) {
    AreaDashboard out;
    Status read = hub_.db().read([&](storage::Connection& conn) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out, areaDashboard(conn, {level, key}, period_));
      return okStatus();
    });
    EXPECT_TRUE(read.ok()) << read.error().message;
    return out;
  }

  static std::optional<double> indicator(const AreaDashboard& area, const std::string& name) {
    for (const auto& value : area.indicators) {
      if (value.indicator->name == name) return value.value;
    }
    return std::nullopt;
  }

  void link(const std::string& uai, bool up, Seconds at) {
    Status done = hub_.db().write(
        [&](storage::Connection& conn) { return recordLink(conn, uai, up, "", at); });
    ASSERT_TRUE(done.ok()) << done.error().message;
  }

  std::vector<SchoolConnectivity> links(const std::string& department, Seconds now) {
    std::vector<SchoolConnectivity> out;
    Status read = hub_.db().read([&](storage::Connection& conn) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out, connectivity(conn, department, period_, now));
      return okStatus();
    });
    EXPECT_TRUE(read.ok()) << read.error().message;
    return out;
  }

  testing::HubReportsDatabase hub_;
  DayRange period_{"2026-11-16", "2026-11-17"};
};

TEST_F(DashboardQueries, TheRegionWeighsEverySchoolsCountsNotTheirRates) {
  const auto region = dashboard(AreaLevel::region, "");
  EXPECT_EQ(region.schools, 3);
  EXPECT_EQ(region.reports, 3);
  EXPECT_DOUBLE_EQ(*indicator(region, "attendance.rate"), 1 - 50.0 / 400);
  EXPECT_DOUBLE_EQ(*indicator(region, "handin.on_time_rate"), 20.0 / 30);
  ASSERT_EQ(region.children.size(), 2u);
  EXPECT_EQ(region.children[0].key, "54");
  EXPECT_EQ(region.children[0].schools, 2);
  EXPECT_DOUBLE_EQ(*region.children[0].attendance_rate, 1 - 50.0 / 300);
  EXPECT_DOUBLE_EQ(*region.children[0].student_weekly_share, 100.0 / 300);
  EXPECT_FALSE(region.children[0].teacher_weekly_share == std::nullopt);
  EXPECT_EQ(region.children[1].key, "57");
  EXPECT_DOUBLE_EQ(*region.children[1].attendance_rate, 1.0);
  EXPECT_EQ(region.children[1].teacher_weekly_share, std::nullopt);
}

TEST_F(DashboardQueries, ADepartmentListsItsSchoolsWithTheirNames) {
  const auto meurthe = dashboard(AreaLevel::department, "54");
  EXPECT_EQ(meurthe.name, "54");
  EXPECT_EQ(meurthe.schools, 2);
  ASSERT_EQ(meurthe.children.size(), 2u);
  EXPECT_EQ(meurthe.children[0].key, "0540001A");
  EXPECT_EQ(meurthe.children[0].name, "École 0540001A");
  EXPECT_DOUBLE_EQ(*meurthe.children[0].attendance_rate, 0.9);
  EXPECT_DOUBLE_EQ(*meurthe.children[1].student_weekly_share, 0.2);
}

TEST_F(DashboardQueries, ADepartmentsSchoolsOverMonthsAddTheWholeMonthsAndTheDaysAtEitherEnd) {
  // 0550001D reports six days, of which four fall within the period: one in
  // its first, partial month, one in each whole month, one in its last days.
  const char* days[] = {"2026-09-30", "2026-10-05", "2026-11-10",
                        "2026-12-02", "2027-01-08", "2027-01-12"};
  double absent = 1;
  for (const char* day : days) {
    hub_.report("0550001D", "55", day,
                {schoolCell(100, {{"attendance.expected", 100}, {"attendance.absent", absent}}),
                 roleCell("student", 100, absent, 1)});
    absent *= 2;
  }
  // 0550002E moved to 57 in December: only its cells of 55 count for 55.
  hub_.report("0550002E", "55", "2026-11-12",
              {schoolCell(100, {{"attendance.expected", 100}, {"attendance.absent", 5}})});
  hub_.report("0550002E", "57", "2026-12-03",
              {schoolCell(100, {{"attendance.expected", 100}, {"attendance.absent", 50}})});
  write("INSERT OR REPLACE INTO federation_schools(uai, name, department, added_at, enrolled_at) VALUES "
        "('0550001D', 'D', '55', 0, 0), ('0550002E', 'E', '57', 0, 0)");

  for (const DayRange& period : std::vector<DayRange>{{"2026-10-03", "2027-01-10"},
                                                      {"2026-10-05", "2027-01-08"}}) {
    period_ = period;
    const auto meuse = dashboard(AreaLevel::department, "55");
    ASSERT_EQ(meuse.children.size(), 2u) << period.from;
    EXPECT_EQ(meuse.children[0].key, "0550001D");
    EXPECT_DOUBLE_EQ(*meuse.children[0].attendance_rate, 1 - (2.0 + 4 + 8 + 16) / 400);
    EXPECT_DOUBLE_EQ(*meuse.children[0].student_weekly_share, (2.0 + 4 + 8 + 16) / 400);
    EXPECT_EQ(meuse.children[1].key, "0550002E");
    EXPECT_DOUBLE_EQ(*meuse.children[1].attendance_rate, 0.95);
  }
  // Within one month: the days only.
  period_ = {"2026-11-11", "2026-11-30"};
  const auto november = dashboard(AreaLevel::department, "55");
  ASSERT_EQ(november.children.size(), 1u);
  EXPECT_EQ(november.children[0].key, "0550002E");
}

TEST_F(DashboardQueries, AdoptionIsPerRoleFromTheRoleCells) {
  const auto meurthe = dashboard(AreaLevel::department, "54");
  ASSERT_EQ(meurthe.adoption.size(), 2u);
  const RoleAdoption& students = meurthe.adoption[0];
  EXPECT_EQ(students.role, "student");
  EXPECT_EQ(students.cell_days, 2);
  EXPECT_DOUBLE_EQ(*students.weekly_active.value(), 100.0 / 300);
  EXPECT_DOUBLE_EQ(*students.daily_active.value(), 60.0 / 300);
  EXPECT_DOUBLE_EQ(students.active_day_mean, 30);  // 60 over the period's 2 days
  EXPECT_DOUBLE_EQ(students.sessions, 120);
  EXPECT_DOUBLE_EQ(students.messages, 6);
  EXPECT_EQ(meurthe.adoption[1].role, "teacher");
}

TEST_F(DashboardQueries, GradesAreWeightedByTheirCount) {
  const auto meurthe = dashboard(AreaLevel::department, "54");
  ASSERT_EQ(meurthe.grades.size(), 1u);
  EXPECT_EQ(meurthe.grades[0].subject, "MATHS");
  EXPECT_DOUBLE_EQ(meurthe.grades[0].count, 50);
  EXPECT_DOUBLE_EQ(*meurthe.grades[0].mean, (20 * 12.0 + 30 * 10.0) / 50);
  EXPECT_DOUBLE_EQ(*meurthe.grades[0].median, (20 * 12.0 + 30 * 10.0) / 50);
  EXPECT_DOUBLE_EQ(*meurthe.grades[0].q3, (20 * 14.0 + 30 * 12.0) / 50);
}

TEST_F(DashboardQueries, ASchoolDrillsDownToItsLevels) {
  const auto school = dashboard(AreaLevel::school, "0540001A");
  EXPECT_EQ(school.name, "École 0540001A");
  EXPECT_EQ(school.department, "54");
  EXPECT_DOUBLE_EQ(*indicator(school, "attendance.rate"), 0.9);
  ASSERT_EQ(school.children.size(), 1u);
  EXPECT_EQ(school.children[0].key, "6e");
  EXPECT_DOUBLE_EQ(*school.children[0].attendance_rate, 1 - 3.0 / 60);
  EXPECT_EQ(school.children[0].student_weekly_share, std::nullopt);
}

TEST_F(DashboardQueries, TheTrendRunsWeeklyFromTheFirstOfSeptember) {
  const auto region = dashboard(AreaLevel::region, "");
  EXPECT_EQ(region.trend_range.from, "2026-09-01");
  EXPECT_EQ(region.trend_range.to, "2026-11-17");
  ASSERT_EQ(region.trend.size(), 12u);
  EXPECT_EQ(region.trend.front().week, "2026-08-31");
  EXPECT_EQ(region.trend.front().values.at("attendance.rate"), std::nullopt);
  EXPECT_EQ(region.trend.back().week, "2026-11-16");
  EXPECT_DOUBLE_EQ(*region.trend.back().values.at("attendance.rate"), 0.875);
  EXPECT_DOUBLE_EQ(*region.trend.back().values.at("adoption.student_weekly_share"), 190.0 / 400);
}

TEST_F(DashboardQueries, UptimeCountsFromTheLinkEventsWithinThePeriod) {
  link("0540001A", true, kMonday - kDay);       // up before the period
  link("0540001A", false, kMonday + kDay / 2);  // down at noon
  link("0540001A", true, kMonday + kDay);       // up again on Tuesday
  const auto meurthe = links("54", kMonday + 2 * kDay);
  ASSERT_EQ(meurthe.size(), 2u);
  EXPECT_EQ(meurthe[0].uai, "0540001A");
  EXPECT_EQ(meurthe[0].observed, 2 * kDay);
  EXPECT_DOUBLE_EQ(*meurthe[0].uptime, 0.75);
  EXPECT_EQ(meurthe[0].link_state, "up");
  EXPECT_EQ(meurthe[0].reports, 1);
  EXPECT_EQ(meurthe[0].period_days, 2);
  EXPECT_EQ(*meurthe[0].last_report, "2026-11-16");
  EXPECT_EQ(meurthe[1].uptime, std::nullopt);  // no event known
  EXPECT_EQ(links("", kMonday + 2 * kDay).size(), 3u);
}

TEST_F(DashboardQueries, UptimeStopsAtNowWithinThePeriod) {
  link("0570001C", true, kMonday);
  link("0570001C", false, kMonday + kDay / 4);
  const auto moselle = links("57", kMonday + kDay / 2);
  ASSERT_EQ(moselle.size(), 1u);
  EXPECT_EQ(moselle[0].observed, kDay / 2);
  EXPECT_DOUBLE_EQ(*moselle[0].uptime, 0.5);
}

TEST_F(DashboardQueries, TheBacklogIsTheHubsRecordsTheSchoolHasNotAcknowledged) {
  Status logged = hub_.db().write([&](storage::Connection& conn) -> Status {
    for (const char* key : {"a", "b"}) {
      CARTABLE_RETURN_IF_ERROR(
          appendChange(conn, {0, "school:0540001A", "sealed", key, "hub", 1, "{}"}, 0));
    }
    CARTABLE_RETURN_IF_ERROR(
        appendChange(conn, {0, "region", "directory_key", "k", "hub", 1, "{}"}, 0));
    return okStatus();
  });
  ASSERT_TRUE(logged.ok()) << logged.error().message;
  const auto meurthe = links("54", kMonday + 2 * kDay);
  EXPECT_EQ(meurthe[0].backlog, 3);
  EXPECT_EQ(meurthe[1].backlog, 1);  // the region's record only
}

TEST_F(DashboardQueries, TheDivideListsLowAdoptionAndPoorLinksWorstFirst) {
  const Seconds now = kMonday + 2 * kDay;
  write("UPDATE federation_schools SET last_sync_at = ?", now - 3600);
  link("0540001A", true, kMonday);
  link("0540001A", false, kMonday + kDay);  // up half the period
  std::vector<DivideEntry> entries;
  Status read = hub_.db().read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(entries, digitalDivide(conn, "", {"2026-11-16", "2026-11-16"}, now));
    return okStatus();
  });
  ASSERT_TRUE(read.ok()) << read.error().message;
  // On the 16th, A's link is up all day and its students 0.6 active, C's 0.9;
  // B's students are 0.2 active.
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].link.uai, "0540002B");
  EXPECT_EQ(entries[0].reasons, std::vector<std::string>{"low_student_adoption"});
  EXPECT_DOUBLE_EQ(*entries[0].student_weekly_share, 0.2);

  std::vector<DivideEntry> two_days;
  read = hub_.db().read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(two_days, digitalDivide(conn, "54", period_, now));
    return okStatus();
  });
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(two_days.size(), 2u);
  EXPECT_EQ(two_days[0].link.uai, "0540002B");  // low adoption and a missing report
  EXPECT_EQ(two_days[0].reasons,
            (std::vector<std::string>{"low_student_adoption", "missing_reports"}));
  EXPECT_EQ(two_days[1].reasons, (std::vector<std::string>{"poor_uptime", "missing_reports"}));
}

TEST_F(DashboardQueries, TheDefaultPeriodIsThirtyDaysEndingOnTheLatestReport) {
  DayRange range;
  Status read = hub_.db().read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(range, dashboardRange(conn, "", "", 0));
    return okStatus();
  });
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(range.from, "2026-10-18");
  EXPECT_EQ(range.to, "2026-11-16");
}

TEST(AuthorityGrants, ADepartmentViewerSeesOnlyItsDepartment) {
  const AuthorityGrant viewer{1, AuthorityRole::department_viewer, "54", 0};
  EXPECT_TRUE(authorize(viewer, AuthorityAction::read_department, "54").ok());
  EXPECT_TRUE(authorize(viewer, AuthorityAction::read_school, "54").ok());
  EXPECT_EQ(authorize(viewer, AuthorityAction::read_department, "57").error().code,
            Errc::not_found);
  EXPECT_EQ(authorize(viewer, AuthorityAction::read_school, "57").error().code, Errc::not_found);
  EXPECT_EQ(authorize(viewer, AuthorityAction::read_region).error().code, Errc::permission_denied);
  EXPECT_EQ(authorize(viewer, AuthorityAction::manage_accounts).error().code,
            Errc::permission_denied);
}

TEST(AuthorityGrants, OnlyTheRegionalAdminManagesAccounts) {
  const AuthorityGrant analyst{1, AuthorityRole::analyst, "", 0};
  const AuthorityGrant admin{2, AuthorityRole::regional_admin, "", 0};
  EXPECT_TRUE(authorize(analyst, AuthorityAction::read_school, "57").ok());
  EXPECT_EQ(authorize(analyst, AuthorityAction::manage_accounts).error().code,
            Errc::permission_denied);
  EXPECT_TRUE(authorize(admin, AuthorityAction::manage_accounts).ok());
}

TEST(AuthorityGrants, ADepartmentGoesWithTheViewerRoleOnly) {
  EXPECT_EQ(validateGrant(AuthorityRole::department_viewer, "").error().field, "department");
  EXPECT_EQ(validateGrant(AuthorityRole::analyst, "54").error().field, "department");
  EXPECT_EQ(validateGrant(AuthorityRole::department_viewer, "5 4").error().field, "department");
  EXPECT_TRUE(validateGrant(AuthorityRole::department_viewer, "2A").ok());
  EXPECT_EQ(parseAuthorityRole("regional-admin"), AuthorityRole::regional_admin);
  EXPECT_EQ(parseAuthorityRole("viewer"), std::nullopt);
}

}  // namespace
}  // namespace cartable::federation::hub
