// The open-data export of the public indicators (indicators.h): one row per
// day, area (the region, then each department) and indicator, as CSV
// (UTF-8, comma-separated, RFC 4180 quoting, CRLF, a header row) or JSON.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "federation/hub/indicators.h"

namespace cartable::federation::hub {

// The columns, in order (README "Public indicators and open data").
const std::vector<std::string>& openDataColumns();

struct OpenDataRow {
  std::string date;        // YYYY-MM-DD
  std::string scope;       // "region" or "department"
  std::string department;  // empty for the region
  const Indicator* indicator = nullptr;
  AreaDay area;
};

// Every indicator over `range`, leaving out the days on which no school of
// the region reported; ordered by date, area, then indicator.
Result<std::vector<OpenDataRow>> openDataRows(storage::Connection& conn, const DayRange& range);

// A row's cells as text, in openDataColumns() order; the figures of a value
// that is not published are empty.
std::vector<std::string> openDataCells(const OpenDataRow& row);

// One CSV field, quoted (with its quotes doubled) when it holds a comma, a
// quote, CR or LF.
std::string csvField(std::string_view text);

// The header row and one line per row, each ended by CRLF.
std::string openDataCsv(const std::vector<OpenDataRow>& rows);
// {"rows": [{column: cell, …}, …]}, every cell a string as in the CSV.
std::string openDataJson(const std::vector<OpenDataRow>& rows);

// `value` with at most `decimals` decimals, a point, no trailing zeros.
std::string formatFigure(double value, int decimals);

}  // namespace cartable::federation::hub
