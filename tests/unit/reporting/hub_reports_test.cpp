// The hub's report tables: the school year of a day, and the drill-downs
// and trends the dashboards will run, each answered from an index.
#include "federation/hub/reports.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/storage/migrations.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable::federation::hub {
namespace {

using ::testing::HasSubstr;

TEST(HubReports, ASchoolYearRunsFromSeptemberToAugust) {
  EXPECT_EQ(schoolYearOf("2026-09-01"), "2026-2027");
  EXPECT_EQ(schoolYearOf("2027-08-31"), "2026-2027");
  EXPECT_EQ(schoolYearOf("2026-08-31"), "2025-2026");
  EXPECT_EQ(schoolYearOf("2026-02-30"), "");
}

class HubReportQueries : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(storage::Database::open(dir_.file("hub.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), SystemClock::instance()).ok());
  }

  std::string planOf(const std::string& sql) {
    std::string plan;
    EXPECT_TRUE(db_->read([&](storage::Connection& conn) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(auto rows, conn.query("EXPLAIN QUERY PLAN " + sql));
                     for (;;) {
                       CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
                       if (!more) return okStatus();
                       plan += rows.text(3) + "\n";
                     }
                   })
                    .ok());
    return plan;
  }

  testing::TempDir dir_;
  std::unique_ptr<storage::Database> db_;
};

TEST_F(HubReportQueries, TheRegionsTrendOverASchoolYearReadsAnIndex) {
  EXPECT_THAT(planOf("SELECT day, sum(value) FROM regional_report_values WHERE metric = "
                     "'attendance.absent' AND scope = 'school' AND school_year = '2026-2027' "
                     "GROUP BY day"),
              HasSubstr("USING INDEX regional_report_values_region"));
}

TEST_F(HubReportQueries, ADepartmentsSchoolsOverAYearReadAnIndex) {
  EXPECT_THAT(planOf("SELECT uai, day, value FROM regional_report_values WHERE department = '54' "
                     "AND metric = 'attendance.absent' AND scope = 'school' AND school_year = "
                     "'2026-2027'"),
              HasSubstr("USING INDEX regional_report_values_department"));
}

TEST_F(HubReportQueries, ASchoolsLevelsOverAYearReadAnIndex) {
  EXPECT_THAT(planOf("SELECT level, day, value FROM regional_report_values WHERE uai = "
                     "'0541234Y' AND metric = 'attendance.absent' AND scope = 'level' AND "
                     "school_year = '2026-2027' ORDER BY day"),
              HasSubstr("USING PRIMARY KEY (uai=? AND metric=? AND scope=?)"));
}

// The region's totals per day read along their primary key; a department's
// along their covering department index.
TEST_F(HubReportQueries, TheTotalsOfAYearReadTheirPrimaryKeyOrTheDepartmentIndex) {
  const std::string sql =
      "SELECT metric, day, sum(value_sum) FROM regional_area_days WHERE scope = 'school' AND "
      "metric IN ('attendance.absent', 'attendance.expected') AND day BETWEEN '2025-09-01' AND "
      "'2026-07-03'";
  EXPECT_THAT(planOf(sql + " GROUP BY metric, day"),
              HasSubstr("USING PRIMARY KEY (scope=? AND metric=? AND day>? AND day<?)"));
  EXPECT_THAT(planOf(sql + " AND department = '54' GROUP BY metric, day"),
              HasSubstr("USING COVERING INDEX regional_area_days_by_department (department=? AND "
                        "scope=? AND metric=? AND day>? AND day<?)"));
}

// A department's schools' cells and monthly totals are read along each
// school's primary key rather than the department index (which would cost a
// lookup into the table per row); its schools are found with one seek each.
TEST_F(HubReportQueries, ADepartmentsSchoolsAreReadAlongTheirPrimaryKey) {
  const std::string schools =
      "uai IN (SELECT f.uai FROM federation_schools f WHERE EXISTS (SELECT 1 FROM "
      "regional_reports r WHERE r.school_year IN ('2025-2026') AND r.department = '54' AND "
      "r.uai = f.uai AND r.day BETWEEN '2025-09-01' AND '2026-07-03'))";
  const std::string plan = planOf(
      "SELECT uai, metric, sum(v) FROM (SELECT uai, metric, value_sum AS v FROM "
      "regional_school_months WHERE " +
      schools +
      " AND metric IN ('attendance.absent') AND scope = 'school' AND +department = '54' AND "
      "month BETWEEN '2025-09' AND '2026-06' UNION ALL SELECT uai, metric, value AS v FROM "
      "regional_report_values WHERE " +
      schools +
      " AND metric IN ('attendance.absent') AND scope = 'school' AND +department = '54' AND day "
      "BETWEEN '2026-07-01' AND '2026-07-03') GROUP BY uai, metric");
  EXPECT_THAT(plan, HasSubstr("regional_school_months USING PRIMARY KEY (uai=? AND scope=? AND "
                              "metric=? AND month>? AND month<?)"));
  EXPECT_THAT(plan, HasSubstr("regional_report_values USING PRIMARY KEY (uai=? AND metric=? AND "
                              "scope=? AND day>? AND day<?)"));
  EXPECT_THAT(plan, HasSubstr("regional_reports_by_year (school_year=? AND department=? AND "
                              "uai=? AND day>? AND day<?)"));
}

}  // namespace
}  // namespace cartable::federation::hub
