#include "federation/hub/open_data.h"

#include <Poco/UTF8String.h>

#include <cstdio>

namespace cartable::federation::hub {
namespace {

std::string figure(const std::optional<double>& value, int decimals) {
  return value ? formatFigure(*value, decimals) : std::string();
}

void addRow(std::vector<OpenDataRow>& rows, const std::string& date, const std::string& department,
            const Indicator& indicator, const AreaDay& area) {
  rows.push_back(
      {date, department.empty() ? "region" : "department", department, &indicator, area});
}

}  // namespace

const std::vector<std::string>& openDataColumns() {
  static const std::vector<std::string> columns = {
      "date",  "scope",     "department",  "indicator", "label", "unit",
      "value", "numerator", "denominator", "schools",   "status"};
  return columns;
}

Result<std::vector<OpenDataRow>> openDataRows(storage::Connection& conn, const DayRange& range) {
  std::vector<std::vector<IndicatorDay>> series;
  for (const auto& indicator : publicIndicators()) {
    CARTABLE_ASSIGN_OR_RETURN(auto days, indicatorDays(conn, indicator, range));
    series.push_back(std::move(days));
  }
  std::vector<OpenDataRow> rows;
  const auto& indicators = publicIndicators();
  const std::size_t day_count = series.empty() ? 0 : series.front().size();
  for (std::size_t d = 0; d < day_count; ++d) {
    bool reported = false;
    for (const auto& days : series) reported = reported || days[d].region.schools > 0;
    if (!reported) continue;
    const std::string& date = series.front()[d].day;
    for (std::size_t i = 0; i < indicators.size(); ++i) {
      addRow(rows, date, "", indicators[i], series[i][d].region);
    }
    for (const auto& [department, area] : series.front()[d].departments) {
      for (std::size_t i = 0; i < indicators.size(); ++i) {
        addRow(rows, date, department, indicators[i], series[i][d].departments.at(department));
      }
    }
  }
  return rows;
}

std::vector<std::string> openDataCells(const OpenDataRow& row) {
  const Indicator& indicator = *row.indicator;
  return {row.date,
          row.scope,
          row.department,
          indicator.name,
          indicator.label,
          indicator.unit,
          figure(row.area.value, indicator.decimals),
          figure(row.area.numerator, 2),
          figure(row.area.denominator, 2),
          std::to_string(row.area.schools),
          std::string(statusName(row.area.status))};
}

std::string csvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string openDataCsv(const std::vector<OpenDataRow>& rows) {
  const auto line = [](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out += ',';
      out += csvField(cells[i]);
    }
    return out + "\r\n";
  };
  std::string csv = line(openDataColumns());
  for (const auto& row : rows) csv += line(openDataCells(row));
  return csv;
}

// Written as text, like the CSV: a year of rows as JSON objects built one
// by one took most of the request.
std::string openDataJson(const std::vector<OpenDataRow>& rows) {
  const auto& columns = openDataColumns();
  std::vector<std::string> keys;
  for (const auto& column : columns) keys.push_back("\"" + Poco::UTF8::escape(column, true) + "\":");
  std::string json = "{\"rows\":[";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    json += r == 0 ? "{" : ",{";
    const auto cells = openDataCells(rows[r]);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) json += ',';
      json += keys[i];
      json += '"';
      json += Poco::UTF8::escape(cells[i], true);
      json += '"';
    }
    json += '}';
  }
  return json + "]}";
}

std::string formatFigure(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string text = buffer;
  if (text.find('.') == std::string::npos) return text;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  if (text == "-0") text = "0";
  return text;
}

}  // namespace cartable::federation::hub
