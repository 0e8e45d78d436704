#include <cstdlib>
#include <set>
#include <string>

#include "early_warning/thresholds.h"

namespace cartable::early_warning {

namespace {

bool reaches(Indicator indicator, std::int64_t value, std::int64_t threshold) {
  return lowIsWorse(indicator) ? value <= threshold : value >= threshold;
}

bool counted(Indicator indicator) {
  return !inPoints(indicator);
}

// Three quarters of the threshold, rounded up: how far a count must rise
// above the student's usual (and reach) to cross under its threshold.
std::int64_t riseOf(std::int64_t threshold) {
  return (3 * threshold + 3) / 4;
}

bool rose(Indicator indicator, std::int64_t value, std::optional<std::int64_t> usual,
          std::int64_t threshold) {
  if (!counted(indicator) || !usual) return false;
  const std::int64_t rise = riseOf(threshold);
  return value >= rise && value - *usual >= rise;
}

int weeksShown(const StudentIndicators& student, Indicator indicator) {
  int weeks = 0;
  for (const std::int64_t events : student.weekly[static_cast<std::size_t>(indicator)]) {
    weeks += events > 0 ? 1 : 0;
  }
  return weeks;
}

// For a count: "sur 3 semaines", and the rise when it crossed by rising.
std::string countDetail(int weeks, bool by_rise, std::int64_t value,
                        std::optional<std::int64_t> usual) {
  std::string detail = "sur " + std::to_string(weeks) + " semaines";
  if (by_rise && usual) {
    detail += ", +" + std::to_string(value - *usual) + " par rapport à l'habitude";
  }
  return detail;
}

std::string points(std::int64_t hundredths) {
  const std::int64_t whole = hundredths / 100, cents = std::abs(hundredths % 100);
  std::string out = (hundredths < 0 && whole == 0 ? "-" : "") + std::to_string(whole);
  if (cents != 0)
    out += (cents % 10 == 0 ? "," + std::to_string(cents / 10)
                            : (cents < 10 ? ",0" : ",") + std::to_string(cents));
  return out;
}

// The subjects behind the grade gap: "Mathématiques 7,5 (classe 12,3)".
std::string gapDetail(const StudentIndicators& student) {
  std::string detail;
  for (const SubjectGap& gap : student.gaps) {
    if (!detail.empty()) detail += " ; ";
    detail += gap.subject + " " + points(gap.student) + " (classe " + points(gap.class_mean) + ")";
  }
  return detail;
}

// Indicators reading the same events share a family, which counts once.
int familyOf(Indicator indicator) {
  switch (indicator) {
    case Indicator::unjustified_half_days:
      return static_cast<int>(Indicator::absence_half_days);
    case Indicator::grade_drop:
      return static_cast<int>(Indicator::grade_gap);
    default:
      return static_cast<int>(indicator);
  }
}

}  // namespace

std::string_view levelName(int level) {
  return level >= 2 ? "alerte" : level == 1 ? "vigilance" : "";
}

std::string_view ruleName(RuleKind rule) {
  return rule == RuleKind::evidence ? "evidence" : "thresholds";
}

std::optional<RuleKind> parseRule(std::string_view name) {
  if (name == "evidence") return RuleKind::evidence;
  if (name == "thresholds") return RuleKind::thresholds;
  return std::nullopt;
}

Assessment assess(const StudentIndicators& student, const Thresholds& thresholds) {
  return thresholds.rule == RuleKind::evidence ? assessByEvidence(student, thresholds)
                                               : assessByThresholds(student, thresholds);
}

Assessment assessByThresholds(const StudentIndicators& student, const Thresholds& thresholds) {
  Assessment out;
  out.weeks_with_signs = student.weeks_with_signs;
  bool any_strong = false;
  for (Indicator indicator : kIndicators) {
    const auto value = student.value(indicator);
    if (!value) continue;
    const Threshold& t = thresholds.of(indicator);
    const auto usual = student.usualValue(indicator);
    const bool by_level = reaches(indicator, *value, t.threshold);
    const bool by_rise = !by_level && rose(indicator, *value, usual, t.threshold);
    if (!by_level && !by_rise) continue;
    const int weeks = weeksShown(student, indicator);
    if (counted(indicator) && weeks < kIndicatorMinWeeks) continue;
    const bool strong = reaches(indicator, *value, t.strong);
    Reason reason{indicator, *value, t.threshold, t.strong, strong, usual, "", {}, {}};
    if (indicator == Indicator::grade_gap) reason.detail = gapDetail(student);
    if (counted(indicator)) reason.detail = countDetail(weeks, by_rise, *value, usual);
    any_strong = any_strong || reason.strong;
    out.reasons.push_back(std::move(reason));
  }
  std::set<int> families;
  for (const Reason& reason : out.reasons) families.insert(familyOf(reason.indicator));
  const int crossed = static_cast<int>(families.size());
  if (student.weeks_with_signs < thresholds.min_weeks) return out;
  if (crossed >= thresholds.alert_count || (crossed >= thresholds.vigilance_count && any_strong)) {
    out.level = 2;
  } else if (crossed >= thresholds.vigilance_count) {
    out.level = 1;
  }
  return out;
}

}  // namespace cartable::early_warning
