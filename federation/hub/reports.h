// Schools' daily reports at the hub (appliance/reporting/report_envelope.h):
// each is verified against the school's registered signing key and stored as
// time series (migration 0015), or refused, recorded with its reason, and
// nothing of it kept.
#pragma once

#include <string>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "federation/replication/change_log.h"
#include "reporting/report_envelope.h"

namespace cartable::federation::hub {

// Applies a report record that school `uai`'s link carried, in the caller's
// transaction. Refused (permission_denied, or malformed naming the field):
// a school that is not enrolled or is revoked, a report naming another
// school or another day than its key, a signature that does not verify with
// the school's key, a second report of a day already stored (a replay), a
// cell given twice, a cell describing fewer than `k` people. A refusal is recorded in
// regional_report_refusals, the record is dropped from federated_records,
// and the refusal is returned for the caller to log. An accepted report's
// record keeps its version there but not its body: the values are stored,
// and added to their department's day (area_days.h).
Status applyRegionalReport(storage::Connection& conn, const std::string& uai, const Record& record,
                           int k, Seconds now);

// Stores an accepted report's values (regional_reports and
// regional_report_values) and adds them to its department's day
// (area_days.h), in the caller's transaction. No check: that is
// applyRegionalReport's.
Status storeRegionalReport(storage::Connection& conn, const reporting::DailyReport& report,
                           const std::string& department, Seconds now);

// The school year a day belongs to, from 1 September: "2026-09-01" and
// "2027-08-31" are in "2026-2027". Empty for a malformed day.
std::string schoolYearOf(const std::string& day);

}  // namespace cartable::federation::hub
