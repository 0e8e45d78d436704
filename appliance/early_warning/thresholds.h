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
// That is the "thresholds" rule. The default is the "evidence" rule
// (evidence.cpp), which weighs every indicator at once:
// - each indicator says how surprising it is, in evidence (a log-likelihood
//   ratio: 0 when nothing is unusual, about 2 for a count twice as high as
//   usual over a few events), against two bases:
//   * its rise: the last four weeks against the student's usual (the eight
//     weeks before, with four weeks at the class's habit added so that a
//     quiet record is not read as "never"), counts as Poisson events (the
//     absences, which come in spells of several half-days, weigh a third),
//     the grade drop and the quiz mean as a z-score against their noise;
//   * its lasting level: the twelve weeks against the class's habit (the
//     absences weigh half), and the grade gap to the class;
// - the evidence of a basis is the sum over its indicators (the half-days
//   absent and those unjustified read the same absences: the larger counts);
// - vigilance (level 1): the rise reaches `evidence.vigilance` or the lasting
//   level `evidence.lasting_vigilance`; alerte (level 2): `evidence.alert`
//   or `evidence.lasting_alert`;
// - each reason tells the indicator's value, the student's usual, its
//   evidence and its share of the basis that raised the alert.
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

// Which rule turns the indicators into an alert.
enum class RuleKind { thresholds, evidence };
// "thresholds", "evidence"; and back (none for another name).
std::string_view ruleName(RuleKind rule);
std::optional<RuleKind> parseRule(std::string_view name);

// The evidence rule's levels, in hundredths of evidence.
struct EvidenceThresholds {
  std::int64_t vigilance = 400;
  std::int64_t alert = 600;
  std::int64_t lasting_vigilance = 800;
  std::int64_t lasting_alert = 1000;
  bool operator==(const EvidenceThresholds&) const = default;
};

struct Thresholds {
  std::array<Threshold, kIndicatorCount> indicators{};
  int vigilance_count = 2;
  int alert_count = 3;
  int min_weeks = 3;
  RuleKind rule = RuleKind::evidence;
  EvidenceThresholds evidence;

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
// "alert_count" (vigilance_count..8), "min_weeks" (1..4),
// "evidence.vigilance" and "evidence.lasting_vigilance" (0.01..100),
// "evidence.alert" and "evidence.lasting_alert" (their vigilance..100).
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
  // The evidence rule's: the indicator's evidence (hundredths) and its share
  // of the evidence of the basis that raised the alert (percent).
  std::optional<std::int64_t> evidence;
  std::optional<int> share;
  bool operator==(const Reason&) const = default;
};

struct Assessment {
  int level = 0;                // 0: no alert, 1 vigilance, 2 alerte
  std::vector<Reason> reasons;  // every indicator that crossed, in kIndicators order
  int weeks_with_signs = 0;
  // The evidence rule's sums, in hundredths: the rise against the student's
  // usual, the lasting level against the class.
  std::int64_t rise_evidence = 0;
  std::int64_t lasting_evidence = 0;
};

// The school's rule (thresholds.rule) applied to one student's indicators.
Assessment assess(const StudentIndicators& student, const Thresholds& thresholds);
// Each rule on its own.
Assessment assessByThresholds(const StudentIndicators& student, const Thresholds& thresholds);
Assessment assessByEvidence(const StudentIndicators& student, const Thresholds& thresholds);

// One indicator's evidence (not weighted, in natural units) on each basis,
// as the evidence rule reads it; 0 when it cannot be measured or is not worse.
double riseEvidence(const StudentIndicators& student, Indicator indicator);
double lastingEvidence(const StudentIndicators& student, Indicator indicator);

// "vigilance", "alerte".
std::string_view levelName(int level);

}  // namespace cartable::early_warning
