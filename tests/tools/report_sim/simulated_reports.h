// A simulated school's daily report: the cells a real school computes
// (reporting/report_metrics.h) with plausible figures, shaped by the season
// (winter absences, Mondays and Fridays, the trimester's wear on hand-ins),
// the school's own habits and its adoption growing over the year; then
// suppressed below k with the schools' own function. Deterministic: the same
// school, day and seed give the same report.
#pragma once

#include <cstdint>

#include "core/base/civil_date.h"
#include "reporting/report_envelope.h"
#include "tests/tools/report_sim/simulated_region.h"

namespace cartable::report_sim {

enum class ReportDetail {
  levels,  // the school, each level and each role
  full,    // also each class and each subject of a level (as large as a real report)
};

struct ReportRequest {
  civil::Day day;
  ReportDetail detail = ReportDetail::levels;
  int k = 10;
  Seconds generated_at = 0;
  std::uint64_t seed = 1;
};

reporting::DailyReport simulatedReport(const SimulatedSchool& school, const ReportRequest& request);

}  // namespace cartable::report_sim
