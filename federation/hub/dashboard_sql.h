// The dashboards' reads of the stored report values (private to
// dashboard_queries.cpp and link_health.cpp). Each is one grouped query: for
// the region or a department, over the totals kept per department and day
// (migration 0022, area_days.h); for a school, over its own cells along the
// primary key of migration 0015.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "federation/hub/dashboard_queries.h"

namespace cartable::federation::hub::detail {

// A metric's sum over an area's cells of one day.
struct Sum {
  double value = 0;  // Σ value
  double n = 0;      // Σ n (people the cells describe)
  int cells = 0;
};
using DaySums = std::map<std::string, std::map<std::string, Sum>>;  // metric → day → sum

// Sums of `metrics` over the cells of `scope` ("school" or "level") of the area, per day.
Result<DaySums> cellSums(storage::Connection& conn, const Area& area, const DayRange& range,
                         const std::string& scope, const std::vector<std::string>& metrics);
// Sums of `metrics` over the role cells of the area, per role and day.
Result<std::map<std::string, DaySums>> roleSums(storage::Connection& conn, const Area& area,
                                                const DayRange& range,
                                                const std::vector<std::string>& metrics);
// Schools with a report in the range, and reports.
Result<std::pair<int, int>> reportCounts(storage::Connection& conn, const Area& area,
                                         const DayRange& range);
Result<std::vector<GradeSummary>> gradeSummaries(storage::Connection& conn, const Area& area,
                                                 const DayRange& range);

// The level below the area: departments, schools or levels.
struct ChildSums {
  std::string name;
  int schools = 0;
  DaySums school;                        // attendance and hand-in metrics
  std::map<std::string, DaySums> roles;  // active_week of students and teachers
};
Result<std::map<std::string, ChildSums>> childSums(storage::Connection& conn, const Area& area,
                                                   const DayRange& range);

// The school years the range touches, as an SQL list of literals:
// "'2025-2026','2026-2027'" (made from validated days only).
std::string schoolYearsSql(const DayRange& range);

}  // namespace cartable::federation::hub::detail
