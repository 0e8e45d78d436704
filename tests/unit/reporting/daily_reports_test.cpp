// The school's daily report: suppressed before it leaves, signed into the
// change log, one per day, and the days missed while the server was off made
// up when it returns.
#include "reporting/daily_reports.h"

#include <gtest/gtest.h>

#include "federation/replication/change_log.h"
#include "federation/replication/kinds.h"
#include "federation/replication/records.h"
#include "reporting/suppression.h"
#include "small_school.h"

namespace cartable::reporting {
namespace {

// `metric` in each cell of the school's report of `day` (k = 4), by
// "scope:level+class".
std::map<std::string, double> valuesByCell(storage::Database& db, civil::Day day,
                                           const std::string& metric) {
  DailyReport report;
  EXPECT_TRUE(db.read([&](storage::Connection& conn) -> Status {
                  CARTABLE_ASSIGN_OR_RETURN(report, buildDailyReport(conn, "0541234Y", day, 4, 0));
                  return okStatus();
                }).ok());
  std::map<std::string, double> out;
  for (const auto& cell : report.cells) {
    const auto found = cell.values.find(metric);
    if (found != cell.values.end())
      out[cell.scope + ":" + cell.level + cell.class_code] = found->second;
  }
  return out;
}

class DailyReports : public testing::SmallSchool {
 protected:
  int publish(Seconds now) {
    auto written = publishDailyReports(*db_, keys_, "0541234Y", 4, now);
    EXPECT_TRUE(written.ok()) << written.error().message;
    return written.ok() ? *written : -1;
  }

  std::vector<std::string> reportedDays() {
    std::vector<std::string> days;
    EXPECT_TRUE(db_->read([&](storage::Connection& conn) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(
                         auto rows, conn.query("SELECT record_key FROM change_log WHERE kind = ? "
                                               "ORDER BY seq",
                                               std::string(federation::kRegionalReportKind)));
                     for (;;) {
                       CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
                       if (!more) return okStatus();
                       days.push_back(rows.text(0));
                     }
                   })
                    .ok());
    return days;
  }

  federation::NodeKeys keys_ = federation::generateNodeKeys();
};

TEST_F(DailyReports, NoCellUnderKLeavesAndSiblingsThatWouldGiveOneAwayGoToo) {
  DailyReport report;
  ASSERT_TRUE(db_->read([&](storage::Connection& conn) -> Status {
                   CARTABLE_ASSIGN_OR_RETURN(report,
                                             buildDailyReport(conn, "0541234Y", monday(), 4, 0));
                   return okStatus();
                 })
                  .ok());
  EXPECT_EQ(firstCellUnder(report.cells, 4), std::nullopt);
  std::vector<std::string> kept;
  for (const auto& cell : report.cells) {
    kept.push_back(cell.scope + ":" + cell.level + cell.class_code + cell.subject + cell.role);
  }
  // 6B (3) goes, and 6A (4) with it: 6e minus 6A would be 6B.
  EXPECT_EQ(kept, (std::vector<std::string>{"school:", "level:5e", "level:6e", "class:5e5A",
                                            "subject:6eMATHS", "role:student"}));
  EXPECT_EQ(report.suppressed, 7);
  EXPECT_TRUE(report.unavailable.empty());
}

// Students with an early-warning alert open that day, counted only in the
// cells that stay (k = 4): 6B's one student goes with its cell.
TEST_F(DailyReports, StudentsWithAnAlertAreCountedInsideTheSuppression) {
  ASSERT_TRUE(db_->write([&](storage::Connection& conn) {
                   return conn.script(
                       "INSERT INTO early_warning_alerts(student_id, class_id, level, "
                       "first_seen_on, computed_on, cleared_on, reasons) VALUES "
                       "(1, 1, 1, '2026-09-07', '2026-09-07', NULL, '{}'), "
                       "(5, 2, 2, '2026-09-01', '2026-09-07', NULL, '{}'), "
                       "(8, 3, 1, '2026-09-01', '2026-09-04', '2026-09-04', '{}'), "
                       "(9, 3, 1, '2026-09-08', '2026-09-08', NULL, '{}'), "
                       "(10, 3, 2, '2026-09-02', '2026-09-07', '2026-09-08', '{}')");
                 })
                  .ok());
  const auto difficulty = valuesByCell(*db_, monday(), "difficulty.students");
  // 1 (6A) and 5 (6B) open; 8 cleared before, 9 first seen after; 10 cleared the day after.
  EXPECT_EQ(difficulty, (std::map<std::string, double>{
                            {"school:", 3}, {"level:5e", 1}, {"level:6e", 2}, {"class:5e5A", 1}}));
}

// Students with a follow-up plan open at the day's end, in the cells that stay.
TEST_F(DailyReports, StudentsWithAnOpenFollowUpPlanAreCountedInsideTheSuppression) {
  const std::int64_t start = testing::kMondayStart;
  const std::int64_t end = testing::kMondayStart + 86'400;
  ASSERT_TRUE(db_->write([&](storage::Connection& conn) -> Status {
                   constexpr std::string_view kPlan =
                       "INSERT INTO follow_up_plans(student_id, title, state, outcome, "
                       "created_at, updated_at, closed_at) VALUES (?, 'Plan', ?, ?, ?, ?, ?)";
                   const std::optional<std::string> none;
                   const std::optional<std::int64_t> open;
                   // 1 (6A): opened the week before, open. 5 (6B): opened that
                   // morning. 2: closed before the day's end, not counted.
                   CARTABLE_RETURN_IF_ERROR(
                       conn.exec(kPlan, 1, "open", none, start - 7 * 86'400, start, open));
                   CARTABLE_RETURN_IF_ERROR(
                       conn.exec(kPlan, 5, "open", none, start + 3'600, start + 3'600, open));
                   CARTABLE_RETURN_IF_ERROR(conn.exec(kPlan, 2, "closed", std::string("goals_met"),
                                                      start - 86'400, start + 7'200,
                                                      std::optional(start + 7'200)));
                   // 8: opened after the day.
                   return conn.exec(kPlan, 8, "open", none, end + 60, end + 60, open);
                 })
                  .ok());
  const auto followed = valuesByCell(*db_, monday(), "followup.students");
  EXPECT_EQ(followed, (std::map<std::string, double>{
                          {"school:", 2}, {"level:5e", 0}, {"level:6e", 2}, {"class:5e5A", 0}}));
}

TEST_F(DailyReports, YesterdaysReportIsSignedIntoTheChangeLogOnce) {
  EXPECT_EQ(publish(clock_.now()), 1);
  EXPECT_EQ(publish(clock_.now() + 3'600), 0);
  EXPECT_EQ(reportedDays(), std::vector<std::string>{"0541234Y:2026-09-07"});
  std::optional<federation::Record> record;
  ASSERT_TRUE(db_->read([&](storage::Connection& conn) -> Status {
                   CARTABLE_ASSIGN_OR_RETURN(
                       record, federation::findRecord(conn, federation::kRegionalReportKind,
                                                      "0541234Y:2026-09-07"));
                   return okStatus();
                 })
                  .ok());
  ASSERT_TRUE(record);
  EXPECT_EQ(record->owner, "school:0541234Y");
  auto signed_report = readSignedReport(record->body);
  ASSERT_TRUE(signed_report.ok()) << signed_report.error().message;
  EXPECT_TRUE(verifyReportSignature(*signed_report, keys_.sign_public).ok());
  EXPECT_EQ(signed_report->report.day, "2026-09-07");
  EXPECT_EQ(record->body.find("Rousseau"), std::string::npos);
  EXPECT_EQ(record->body.find("123456789AA"), std::string::npos);
}

TEST_F(DailyReports, ThreeDaysOffMakeThreeReportsWhenTheServerReturns) {
  ASSERT_EQ(publish(clock_.now()), 1);  // Tuesday: Monday's report
  clock_.advance(3 * 86'400);           // off Tuesday to Thursday, back on Friday
  EXPECT_EQ(publish(clock_.now()), 3);  // Tuesday, Wednesday, Thursday
  EXPECT_EQ(reportedDays(),
            (std::vector<std::string>{"0541234Y:2026-09-07", "0541234Y:2026-09-08",
                                      "0541234Y:2026-09-09", "0541234Y:2026-09-10"}));
}

TEST_F(DailyReports, TheFirstRunReportsYesterdayOnly) {
  std::vector<civil::Day> due;
  ASSERT_TRUE(db_->read([&](storage::Connection& conn) -> Status {
                   CARTABLE_ASSIGN_OR_RETURN(due, dueReportDays(conn, clock_.now()));
                   return okStatus();
                 })
                  .ok());
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(civil::formatDay(due[0]), "2026-09-07");
}

}  // namespace
}  // namespace cartable::reporting
