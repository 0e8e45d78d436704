// The totals per department and day (federation/hub/area_days.h): what the
// hub adds as it stores a report, and what migration 0022 computes from the
// reports a hub held before it, are the same rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "indicator_fixture.h"

namespace cartable::federation::hub {
namespace {

using testing::Cell;
using testing::schoolCell;

Cell roleCell(const std::string& role, int n, double active_week) {
  Cell cell;
  cell.scope = "role";
  cell.role = role;
  cell.n = n;
  cell.values = {{"adoption.active_week", active_week}, {"adoption.sessions", active_week * 2}};
  return cell;
}

Cell subjectCell(const std::string& level, const std::string& subject, double count,
                 double mean) {
  Cell cell;
  cell.scope = "subject";
  cell.level = level;
  cell.subject = subject;
  cell.n = 25;
  cell.values = {{"grades.count", count}, {"grades.mean", mean}, {"grades.q1", mean - 2}};
  return cell;
}

// Three schools over two departments and two days; a subject cell without a
// grade, which no total counts; a class cell, which none adds up.
testing::Reports reports() {
  Cell classCell = schoolCell(30, {{"attendance.absent", 4}});
  classCell.scope = "class";
  classCell.level = "6e";
  classCell.class_code = "6A";
  testing::Reports out;
  for (const char* day : {"2026-01-05", "2026-01-06"}) {
    out.push_back({"0540001A", "54", day,
                   {schoolCell(400, {{"attendance.expected", 2000}, {"attendance.absent", 100}}),
                    roleCell("student", 400, 300), roleCell("teacher", 30, 28),
                    subjectCell("6e", "MATHS", 50, 11.5), subjectCell("5e", "MATHS", 40, 9),
                    subjectCell("6e", "FRANC", 0, 0), classCell}});
    out.push_back({"0540002B", "54", day,
                   {schoolCell(300, {{"attendance.expected", 1500}, {"handin.expected", 20}}),
                    roleCell("student", 300, 120), subjectCell("6e", "MATHS", 10, 14)}});
    out.push_back({"0570001C", "57", day,
                   {schoolCell(900, {{"attendance.expected", 5000}, {"attendance.absent", 400}}),
                    roleCell("parent", 700, 200)}});
  }
  return out;
}

std::vector<std::string> areaDayRows(storage::Database& db) {
  return testing::rowsOf(db,
                         "SELECT scope, metric, day, department, part, value_sum, n_sum, cells, "
                         "positive, weight_sum, weighted_sum FROM regional_area_days ORDER BY "
                         "scope, metric, day, department, part",
                         11);
}

TEST(AreaDays, StoringAReportAddsItsSchoolRoleAndGradedSubjectCellsToItsDepartmentsDay) {
  testing::HubReportsDatabase hub;
  for (const auto& [uai, department, day, cells] : reports()) hub.report(uai, department, day, cells);
  const auto rows = areaDayRows(hub.db());
  auto has = [&](const std::string& row) {
    return std::find(rows.begin(), rows.end(), row) != rows.end();
  };
  EXPECT_TRUE(has("school|attendance.absent|2026-01-05|54||100.0|700|2|1|0.0|0.0|"));
  EXPECT_TRUE(has("school|attendance.expected|2026-01-06|57||5000.0|900|1|1|0.0|0.0|"));
  EXPECT_TRUE(has("role|adoption.active_week|2026-01-05|54|student|420.0|700|2|2|0.0|0.0|"));
  // MATHS over two levels and two schools: Σ count 100, Σ count × mean
  // 50 × 11.5 + 40 × 9 + 10 × 14 = 1075.
  EXPECT_TRUE(has("subject|grades.mean|2026-01-06|54|MATHS|34.5|75|3|3|100.0|1075.0|"));
  for (const auto& row : rows) {
    EXPECT_EQ(row.find("FRANC"), std::string::npos) << row;  // no grade: not counted
    EXPECT_EQ(row.rfind("class|", 0), std::string::npos) << row;
  }
}

TEST(AreaDays, TheMigrationComputesFromTheReportsAHubHeldTheRowsStoringThemAdds) {
  testing::HubReportsDatabase stored_after;
  for (const auto& [uai, department, day, cells] : reports())
    stored_after.report(uai, department, day, cells);

  // A hub at migration 0021 holding the same reports, as that version stored them.
  cartable::testing::TempDir dir;
  auto before = testing::hubUpgradedFrom(dir, 21, reports());
  const auto migrated = areaDayRows(*before);
  EXPECT_FALSE(migrated.empty());
  EXPECT_EQ(migrated, areaDayRows(stored_after.db()));
}

}  // namespace
}  // namespace cartable::federation::hub
