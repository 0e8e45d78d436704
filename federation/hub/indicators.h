// The region's public indicators, computed at the hub from the school cells
// of the schools' daily reports (reports.h, migration 0015): a documented
// list of rates and counts, per day, for the region and for each department,
// weighted by the counts the cells carry (Σ numerators / Σ denominators).
// Level, class, subject and role cells never feed them. An area of fewer
// than kMinSchools reporting schools on a day is suppressed, and so are the
// smallest other departments when needed so that the region minus the
// departments shown never gives back one or two schools.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::federation::hub {

inline constexpr int kMinSchools = 3;          // schools an area needs on a day to be shown
inline constexpr int kMaxIndicatorDays = 400;  // days one query may span

// How an indicator is computed from the school cells of one day:
// value = scale × Σ numerator / Σ denominator over the area's schools (for
// `complement`, scale × (1 − Σ numerator / Σ denominator)). A denominator of
// "n" is the cell's n (students enrolled that day).
struct Indicator {
  std::string name;         // e.g. "attendance.rate"
  std::string label;        // French label
  std::string unit;         // "ratio" (0 to 1) or "per_100_students"
  std::string definition;   // French, for the public
  std::string numerator;    // report metric summed
  std::string denominator;  // report metric summed, or "n"
  double scale = 1;
  bool complement = false;
  int decimals = 4;  // the value is rounded to this many decimals
};

// The indicators offered, in the order they are listed.
const std::vector<Indicator>& publicIndicators();
// The indicator named `name`, or nullptr.
const Indicator* findIndicator(std::string_view name);

// Why a value is or is not shown.
enum class AreaStatus {
  published,
  no_report,        // no school of the area had anything to count (no report, or a 0 denominator)
  too_few_schools,  // 1 or 2 schools
  complementary,    // hidden so that a suppressed department cannot be recomputed
};
std::string_view statusName(AreaStatus status);

// One area (the region, or one department) on one day.
struct AreaDay {
  int schools = 0;  // schools whose school cell fed the day
  AreaStatus status = AreaStatus::no_report;
  // Set only when published (the value may still be empty for a 0 denominator).
  std::optional<double> value, numerator, denominator;
};

struct IndicatorDay {
  std::string day;  // YYYY-MM-DD
  AreaDay region;
  std::map<std::string, AreaDay> departments;  // every department of departments()
};

// A validated query range: both days inclusive, from <= to, at most
// kMaxIndicatorDays days.
struct DayRange {
  std::string from, to;
};

// Checks `from` and `to` (YYYY-MM-DD): invalid_argument naming "from" or
// "to" for a malformed day, from after to, or a range over kMaxIndicatorDays.
Result<DayRange> parseDayRange(const std::string& from, const std::string& to);

// The departments of the schools whose reports the hub holds, sorted.
Result<std::vector<std::string>> reportingDepartments(storage::Connection& conn);

// The latest day the hub holds a report of, or nothing.
Result<std::optional<std::string>> latestReportedDay(storage::Connection& conn);

// `indicator` for every day of `range` (one entry per day, in order), for the
// region and each department of reportingDepartments(). A school counts on a
// day when its school cell has a positive denominator.
Result<std::vector<IndicatorDay>> indicatorDays(storage::Connection& conn,
                                                const Indicator& indicator, const DayRange& range);

}  // namespace cartable::federation::hub
