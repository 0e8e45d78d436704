#include "federation/hub/school_months.h"

#include <chrono>

#include "core/base/civil_date.h"

namespace cartable::federation::hub {
namespace {

std::string monthText(std::chrono::year_month month) {
  // The first day's text without its day: "YYYY-MM".
  return civil::formatDay(month / std::chrono::day{1}).substr(0, 7);
}

civil::Day firstDayOf(std::chrono::year_month month) { return month / std::chrono::day{1}; }
civil::Day lastDayOf(std::chrono::year_month month) { return month / std::chrono::last; }

}  // namespace

Status addToSchoolMonths(storage::Connection& conn, const reporting::DailyReport& report,
                         const std::string& department) {
  const std::string month = report.day.substr(0, 7);
  for (const reporting::ReportCell& cell : report.cells) {
    if (cell.scope != "school" && cell.scope != "role") continue;
    for (const auto& [metric, value] : cell.values) {
      CARTABLE_RETURN_IF_ERROR(conn.exec(
          "INSERT INTO regional_school_months(uai, scope, metric, month, department, part, "
          "value_sum, n_sum, cells) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) "
          "ON CONFLICT (uai, scope, metric, month, department, part) DO UPDATE SET "
          "value_sum = value_sum + excluded.value_sum, n_sum = n_sum + excluded.n_sum, "
          "cells = cells + 1",
          report.uai, cell.scope, metric, month, department, cell.role, value, cell.n));
    }
  }
  return okStatus();
}

MonthSplit splitByMonths(const DayRange& range) {
  using namespace std::chrono;
  const civil::Day from = *civil::parseDay(range.from);
  const civil::Day to = *civil::parseDay(range.to);
  const year_month_day first_day{from};
  const year_month_day last_day{to};
  year_month first{first_day.year(), first_day.month()};
  year_month last{last_day.year(), last_day.month()};
  if (firstDayOf(first) != from) first += months{1};
  if (lastDayOf(last) != to) last -= months{1};
  MonthSplit split;
  if (first > last) {
    split.head = range;
    split.months = {monthText(first), monthText(last)};
    split.tail = {"9999-12-31", "0000-01-01"};
    return split;
  }
  split.head = {range.from, civil::formatDay(firstDayOf(first) - days{1})};
  split.months = {monthText(first), monthText(last)};
  split.tail = {civil::formatDay(lastDayOf(last) + days{1}), range.to};
  return split;
}

}  // namespace cartable::federation::hub
