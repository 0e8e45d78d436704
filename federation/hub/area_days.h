// The reports' values added up per department and day (regional_area_days,
// migration 0022): what the region's and departments' series and dashboards
// read. Kept in step with regional_report_values by the hub as it accepts a
// report, in the same transaction.
#pragma once

#include <string>

#include "core/base/result.h"
#include "core/storage/database.h"
#include "reporting/report_envelope.h"

namespace cartable::federation::hub {

// Adds the school, role and subject cells of `report` to its department's day.
Status addToAreaDays(storage::Connection& conn, const reporting::DailyReport& report,
                     const std::string& department);

}  // namespace cartable::federation::hub
