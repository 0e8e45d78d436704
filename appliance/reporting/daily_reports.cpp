#include "reporting/daily_reports.h"

#include <algorithm>

#include "federation/enrollment/enrollment.h"
#include "federation/replication/change_log.h"
#include "federation/replication/kinds.h"
#include "reporting/report_metrics.h"
#include "reporting/suppression.h"

namespace cartable::reporting {

Result<DailyReport> buildDailyReport(storage::Connection& conn, const std::string& uai,
                                     civil::Day day, int k, Seconds now) {
  DailyReport report;
  report.uai = uai;
  report.day = civil::formatDay(day);
  report.k = k;
  report.generated_at = now;
  CARTABLE_ASSIGN_OR_RETURN(report.cells, computeReportCells(conn, day));
  report.suppressed = suppressSmallCells(report.cells, k);
  report.unavailable = {};  // every metric is measured now
  return report;
}

Result<std::vector<civil::Day>> dueReportDays(storage::Connection& conn, Seconds now) {
  const civil::Day yesterday = civil::dayOf(now) - std::chrono::days(1);
  CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query("SELECT max(day) FROM regional_report_days"));
  CARTABLE_ASSIGN_OR_RETURN(bool row, stmt.step());
  const auto last = row ? stmt.optionalText(0) : std::nullopt;
  civil::Day first = yesterday;
  if (last) {
    const auto parsed = civil::parseDay(*last);
    if (parsed) first = *parsed + std::chrono::days(1);
  }
  first = std::max(first, yesterday - std::chrono::days(kMaxBackfillDays - 1));
  std::vector<civil::Day> due;
  for (civil::Day day = first; day <= yesterday; day += std::chrono::days(1)) due.push_back(day);
  return due;
}

Result<bool> appendDailyReport(storage::Connection& conn, const federation::NodeKeys& keys,
                               const DailyReport& report, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto known, conn.scalarInt64("SELECT 1 FROM regional_report_days WHERE day = ?", report.day));
  if (known) return false;
  const std::string key = reportKey(report.uai, report.day);
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t version,
                            federation::nextVersion(conn, federation::kRegionalReportKind, key));
  const federation::Record record{0,
                                  federation::kHubPeerName,
                                  federation::kRegionalReportKind,
                                  key,
                                  federation::schoolPeerName(report.uai),
                                  version,
                                  signedReportBody(keys, report)};
  CARTABLE_RETURN_IF_ERROR(federation::appendChange(conn, record, now));
  CARTABLE_RETURN_IF_ERROR(conn.exec(
      "INSERT INTO regional_report_days(day, cells, suppressed, written_at) VALUES "
      "(?, ?, ?, ?)",
      report.day, static_cast<std::int64_t>(report.cells.size()), report.suppressed, now));
  return true;
}

Result<int> publishDailyReports(storage::Database& db, const federation::NodeKeys& keys,
                                const std::string& uai, int k, Seconds now) {
  std::vector<civil::Day> due;
  CARTABLE_RETURN_IF_ERROR(db.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(due, dueReportDays(conn, now));
    return okStatus();
  }));
  int written = 0;
  for (civil::Day day : due) {
    DailyReport report;
    CARTABLE_RETURN_IF_ERROR(db.read([&](storage::Connection& conn) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(report, buildDailyReport(conn, uai, day, k, now));
      return okStatus();
    }));
    CARTABLE_RETURN_IF_ERROR(db.write([&](storage::Connection& conn) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(bool appended, appendDailyReport(conn, keys, report, now));
      written += appended ? 1 : 0;
      return okStatus();
    }));
  }
  return written;
}

}  // namespace cartable::reporting
