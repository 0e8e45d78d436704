#include "federation/hub/indicators.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/base/civil_date.h"

namespace cartable::federation::hub {
namespace {

// An area's sums of an indicator on one day: the schools whose denominator
// is above 0, and their numerators and denominators.
struct AreaSum {
  int schools = 0;
  double numerator = 0;
  double denominator = 0;

  void add(const AreaSum& other) {
    schools += other.schools;
    numerator += other.numerator;
    denominator += other.denominator;
  }
};

// Each day of a range (by its offset from the first) → department → sums.
using SumsByDay = std::vector<std::map<std::string, AreaSum>>;

double rounded(double value, int decimals) {
  const double factor = std::pow(10.0, decimals);
  return std::round(value * factor) / factor;
}

AreaDay published(const Indicator& indicator, const AreaSum& sum) {
  AreaDay area;
  area.schools = sum.schools;
  area.status = AreaStatus::published;
  area.numerator = sum.numerator;
  area.denominator = sum.denominator;
  const double share = sum.numerator / sum.denominator;
  area.value =
      rounded(indicator.scale * (indicator.complement ? 1 - share : share), indicator.decimals);
  return area;
}

AreaDay withheld(int schools) {
  AreaDay area;
  area.schools = schools;
  area.status = schools == 0 ? AreaStatus::no_report : AreaStatus::too_few_schools;
  return area;
}

AreaDay areaOf(const Indicator& indicator, const AreaSum& sum) {
  return sum.schools < kMinSchools ? withheld(sum.schools) : published(indicator, sum);
}

// Hides the smallest shown departments until the schools of the hidden ones
// number 0 or at least kMinSchools: the region minus the departments shown
// must not give back one or two schools.
void suppressComplementary(std::map<std::string, AreaDay>& departments) {
  int hidden = 0;
  for (const auto& [name, area] : departments) {
    if (area.status == AreaStatus::too_few_schools) hidden += area.schools;
  }
  while (hidden > 0 && hidden < kMinSchools) {
    AreaDay* smallest = nullptr;
    for (auto& [name, area] : departments) {
      if (area.status != AreaStatus::published) continue;
      if (smallest == nullptr || area.schools < smallest->schools) smallest = &area;
    }
    if (smallest == nullptr) return;
    *smallest = AreaDay{smallest->schools, AreaStatus::complementary, {}, {}, {}};
    hidden += smallest->schools;
  }
}

IndicatorDay dayOf(const Indicator& indicator, const std::string& day,
                   const std::map<std::string, AreaSum>& of_day,
                   const std::vector<std::string>& departments) {
  AreaSum region;
  std::map<std::string, AreaSum> sums;
  for (const auto& department : departments) sums[department];
  for (const auto& [department, sum] : of_day) {
    if (sum.schools == 0 || sum.denominator <= 0) continue;
    region.add(sum);
    sums[department].add(sum);
  }
  IndicatorDay out;
  out.day = day;
  out.region = areaOf(indicator, region);
  for (const auto& [department, sum] : sums) out.departments[department] = areaOf(indicator, sum);
  suppressComplementary(out.departments);
  return out;
}

// Each department's sums of the indicator per day, from the totals kept as
// reports arrive (area_days.h). For a ratio, a school counts on a day where
// its denominator is above 0; for a figure per student, where it reported
// the figure (its n, the students enrolled, is the denominator).
Status readAreaSums(storage::Connection& conn, const Indicator& indicator, const DayRange& range,
                    SumsByDay& sums) {
  const bool of_n = indicator.denominator == "n";
  const civil::Day first = *civil::parseDay(range.from);
  sums.assign(static_cast<std::size_t>((*civil::parseDay(range.to) - first).count() + 1), {});
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, conn.query("SELECT metric, day, department, value_sum, n_sum, cells, positive "
                            "FROM regional_area_days WHERE scope = 'school' AND metric IN (?, ?) "
                            "AND day BETWEEN ? AND ?",
                            indicator.numerator, indicator.denominator, range.from, range.to));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return okStatus();
    const auto day = civil::parseDay(rows.text(1));
    if (!day) continue;
    AreaSum& sum = sums[static_cast<std::size_t>((*day - first).count())][rows.text(2)];
    if (rows.text(0) == indicator.numerator) {
      sum.numerator = rows.real(3);
      if (!of_n) continue;
      sum.denominator = static_cast<double>(rows.int64(4));
      sum.schools = static_cast<int>(rows.int64(5));
    } else {
      sum.denominator = rows.real(3);
      sum.schools = static_cast<int>(rows.int64(6));
    }
  }
}

Result<civil::Day> dayParameter(const std::string& text, const std::string& field) {
  auto day = civil::parseDay(text);
  if (!day) {
    return makeError(Errc::invalid_argument,
                     field + " must be a date YYYY-MM-DD, got \"" + text + "\"", field);
  }
  return *day;
}

}  // namespace

const std::vector<Indicator>& publicIndicators() {
  static const std::vector<Indicator> indicators = {
      {"attendance.rate", "Taux de présence", "ratio",
       "1 − (élèves-cours absents / élèves-cours dont l'appel a été fait)", "attendance.absent",
       "attendance.expected", 1, true, 4},
      {"attendance.late_rate", "Taux de retard", "ratio",
       "élèves-cours en retard / élèves-cours dont l'appel a été fait", "attendance.late",
       "attendance.expected", 1, false, 4},
      {"absence.half_days_per_100", "Demi-journées d'absence pour 100 élèves", "per_100_students",
       "100 × demi-journées d'absence / élèves inscrits", "absence.half_days", "n", 100, false, 2},
      {"absence.unjustified_share", "Part des demi-journées d'absence non justifiées", "ratio",
       "demi-journées d'absence non justifiées / demi-journées d'absence",
       "absence.unjustified_half_days", "absence.half_days", 1, false, 4},
      {"handin.on_time_rate", "Taux de devoirs rendus à l'heure", "ratio",
       "devoirs rendus à l'heure / devoirs attendus ce jour-là", "handin.on_time",
       "handin.expected", 1, false, 4},
      {"handin.missing_rate", "Taux de devoirs non rendus", "ratio",
       "devoirs non rendus / devoirs attendus ce jour-là", "handin.missing", "handin.expected", 1,
       false, 4},
      {"homework.posted_per_100", "Devoirs donnés pour 100 élèves", "per_100_students",
       "100 × devoirs donnés ce jour-là / élèves inscrits", "homework.posted", "n", 100, false, 2},
  };
  return indicators;
}

const Indicator* findIndicator(std::string_view name) {
  for (const auto& indicator : publicIndicators()) {
    if (indicator.name == name) return &indicator;
  }
  return nullptr;
}

std::string_view statusName(AreaStatus status) {
  switch (status) {
    case AreaStatus::published:
      return "published";
    case AreaStatus::no_report:
      return "no_report";
    case AreaStatus::too_few_schools:
      return "too_few_schools";
    case AreaStatus::complementary:
      return "complementary";
  }
  return "published";
}

Result<DayRange> parseDayRange(const std::string& from, const std::string& to) {
  CARTABLE_ASSIGN_OR_RETURN(civil::Day first, dayParameter(from, "from"));
  CARTABLE_ASSIGN_OR_RETURN(civil::Day last, dayParameter(to, "to"));
  if (first > last) {
    return makeError(Errc::invalid_argument, "from (" + from + ") is after to (" + to + ")",
                     "from");
  }
  if ((last - first).count() + 1 > kMaxIndicatorDays) {
    return makeError(Errc::invalid_argument,
                     "from " + from + " to " + to + " spans more than " +
                         std::to_string(kMaxIndicatorDays) + " days",
                     "to");
  }
  return DayRange{from, to};
}

// One seek per school year and department on the (school_year, department, …)
// index, rather than a read of every report the hub holds.
Result<std::vector<std::string>> reportingDepartments(storage::Connection& conn) {
  std::set<std::string> departments;
  std::string year;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(
        auto next_year,
        conn.query("SELECT min(school_year) FROM regional_reports WHERE school_year > ?", year));
    CARTABLE_ASSIGN_OR_RETURN(bool found, next_year.step());
    if (!found || next_year.isNull(0)) break;
    year = next_year.text(0);
    std::string department;
    for (;;) {
      CARTABLE_ASSIGN_OR_RETURN(
          auto next,
          conn.query("SELECT min(department) FROM regional_reports WHERE school_year = ? "
                     "AND department > ?",
                     year, department));
      CARTABLE_ASSIGN_OR_RETURN(bool any, next.step());
      if (!any || next.isNull(0)) break;
      department = next.text(0);
      departments.insert(department);
    }
  }
  return std::vector<std::string>(departments.begin(), departments.end());
}

Result<std::optional<std::string>> latestReportedDay(storage::Connection& conn) {
  // Each school's latest day along the primary key (uai, day): a plain
  // max(day) would read the whole table, as no index leads with the day.
  // Reports come only from schools the hub registered, whose rows it keeps.
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, conn.query("SELECT max((SELECT max(day) FROM regional_reports r WHERE r.uai = "
                            "s.uai)) FROM federation_schools s"));
  CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
  if (!more) return std::optional<std::string>{};
  return rows.optionalText(0);
}

Result<std::vector<IndicatorDay>> indicatorDays(storage::Connection& conn,
                                                const Indicator& indicator, const DayRange& range) {
  CARTABLE_ASSIGN_OR_RETURN(auto departments, reportingDepartments(conn));
  SumsByDay sums;
  CARTABLE_RETURN_IF_ERROR(readAreaSums(conn, indicator, range, sums));
  std::vector<IndicatorDay> days;
  civil::Day day = *civil::parseDay(range.from);
  for (const auto& of_day : sums) {
    days.push_back(dayOf(indicator, civil::formatDay(day), of_day, departments));
    day += std::chrono::days(1);
  }
  return days;
}

}  // namespace cartable::federation::hub
