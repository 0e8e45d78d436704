// The school's daily regional report: computed for each day once it is over,
// suppressed below k people, signed with the school's federation key and
// appended to the change log for the hub. Days missed while the server was
// off are made when it returns; reports written while the link is down wait
// in the change log like any record.
#pragma once

#include <string>
#include <vector>

#include "core/base/civil_date.h"
#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "federation/identity/node_keys.h"
#include "reporting/report_envelope.h"

namespace cartable::reporting {

// At most this many days are made up after a long stop (a school year and
// its summer); older ones are left out.
inline constexpr int kMaxBackfillDays = 400;

// The report of `day`: its cells with those under `k` suppressed.
Result<DailyReport> buildDailyReport(storage::Connection& conn, const std::string& uai,
                                     civil::Day day, int k, Seconds now);

// The days whose report is due at `now` (UTC days): every day after the last
// one reported up to yesterday, oldest first; the very first time, yesterday
// only.
Result<std::vector<civil::Day>> dueReportDays(storage::Connection& conn, Seconds now);

// Appends the signed report to the change log and records its day, in the
// caller's transaction; false (nothing written) when that day was reported.
Result<bool> appendDailyReport(storage::Connection& conn, const federation::NodeKeys& keys,
                               const DailyReport& report, Seconds now);

// What the node's federation loop calls: one cheap read when nothing is
// due; otherwise each due day computed in a read and written in its own
// write. Returns how many reports were written.
Result<int> publishDailyReports(storage::Database& db, const federation::NodeKeys& keys,
                                const std::string& uai, int k, Seconds now);

}  // namespace cartable::reporting
