// Each school's cells added up per month (regional_school_months, migration
// 0023): what a department's list of schools reads over a long period, a few
// rows per school and month instead of one per school day. Kept in step with
// regional_report_values by the hub as it accepts a report, in the same
// transaction (reports are never changed or deleted once stored).
#pragma once

#include <string>

#include "core/base/result.h"
#include "core/storage/database.h"
#include "federation/hub/indicators.h"
#include "reporting/report_envelope.h"

namespace cartable::federation::hub {

// Adds the school and role cells of `report` to its school's month.
Status addToSchoolMonths(storage::Connection& conn, const reporting::DailyReport& report,
                         const std::string& department);

// A range of days cut into the whole months it covers and the days left at
// either end. An empty part has from > to (and no whole month: an empty
// `months`, e.g. {"2026-02", "2026-01"}).
struct MonthSplit {
  DayRange head;    // days before the first whole month (or the whole range)
  DayRange months;  // "YYYY-MM" of the first and last whole month
  DayRange tail;    // days after the last whole month
};
// `range` must hold valid days (parseDayRange).
MonthSplit splitByMonths(const DayRange& range);

inline bool emptyRange(const DayRange& range) { return range.from > range.to; }

}  // namespace cartable::federation::hub
