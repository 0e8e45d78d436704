#include "federation/hub/area_days.h"

#include <map>
#include <optional>
#include <tuple>

namespace cartable::federation::hub {
namespace {

struct Totals {
  double value = 0;
  std::int64_t n = 0;
  std::int64_t cells = 0;
  std::int64_t positive = 0;
  double weight = 0;
  double weighted = 0;

  void add(double cell_value, std::int64_t cell_n, double cell_weight) {
    value += cell_value;
    n += cell_n;
    cells += 1;
    positive += cell_value > 0 ? 1 : 0;
    weight += cell_weight;
    weighted += cell_weight * cell_value;
  }
};

using Key = std::tuple<std::string, std::string, std::string>;  // scope, metric, part

// A subject cell counts once it holds a grade; its figures are weighted by
// how many.
std::optional<double> subjectWeight(const reporting::ReportCell& cell) {
  auto count = cell.values.find("grades.count");
  if (count == cell.values.end() || count->second <= 0) return std::nullopt;
  return count->second;
}

std::map<Key, Totals> totalsOf(const reporting::DailyReport& report) {
  std::map<Key, Totals> totals;
  for (const auto& cell : report.cells) {
    double weight = 0;
    std::string part;
    if (cell.scope == "role") {
      part = cell.role;
    } else if (cell.scope == "subject") {
      auto counted = subjectWeight(cell);
      if (!counted) continue;
      weight = *counted;
      part = cell.subject;
    } else if (cell.scope != "school") {
      continue;
    }
    for (const auto& [metric, value] : cell.values) {
      totals[Key{cell.scope, metric, part}].add(value, cell.n, weight);
    }
  }
  return totals;
}

}  // namespace

Status addToAreaDays(storage::Connection& conn, const reporting::DailyReport& report,
                     const std::string& department) {
  for (const auto& [key, sum] : totalsOf(report)) {
    const auto& [scope, metric, part] = key;
    CARTABLE_RETURN_IF_ERROR(conn.exec(
        "INSERT INTO regional_area_days(scope, metric, day, department, part, value_sum, n_sum, "
        "cells, positive, weight_sum, weighted_sum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (scope, metric, day, department, part) DO UPDATE SET "
        "value_sum = value_sum + excluded.value_sum, n_sum = n_sum + excluded.n_sum, "
        "cells = cells + excluded.cells, positive = positive + excluded.positive, "
        "weight_sum = weight_sum + excluded.weight_sum, "
        "weighted_sum = weighted_sum + excluded.weighted_sum",
        scope, metric, report.day, department, part, sum.value, sum.n, sum.cells, sum.positive,
        sum.weight, sum.weighted));
  }
  return okStatus();
}

}  // namespace cartable::federation::hub
