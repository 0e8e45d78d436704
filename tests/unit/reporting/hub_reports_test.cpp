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

// The totals of a department's day, and a department's schools' cells read
// along each school's primary key rather than the department index (which
// would cost a lookup into the table per row).
TEST_F(HubReportQueries, TheTotalsOfAYearReadTheirPrimaryKey) {
  EXPECT_THAT(planOf("SELECT metric, day, sum(value_sum) FROM regional_area_days WHERE scope = "
                     "'school' AND metric IN ('attendance.absent', 'attendance.expected') AND "
                     "day BETWEEN '2025-09-01' AND '2026-07-03' AND department = '54' GROUP BY "
                     "metric, day"),
              HasSubstr("USING PRIMARY KEY (scope=? AND metric=? AND day>? AND day<?)"));
}

TEST_F(HubReportQueries, ADepartmentsSchoolsAreReadAlongTheirPrimaryKey) {
  EXPECT_THAT(planOf("SELECT uai, metric, sum(value) FROM regional_report_values "
                     "WHERE uai IN (SELECT DISTINCT uai FROM regional_reports WHERE school_year "
                     "IN ('2025-2026') AND department = '54' AND day BETWEEN '2025-09-01' AND "
                     "'2026-07-03') AND metric IN ('attendance.absent') AND scope = 'school' AND "
                     "day BETWEEN '2025-09-01' AND '2026-07-03' AND +department = '54' GROUP BY "
                     "uai, metric"),
              HasSubstr("USING PRIMARY KEY (uai=? AND metric=? AND scope=? AND day>? AND day<?)"));
}

}  // namespace
}  // namespace cartable::federation::hub
