#include <cstdlib>
#include <set>
#include <string>

#include "early_warning/thresholds.h"

namespace cartable::early_warning {

namespace {

bool reaches(Indicator indicator, std::int64_t value, std::int64_t threshold) {
  return lowIsWorse(indicator) ? value <= threshold : value >= threshold;
}

bool worse(Indicator indicator, std::int64_t value, std::optional<std::int64_t> usual) {
  if (!usual) return true;
  return lowIsWorse(indicator) ? value < *usual : value > *usual;
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

Assessment assess(const StudentIndicators& student, const Thresholds& thresholds) {
  Assessment out;
  out.weeks_with_signs = student.weeks_with_signs;
  bool any_strong = false;
  for (Indicator indicator : kIndicators) {
    const auto value = student.value(indicator);
    const Threshold& t = thresholds.of(indicator);
    if (!value || !reaches(indicator, *value, t.threshold)) continue;
    const auto usual = student.usualValue(indicator);
    const bool strong = reaches(indicator, *value, t.strong);
    if (!strong && !worse(indicator, *value, usual)) continue;
    Reason reason{indicator, *value, t.threshold, t.strong, strong, usual, ""};
    if (indicator == Indicator::grade_gap) reason.detail = gapDetail(student);
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
