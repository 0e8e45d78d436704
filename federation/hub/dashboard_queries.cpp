#include "federation/hub/dashboard_queries.h"

#include <algorithm>
#include <functional>

#include "core/base/civil_date.h"
#include "federation/hub/dashboard_sql.h"
#include "federation/hub/reports.h"

namespace cartable::federation::hub {
namespace {

using detail::DaySums;
using detail::Sum;

constexpr const char* kStudentShare = "adoption.student_weekly_share";
constexpr const char* kTeacherShare = "adoption.teacher_weekly_share";

// The metrics of school (and level) cells the dashboards add up.
const char* const kSchoolMetrics[] = {"attendance.expected",
                                      "attendance.absent",
                                      "attendance.late",
                                      "absence.half_days",
                                      "absence.unjustified_half_days",
                                      "handin.expected",
                                      "handin.on_time",
                                      "handin.late",
                                      "handin.missing",
                                      "homework.posted",
                                      "messages.sent",
                                      "documents.shared",
                                      "helpdesk.opened"};
const char* const kRoleMetrics[] = {"adoption.active_day", "adoption.active_week",
                                    "adoption.sessions", "messages.sent", "documents.shared"};
const char* const kRoleOrder[] = {"student", "parent", "teacher", "staff", "admin"};

// Σ numerator and Σ denominator of `indicator` over `sums` (metric → day → Sum).
Ratio indicatorRatio(const Indicator& indicator, const DaySums& sums,
                     const std::function<bool(const std::string&)>& keep) {
  Ratio ratio;
  auto add = [&](const std::string& metric, bool count_n, double& into) {
    auto found = sums.find(metric);
    if (found == sums.end()) return;
    for (const auto& [day, sum] : found->second) {
      if (keep(day)) into += count_n ? sum.n : sum.value;
    }
  };
  add(indicator.numerator, false, ratio.numerator);
  if (indicator.denominator == "n") {
    add("attendance.expected", true, ratio.denominator);
  } else {
    add(indicator.denominator, false, ratio.denominator);
  }
  return ratio;
}

std::optional<double> indicatorValue(const Indicator& indicator, const Ratio& ratio) {
  return ratio.value(indicator.scale, indicator.complement);
}

double total(const DaySums& sums, const std::string& metric) {
  auto found = sums.find(metric);
  if (found == sums.end()) return 0;
  double out = 0;
  for (const auto& [day, sum] : found->second) out += sum.value;
  return out;
}

// Σ adoption.active_week / Σ n of `role` over the days `keep` holds.
Ratio weeklyShare(const std::map<std::string, DaySums>& roles, const std::string& role,
                  const std::function<bool(const std::string&)>& keep) {
  Ratio ratio;
  auto of_role = roles.find(role);
  if (of_role == roles.end()) return ratio;
  auto found = of_role->second.find("adoption.active_week");
  if (found == of_role->second.end()) return ratio;
  for (const auto& [day, sum] : found->second) {
    if (!keep(day)) continue;
    ratio.numerator += sum.value;
    ratio.denominator += sum.n;
  }
  return ratio;
}

RoleAdoption adoptionOf(const std::string& role, const DaySums& sums, int period_days) {
  RoleAdoption out;
  out.role = role;
  auto sumOf = [&](const char* metric, Ratio* ratio) {
    double value = 0;
    auto found = sums.find(metric);
    if (found == sums.end()) return value;
    for (const auto& [day, sum] : found->second) {
      value += sum.value;
      if (ratio != nullptr) {
        ratio->numerator += sum.value;
        ratio->denominator += sum.n;
      }
    }
    return value;
  };
  const double active_day = sumOf("adoption.active_day", &out.daily_active);
  sumOf("adoption.active_week", &out.weekly_active);
  out.sessions = sumOf("adoption.sessions", nullptr);
  out.messages = sumOf("messages.sent", nullptr);
  out.documents = sumOf("documents.shared", nullptr);
  auto cells = sums.find("adoption.active_day");
  if (cells != sums.end()) {
    for (const auto& [day, sum] : cells->second) out.cell_days += sum.cells;
  }
  out.active_day_mean = period_days > 0 ? active_day / period_days : 0;
  return out;
}

// Weeks (Mondays) from the start of the trend to its end.
std::vector<TrendWeek> trendWeeks(const DayRange& range, const DaySums& school,
                                  const std::map<std::string, DaySums>& roles) {
  const civil::Day first = *civil::parseDay(range.from);
  const civil::Day last = *civil::parseDay(range.to);
  const Indicator* attendance = findIndicator("attendance.rate");
  const Indicator* on_time = findIndicator("handin.on_time_rate");
  std::vector<TrendWeek> weeks;
  for (civil::Day monday = civil::mondayOf(first); monday <= last; monday += std::chrono::days(7)) {
    const std::string start = civil::formatDay(std::max(monday, first));
    const std::string end = civil::formatDay(std::min(monday + std::chrono::days(6), last));
    auto keep = [&](const std::string& day) { return day >= start && day <= end; };
    TrendWeek week;
    week.week = civil::formatDay(monday);
    week.values["attendance.rate"] =
        indicatorValue(*attendance, indicatorRatio(*attendance, school, keep));
    week.values["handin.on_time_rate"] =
        indicatorValue(*on_time, indicatorRatio(*on_time, school, keep));
    week.values[kStudentShare] = weeklyShare(roles, "student", keep).value();
    week.values[kTeacherShare] = weeklyShare(roles, "teacher", keep).value();
    weeks.push_back(std::move(week));
  }
  return weeks;
}

Status fillChildren(storage::Connection& conn, const Area& area, const DayRange& period,
                    AreaDashboard& out) {
  CARTABLE_ASSIGN_OR_RETURN(auto rows, detail::childSums(conn, area, period));
  auto all = [](const std::string&) { return true; };
  const Indicator* attendance = findIndicator("attendance.rate");
  const Indicator* on_time = findIndicator("handin.on_time_rate");
  for (auto& [key, child] : rows) {
    ChildRow row;
    row.key = key;
    row.name = child.name.empty() ? key : child.name;
    row.schools = child.schools;
    row.attendance_rate =
        indicatorValue(*attendance, indicatorRatio(*attendance, child.school, all));
    row.on_time_rate = indicatorValue(*on_time, indicatorRatio(*on_time, child.school, all));
    if (area.level != AreaLevel::school) {
      row.student_weekly_share = weeklyShare(child.roles, "student", all).value();
      row.teacher_weekly_share = weeklyShare(child.roles, "teacher", all).value();
    }
    out.children.push_back(std::move(row));
  }
  return okStatus();
}

Status fillName(storage::Connection& conn, AreaDashboard& out) {
  if (out.area.level == AreaLevel::department) out.name = out.area.key;
  if (out.area.level != AreaLevel::school) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query("SELECT name FROM federation_schools WHERE uai = ?", out.area.key));
  CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
  out.name = found && !stmt.text(0).empty() ? stmt.text(0) : out.area.key;
  CARTABLE_ASSIGN_OR_RETURN(auto department, departmentOfSchool(conn, out.area.key));
  out.department = department.value_or("");
  return okStatus();
}

std::vector<std::string> schoolMetrics() {
  return {std::begin(kSchoolMetrics), std::end(kSchoolMetrics)};
}
std::vector<std::string> roleMetrics() {
  return {std::begin(kRoleMetrics), std::end(kRoleMetrics)};
}

}  // namespace

std::optional<double> Ratio::value(double scale, bool complement) const {
  if (denominator <= 0) return std::nullopt;
  const double share = numerator / denominator;
  return scale * (complement ? 1 - share : share);
}

const std::vector<std::string>& trendSeries() {
  static const std::vector<std::string> series = {"attendance.rate", "handin.on_time_rate",
                                                  kStudentShare, kTeacherShare};
  return series;
}

Result<DayRange> dashboardRange(storage::Connection& conn, const std::string& from,
                                const std::string& to, Seconds now) {
  if (!from.empty() || !to.empty()) {
    if (from.empty()) return makeError(Errc::invalid_argument, "from is required with to", "from");
    if (to.empty()) return makeError(Errc::invalid_argument, "to is required with from", "to");
    return parseDayRange(from, to);
  }
  CARTABLE_ASSIGN_OR_RETURN(auto latest, latestReportedDay(conn));
  const civil::Day last = latest ? *civil::parseDay(*latest) : civil::dayOf(now);
  return parseDayRange(civil::formatDay(last - std::chrono::days(kDefaultDashboardDays - 1)),
                       civil::formatDay(last));
}

Result<std::optional<std::string>> departmentOfSchool(storage::Connection& conn,
                                                      const std::string& uai) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto reported,
      conn.query("SELECT department FROM regional_reports WHERE uai = ? ORDER BY day DESC LIMIT 1",
                 uai));
  CARTABLE_ASSIGN_OR_RETURN(bool found, reported.step());
  if (found) return std::optional<std::string>(reported.text(0));
  CARTABLE_ASSIGN_OR_RETURN(
      auto registered, conn.query("SELECT department FROM federation_schools WHERE uai = ?", uai));
  CARTABLE_ASSIGN_OR_RETURN(found, registered.step());
  if (found) return std::optional<std::string>(registered.text(0));
  return std::optional<std::string>();
}

Result<bool> departmentKnown(storage::Connection& conn, const std::string& department) {
  CARTABLE_ASSIGN_OR_RETURN(
      // The reports are read only when no registered school is of the
      // department (one that moved since): no index leads with it there.
      auto count, conn.scalarInt64("SELECT CASE WHEN EXISTS (SELECT 1 FROM federation_schools "
                                   "WHERE department = ?1) THEN 1 ELSE EXISTS (SELECT 1 FROM "
                                   "regional_reports WHERE department = ?1) END",
                                   department));
  return count.value_or(0) > 0;
}

Result<AreaDashboard> areaDashboard(storage::Connection& conn, const Area& area,
                                    const DayRange& period) {
  AreaDashboard out;
  out.area = area;
  out.period = period;
  const std::string year = schoolYearOf(period.to);
  out.trend_range = {year.substr(0, 4) + "-09-01", period.to};
  CARTABLE_RETURN_IF_ERROR(fillName(conn, out));

  CARTABLE_ASSIGN_OR_RETURN(DaySums school,
                            detail::cellSums(conn, area, period, "school", schoolMetrics()));
  CARTABLE_ASSIGN_OR_RETURN(auto roles, detail::roleSums(conn, area, period, roleMetrics()));
  CARTABLE_ASSIGN_OR_RETURN(auto counts, detail::reportCounts(conn, area, period));
  out.schools = counts.first;
  out.reports = counts.second;

  auto every_day = [](const std::string&) { return true; };
  for (const Indicator& indicator : publicIndicators()) {
    IndicatorValue value;
    value.indicator = &indicator;
    value.ratio = indicatorRatio(indicator, school, every_day);
    value.value = indicatorValue(indicator, value.ratio);
    out.indicators.push_back(value);
  }
  const int period_days =
      static_cast<int>((*civil::parseDay(period.to) - *civil::parseDay(period.from)).count()) + 1;
  for (const char* role : kRoleOrder) {
    auto found = roles.find(role);
    if (found == roles.end()) continue;
    if (!found->second.empty())
      out.adoption.push_back(adoptionOf(role, found->second, period_days));
  }
  out.messages = total(school, "messages.sent");
  out.documents = total(school, "documents.shared");
  out.helpdesk_opened = total(school, "helpdesk.opened");
  CARTABLE_ASSIGN_OR_RETURN(out.grades, detail::gradeSummaries(conn, area, period));
  // The trend reads only what its series need, over the longer range; a
  // period that starts on 1 September already holds them.
  if (out.trend_range.from == period.from) {
    out.trend = trendWeeks(out.trend_range, school, roles);
  } else {
    CARTABLE_ASSIGN_OR_RETURN(DaySums trend_school,
                              detail::cellSums(conn, area, out.trend_range, "school",
                                               {"attendance.expected", "attendance.absent",
                                                "handin.expected", "handin.on_time"}));
    CARTABLE_ASSIGN_OR_RETURN(auto trend_roles, detail::roleSums(conn, area, out.trend_range,
                                                                 {"adoption.active_week"}));
    out.trend = trendWeeks(out.trend_range, trend_school, trend_roles);
  }
  CARTABLE_RETURN_IF_ERROR(fillChildren(conn, area, period, out));
  return out;
}

}  // namespace cartable::federation::hub
