// The regional authority's dashboards, read from the schools' daily reports
// (reports.h, migration 0015) and the register of links (registry.h, 0021):
// an area's indicators, adoption and outcomes over a period with their
// weekly trend over the school year, drilling down region → department →
// school; each school's link health; the schools on the wrong side of the
// digital divide. Every figure is a sum of stored cells (each of at least the
// hub's k people) divided by another; no cell is ever derived by subtracting.
// Who may read what is decided by authority.h, not here.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "federation/hub/indicators.h"

namespace cartable::federation::hub {

inline constexpr int kDefaultDashboardDays = 30;

// The period asked for: `from`/`to` (YYYY-MM-DD, both or neither), else the
// kDefaultDashboardDays days ending on the latest day reported (or on today
// when none is). invalid_argument naming "from" or "to" as parseDayRange.
Result<DayRange> dashboardRange(storage::Connection& conn, const std::string& from,
                                const std::string& to, Seconds now);

enum class AreaLevel { region, department, school };

struct Area {
  AreaLevel level = AreaLevel::region;
  std::string key;  // the department's code, or the school's UAI; empty for the region
};

// The department a school reports under (its latest report's, else the
// register's), or nothing for a school the hub does not know.
Result<std::optional<std::string>> departmentOfSchool(storage::Connection& conn,
                                                      const std::string& uai);
// Whether any school of `department` is registered or has reported.
Result<bool> departmentKnown(storage::Connection& conn, const std::string& department);

// A ratio of two sums; value() is empty for a zero denominator.
struct Ratio {
  double numerator = 0;
  double denominator = 0;
  std::optional<double> value(double scale = 1, bool complement = false) const;
};

struct IndicatorValue {
  const Indicator* indicator = nullptr;  // one of publicIndicators()
  Ratio ratio;
  std::optional<double> value;  // as the indicator defines it
};

// One role's adoption over the period, from its role cells (n = the role's
// active accounts). A role whose cell was suppressed at a school is simply
// absent from that school's sums.
struct RoleAdoption {
  std::string role;
  int cell_days = 0;           // (school, day) cells summed
  Ratio daily_active;          // Σ adoption.active_day / Σ n
  Ratio weekly_active;         // Σ adoption.active_week / Σ n
  double active_day_mean = 0;  // Σ adoption.active_day / days of the period reported
  double sessions = 0, messages = 0, documents = 0;
};

// A subject's grades over the period, from subject cells: the count, the
// count-weighted mean, and the count-weighted means of the reported
// quartiles (an approximation: quartiles of several cells do not combine).
struct GradeSummary {
  std::string subject;
  double count = 0;
  std::optional<double> mean, q1, median, q3;
};

// One week (Monday) of the trend: the values of kTrendSeries.
struct TrendWeek {
  std::string week;
  std::map<std::string, std::optional<double>> values;
};

// The trend's series: attendance.rate, handin.on_time_rate,
// adoption.student_weekly_share, adoption.teacher_weekly_share.
const std::vector<std::string>& trendSeries();

// A row of the level below: a department of the region, a school of a
// department, a level of a school.
struct ChildRow {
  std::string key;   // department code, UAI or level
  std::string name;  // the school's name; the key otherwise
  int schools = 0;
  std::optional<double> attendance_rate, on_time_rate;
  std::optional<double> student_weekly_share, teacher_weekly_share;  // not for levels
};

struct AreaDashboard {
  Area area;
  std::string name;        // the school's name; the department's code; "" for the region
  std::string department;  // the school's department (school level)
  DayRange period;
  DayRange trend_range;                    // 1 September of the period's school year to period.to
  int schools = 0;                         // schools with a report in the period
  int reports = 0;                         // (school, day) reports in the period
  std::vector<IndicatorValue> indicators;  // every public indicator, in its order
  std::vector<RoleAdoption> adoption;      // student, parent, teacher, staff, admin (as reported)
  double messages = 0, documents = 0, helpdesk_opened = 0;  // school cells' totals
  std::vector<GradeSummary> grades;
  std::vector<TrendWeek> trend;
  std::vector<ChildRow> children;
};

// The dashboard of `area` over `period`. The area must exist (callers check
// with departmentOfSchool / departmentKnown).
Result<AreaDashboard> areaDashboard(storage::Connection& conn, const Area& area,
                                    const DayRange& period);

// A school's link over the period.
struct SchoolConnectivity {
  std::string uai, name, department;
  std::string link_state;  // up, down, never
  std::optional<Seconds> last_sync;
  std::optional<double> uptime;  // share of the observed part of the period the link was up
  Seconds observed = 0;          // seconds of the period whose link state is known
  std::int64_t backlog = 0;      // the hub's records not yet acknowledged by the school
  int reports = 0;               // daily reports received for days of the period
  int period_days = 0;           // days of the period since the school enrolled
  std::optional<std::string> last_report;  // the latest day reported in the period
};

// The enrolled, not revoked schools of `department` (every one when empty),
// by UAI. Uptime counts from the first link event known.
Result<std::vector<SchoolConnectivity>> connectivity(storage::Connection& conn,
                                                     const std::string& department,
                                                     const DayRange& period, Seconds now);

// What puts a school on the divide view; stated with the answer.
struct DivideThresholds {
  double student_weekly_share = 0.5;  // fewer students active over a week
  double teacher_weekly_share = 0.7;  // fewer teachers active over a week
  double uptime = 0.95;               // link up less of the time
  Seconds sync_age = 48 * 3600;       // no sync for longer (at `now`)
  double report_share = 0.8;          // fewer of the period's daily reports received
};

struct DivideEntry {
  SchoolConnectivity link;
  std::optional<double> student_weekly_share, teacher_weekly_share;
  std::vector<std::string> reasons;  // low_student_adoption, low_teacher_adoption,
                                     // poor_uptime, stale_sync, missing_reports
};

// The schools of `department` (every one when empty) that meet at least one
// threshold, most reasons first, then by student weekly share, lowest first.
Result<std::vector<DivideEntry>> digitalDivide(storage::Connection& conn,
                                               const std::string& department,
                                               const DayRange& period, Seconds now,
                                               const DivideThresholds& thresholds = {});

}  // namespace cartable::federation::hub
