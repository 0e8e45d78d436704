// The thresholds the school sets, and the rule that turns indicators into an
// alert. The rule, as a teacher reads it:
// - an indicator crosses when its value reaches its threshold (or, for the
//   quiz mean, falls to it), usual or not: a difficulty that lasts is one;
// - a count also crosses when it rose, against what is usual for the student
//   (the same count over the eight weeks before, brought to four), by three
//   quarters of its threshold (rounded up) and reaches that much;
// - a count crosses only when its events show in at least 2 of the 4 weeks
//   (kIndicatorMinWeeks): a bad week alone does not make it cross;
// - it crosses strongly when it reaches its strong threshold;
// - indicators that read the same events count once: the half-days absent
//   and those unjustified (absences), the grade gap and the grade drop (grades);
// - vigilance (level 1): at least `vigilance_count` indicators cross;
// - alerte (level 2): at least `alert_count` cross, or `vigilance_count`
//   cross and one of them strongly;
// - and in either case the signs show in at least `min_weeks` of the four
//   weeks: one bad week alone raises nothing.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "early_warning/indicators.h"

namespace cartable::early_warning {

// The weeks of the window a count's events must show in for it to cross.
inline constexpr int kIndicatorMinWeeks = 2;

struct Threshold {
  std::int64_t threshold = 0;  // counts, or hundredths of points
  std::int64_t strong = 0;     // beyond threshold on the worrying side
  bool operator==(const Threshold&) const = default;
};

struct Thresholds {
  std::array<Threshold, kIndicatorCount> indicators{};
  int vigilance_count = 2;
  int alert_count = 3;
  int min_weeks = 3;

  const Threshold& of(Indicator indicator) const {
    return indicators[static_cast<std::size_t>(indicator)];
  }
  Threshold& of(Indicator indicator) { return indicators[static_cast<std::size_t>(indicator)]; }
  bool operator==(const Thresholds&) const = default;
};

// The defaults (README, "Early warning"): over four weeks, 4 half-days
// absent (strong 8), 2 unjustified (strong 4, the legal absenteeism mark of
// a month), 3 times late (strong 6), 4 missing hand-ins (strong 6), 3 late
// (strong 6), 4 points below the class (strong 5), 1.2 points lost against
// the class (strong 4), a quiz mean of 8/20 or less (strong 5); 2 indicators
// for vigilance, 3 for alerte, signs in 3 weeks at least.
Thresholds defaultThresholds();

// invalid_argument naming the field: "indicators.<name>.threshold" or
// ".strong" (negative, above 20 points or 100 events, or a strong threshold
// on the mild side of the threshold), "vigilance_count" (1..8),
// "alert_count" (vigilance_count..8), "min_weeks" (1..4).
Status checkThresholds(const Thresholds& thresholds);

// The school's thresholds: the defaults overridden by what the admin set.
Result<Thresholds> loadThresholds(storage::Connection& db);
// Checks and stores every value (those equal to the default too, so that a
// later change of defaults leaves the school's choice alone).
Status saveThresholds(storage::Connection& db, const Thresholds& thresholds, std::int64_t admin_id,
                      Seconds now);

// Why an alert was raised: one indicator that crossed its threshold.
struct Reason {
  Indicator indicator = Indicator::absence_half_days;
  std::int64_t value = 0;
  std::int64_t threshold = 0;
  std::int64_t strong_threshold = 0;
  bool strong = false;
  std::optional<std::int64_t> usual;  // what is usual for the student, when known
  std::string detail;                 // e.g. the subjects below the class; may be empty
  bool operator==(const Reason&) const = default;
};

struct Assessment {
  int level = 0;                // 0: no alert, 1 vigilance, 2 alerte
  std::vector<Reason> reasons;  // every indicator that crossed, in kIndicators order
  int weeks_with_signs = 0;
};

// The rule above applied to one student's indicators.
Assessment assess(const StudentIndicators& student, const Thresholds& thresholds);

// "vigilance", "alerte".
std::string_view levelName(int level);

}  // namespace cartable::early_warning
