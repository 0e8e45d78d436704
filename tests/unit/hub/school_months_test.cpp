// Each school's totals per month (federation/hub/school_months.h): how a
// range is cut into whole months and the days at either end, what the hub
// adds as it stores a report, and what migration 0023 computes from the
// reports a hub held before it.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "federation/hub/school_months.h"
#include "indicator_fixture.h"

namespace cartable::federation::hub {
namespace {

using testing::Cell;
using testing::schoolCell;

std::string text(const DayRange& range) { return range.from + ".." + range.to; }

TEST(SplitByMonths, TheSchoolYearIsItsWholeMonthsAndTheDaysOfJuly) {
  const MonthSplit split = splitByMonths({"2025-09-01", "2026-07-03"});
  EXPECT_TRUE(emptyRange(split.head)) << text(split.head);
  EXPECT_EQ(text(split.months), "2025-09..2026-06");
  EXPECT_EQ(text(split.tail), "2026-07-01..2026-07-03");
}

TEST(SplitByMonths, DaysAtBothEndsAroundTheWholeMonthsAcrossTheNewYear) {
  const MonthSplit split = splitByMonths({"2026-10-03", "2027-01-10"});
  EXPECT_EQ(text(split.head), "2026-10-03..2026-10-31");
  EXPECT_EQ(text(split.months), "2026-11..2026-12");
  EXPECT_EQ(text(split.tail), "2027-01-01..2027-01-10");
}

TEST(SplitByMonths, AMonthEndingOnALeapDayIsWhole) {
  const MonthSplit split = splitByMonths({"2024-02-01", "2024-02-29"});
  EXPECT_TRUE(emptyRange(split.head)) << text(split.head);
  EXPECT_EQ(text(split.months), "2024-02..2024-02");
  EXPECT_TRUE(emptyRange(split.tail)) << text(split.tail);
  EXPECT_EQ(text(splitByMonths({"2024-02-01", "2024-02-28"}).head), "2024-02-01..2024-02-28");
}

TEST(SplitByMonths, ARangeWithoutAWholeMonthIsAllDays) {
  for (const DayRange& range : std::vector<DayRange>{{"2026-11-03", "2026-11-20"},
                                                     {"2026-11-16", "2026-11-16"},
                                                     {"2026-11-20", "2026-12-19"}}) {
    const MonthSplit split = splitByMonths(range);
    EXPECT_EQ(text(split.head), text(range));
    EXPECT_TRUE(emptyRange(split.months)) << text(split.months);
    EXPECT_TRUE(emptyRange(split.tail)) << text(split.tail);
  }
}

Cell roleCell(const std::string& role, int n, double active_week) {
  Cell cell;
  cell.scope = "role";
  cell.role = role;
  cell.n = n;
  cell.values = {{"adoption.active_week", active_week}};
  return cell;
}

// Two schools, one of which moves from 54 to 57 within November; a level
// cell, which no monthly total adds.
testing::Reports reports() {
  Cell level = schoolCell(30, {{"attendance.absent", 4}});
  level.scope = "level";
  level.level = "6e";
  return {
      {"0540001A", "54", "2026-11-16",
       {schoolCell(400, {{"attendance.expected", 2000}, {"attendance.absent", 100}}),
        roleCell("student", 400, 300), level}},
      {"0540001A", "54", "2026-11-17",
       {schoolCell(400, {{"attendance.expected", 2000}, {"attendance.absent", 60}}),
        roleCell("student", 400, 310)}},
      {"0540001A", "54", "2026-12-01", {schoolCell(400, {{"attendance.expected", 1000}})}},
      {"0540002B", "54", "2026-11-02", {schoolCell(300, {{"attendance.expected", 1500}})}},
      {"0540002B", "57", "2026-11-23", {schoolCell(300, {{"attendance.expected", 1400}})}},
  };
}

std::vector<std::string> monthRows(storage::Database& db) {
  return testing::rowsOf(db,
                         "SELECT uai, scope, metric, month, department, part, value_sum, n_sum, "
                         "cells FROM regional_school_months ORDER BY uai, scope, metric, month, "
                         "department, part",
                         9);
}

TEST(SchoolMonths, StoringAReportAddsItsSchoolAndRoleCellsToItsSchoolsMonth) {
  testing::HubReportsDatabase hub;
  for (const auto& [uai, department, day, cells] : reports()) hub.report(uai, department, day, cells);
  const auto rows = monthRows(hub.db());
  auto has = [&](const std::string& row) {
    return std::find(rows.begin(), rows.end(), row) != rows.end();
  };
  EXPECT_TRUE(has("0540001A|school|attendance.absent|2026-11|54||160.0|800|2|"));
  EXPECT_TRUE(has("0540001A|school|attendance.expected|2026-12|54||1000.0|400|1|"));
  EXPECT_TRUE(has("0540001A|role|adoption.active_week|2026-11|54|student|610.0|800|2|"));
  // The school that moved: a row for each department it reported from.
  EXPECT_TRUE(has("0540002B|school|attendance.expected|2026-11|54||1500.0|300|1|"));
  EXPECT_TRUE(has("0540002B|school|attendance.expected|2026-11|57||1400.0|300|1|"));
  for (const auto& row : rows) EXPECT_EQ(row.find("|level|"), std::string::npos) << row;
}

TEST(SchoolMonths, TheMigrationComputesFromTheReportsAHubHeldTheRowsStoringThemAdds) {
  testing::HubReportsDatabase stored_after;
  for (const auto& [uai, department, day, cells] : reports())
    stored_after.report(uai, department, day, cells);

  // A hub at migration 0022 holding the same reports.
  cartable::testing::TempDir dir;
  auto before = testing::hubUpgradedFrom(dir, 22, reports());
  const auto migrated = monthRows(*before);
  EXPECT_FALSE(migrated.empty());
  EXPECT_EQ(migrated, monthRows(stored_after.db()));
}

}  // namespace
}  // namespace cartable::federation::hub
