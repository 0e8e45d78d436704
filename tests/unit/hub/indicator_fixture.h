// A hub database holding schools' daily reports, stored as the hub stores
// the reports it accepts (federation/hub/reports.h).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "core/storage/migrations.h"
#include "federation/hub/reports.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable::federation::hub::testing {

// One cell of a report: its scope, the fields naming it, n and its values.
struct Cell {
  std::string scope = "school";
  std::string level, class_code, subject, role;
  int n = 100;
  std::map<std::string, double> values;
};

// A school cell with the student metrics a school always sends (zeros but
// for the ones given).
inline Cell schoolCell(int n, std::map<std::string, double> given) {
  Cell cell;
  cell.n = n;
  for (const char* metric :
       {"attendance.expected", "attendance.absent", "attendance.late", "absence.half_days",
        "absence.unjustified_half_days", "handin.expected", "handin.on_time", "handin.late",
        "handin.missing", "homework.posted"}) {
    cell.values[metric] = 0;
  }
  for (const auto& [metric, value] : given) cell.values[metric] = value;
  return cell;
}

inline Cell attendance(int expected, int absent) {
  return schoolCell(100, {{"attendance.expected", expected}, {"attendance.absent", absent}});
}

// Stores school `uai`'s report of `day` with these cells in `db`, as the hub
// stores a report it accepted (the school registered in `department` if it
// was not).
inline void storeReport(storage::Database& db, const std::string& uai,
                        const std::string& department, const std::string& day,
                        const std::vector<Cell>& cells) {
  reporting::DailyReport report;
  report.uai = uai;
  report.day = day;
  report.k = 10;
  for (const Cell& cell : cells) {
    report.cells.push_back(reporting::ReportCell{cell.scope, cell.level, cell.class_code,
                                                 cell.subject, cell.role, cell.n, cell.values});
  }
  // The hub accepts reports from the schools it enrolled only: the school is
  // registered first (unless it is already).
  Status stored = db.write([&](storage::Connection& conn) -> Status {
    CARTABLE_RETURN_IF_ERROR(
        conn.exec("INSERT OR IGNORE INTO federation_schools(uai, name, department, added_at, "
                  "enrolled_at) VALUES (?, ?, ?, 0, 0)",
                  uai, "École " + uai, department));
    return storeRegionalReport(conn, report, department, Seconds{0});
  });
  ASSERT_TRUE(stored.ok()) << stored.error().message;
}

// Inserts a report's rows as a hub before migration 0022 stored them (no
// totals kept beside): what the migrations that compute totals start from.
inline Status insertReportRows(storage::Connection& conn, const std::string& uai,
                               const std::string& department, const std::string& day,
                               const std::vector<Cell>& cells) {
  const std::string year = schoolYearOf(day);
  CARTABLE_RETURN_IF_ERROR(
      conn.exec("INSERT INTO regional_reports(uai, day, school_year, department, k, suppressed, "
                "unavailable, generated_at, received_at) VALUES (?, ?, ?, ?, 10, 0, '[]', 0, 0)",
                uai, day, year, department));
  for (const Cell& cell : cells) {
    for (const auto& [metric, value] : cell.values) {
      CARTABLE_RETURN_IF_ERROR(conn.exec(
          "INSERT INTO regional_report_values(uai, day, school_year, department, scope, level, "
          "class_code, subject, role, metric, value, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?)",
          uai, day, year, department, cell.scope, cell.level, cell.class_code, cell.subject,
          cell.role, metric, value, cell.n));
    }
  }
  return okStatus();
}

// Reports as a test writes them: school, department, day, cells.
using Reports =
    std::vector<std::tuple<std::string, std::string, std::string, std::vector<Cell>>>;

// A hub database in `dir` that held `reports` at migration `version`, as
// that version stored them, then upgraded to the latest migration: what the
// migrations computing totals make of the reports a hub already held.
inline std::unique_ptr<storage::Database> hubUpgradedFrom(cartable::testing::TempDir& dir,
                                                          int version, const Reports& reports) {
  auto db = std::move(storage::Database::open(dir.file("upgraded.db"))).value();
  const auto& all = schema::migrations();
  EXPECT_EQ(all[static_cast<std::size_t>(version) - 1].version, version);
  EXPECT_TRUE(storage::applyMigrations(
                  *db, std::span(all).first(static_cast<std::size_t>(version)),
                  SystemClock::instance())
                  .ok());
  Status held = db->write([&](storage::Connection& conn) -> Status {
    for (const auto& [uai, department, day, cells] : reports) {
      CARTABLE_RETURN_IF_ERROR(insertReportRows(conn, uai, department, day, cells));
    }
    return okStatus();
  });
  EXPECT_TRUE(held.ok()) << held.error().message;
  EXPECT_TRUE(storage::applyMigrations(*db, all, SystemClock::instance()).ok());
  return db;
}

// The rows of `select` (its first `columns` columns), each as "a|b|c|".
inline std::vector<std::string> rowsOf(storage::Database& db, const std::string& select,
                                       int columns) {
  std::vector<std::string> rows;
  Status read = db.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query(select));
    while (true) {
      CARTABLE_ASSIGN_OR_RETURN(bool row, stmt.step());
      if (!row) return okStatus();
      std::string text;
      for (int column = 0; column < columns; ++column) text += stmt.text(column) + "|";
      rows.push_back(text);
    }
  });
  EXPECT_TRUE(read.ok()) << read.error().message;
  return rows;
}

// A fresh hub database in a temp directory.
class HubReportsDatabase {
 public:
  HubReportsDatabase() {
    db_ = std::move(storage::Database::open(dir_.file("hub.db"))).value();
    EXPECT_TRUE(storage::applyMigrations(*db_, schema::migrations(), SystemClock::instance()).ok());
  }

  // Stores school `uai`'s report of `day` with these cells.
  void report(const std::string& uai, const std::string& department, const std::string& day,
              const std::vector<Cell>& cells) {
    storeReport(*db_, uai, department, day, cells);
  }

  // `count` schools of `department` reporting `day`, each with this cell.
  void schools(const std::string& department, int count, const std::string& day, const Cell& cell) {
    for (int i = 0; i < count; ++i) {
      report(department + "0000" + std::to_string(next_++) + "X", department, day, {cell});
    }
  }

  storage::Database& db() { return *db_; }

 private:
  cartable::testing::TempDir dir_;
  std::unique_ptr<storage::Database> db_;
  int next_ = 10;
};

}  // namespace cartable::federation::hub::testing
