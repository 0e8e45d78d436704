// The evidence rule (thresholds.h): how surprising each indicator is against
// the student's usual (its rise) and against the class (its lasting level),
// summed over the indicators. How its constants were chosen: README, "How the
// rule and defaults were chosen".
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "early_warning/thresholds.h"

namespace cartable::early_warning {

namespace {

// The class's habit stands in for this many weeks of the student's own
// record: eight quiet weeks do not make "never" the usual.
constexpr double kClassWeeks = 4;
// The least usual a count is read against, events per four weeks (rise) and
// per twelve weeks (lasting level): one event is not a surprise.
constexpr double kRiseFloor = 1.0;
constexpr double kLastingFloor = 0.5;
// Absences come in spells of a few half-days, not one by one: their evidence
// as Poisson events is divided by about the length of a spell.
constexpr double kAbsenceRiseWeight = 1.0 / 3.0;
constexpr double kAbsenceLastingWeight = 1.0 / 2.0;
// The spread of one grade around its evaluation's mean, of a subject's mean
// around the class's, and of a quiz mean, in points.
constexpr double kGradeNoise = 2.5;
constexpr double kGapNoise = 2.5;
constexpr double kQuizNoise = 3.0;
// The weeks the lasting level reads: the window and the earlier period.
constexpr double kLastingWeeks = (kWindowDays + kEarlierDays) / 7.0;

std::size_t at(Indicator indicator) {
  return static_cast<std::size_t>(indicator);
}

bool counted(Indicator indicator) {
  return !inPoints(indicator);
}

// Poisson log-likelihood ratio of `seen` events against an expected `usual`:
// how much more likely the count is at its own rate than at the usual one.
double poissonEvidence(double seen, double usual) {
  if (seen <= usual) return 0;
  return seen * std::log(seen / usual) - (seen - usual);
}

// A shift of `z` standard deviations on the worrying side, as a Gaussian
// log-likelihood ratio.
double gaussianEvidence(double z) {
  return z > 0 ? z * z / 2 : 0;
}

double countRise(const StudentIndicators& s, Indicator indicator) {
  const auto value = s.value(indicator);
  if (!value) return 0;
  const double weeks = kEarlierDays / 7.0 + kClassWeeks;
  const double usual = (static_cast<double>(s.earlier[at(indicator)]) +
                        s.class_usual[at(indicator)] * kClassWeeks / kWindowWeeks) *
                       kWindowWeeks / weeks;
  const double weight =
      indicator == Indicator::absence_half_days || indicator == Indicator::unjustified_half_days
          ? kAbsenceRiseWeight
          : 1.0;
  return weight * poissonEvidence(static_cast<double>(*value), std::max(usual, kRiseFloor));
}

double countLasting(const StudentIndicators& s, Indicator indicator) {
  const auto value = s.value(indicator);
  if (!value || indicator == Indicator::unjustified_half_days) return 0;
  const double seen = static_cast<double>(*value + s.earlier[at(indicator)]);
  const double usual = s.class_usual[at(indicator)] * kLastingWeeks / kWindowWeeks;
  const double weight = indicator == Indicator::absence_half_days ? kAbsenceLastingWeight : 1.0;
  return weight * poissonEvidence(seen, std::max(usual, kLastingFloor));
}

double gradeDropRise(const StudentIndicators& s) {
  const auto drop = s.value(Indicator::grade_drop);
  if (!drop || s.recent_grades < 2 || s.earlier_grades < 2) return 0;
  const double noise = kGradeNoise * std::sqrt(1.0 / s.recent_grades + 1.0 / s.earlier_grades);
  return gaussianEvidence(static_cast<double>(*drop) / 100.0 / noise);
}

double quizRise(const StudentIndicators& s) {
  const auto mean = s.value(Indicator::quiz_mean), usual = s.usualValue(Indicator::quiz_mean);
  if (!mean || !usual) return 0;
  return gaussianEvidence(static_cast<double>(*usual - *mean) / 100.0 / kQuizNoise);
}

std::string decimal(double value) {
  const long tenths = std::lround(value * 10);
  std::string out = std::to_string(tenths / 10);
  if (tenths % 10 != 0) out += "," + std::to_string(std::labs(tenths % 10));
  return out;
}

std::string points(std::int64_t hundredths) {
  return decimal(static_cast<double>(hundredths) / 100.0);
}

int weeksShown(const StudentIndicators& s, Indicator indicator) {
  int weeks = 0;
  for (const std::int64_t events : s.weekly[at(indicator)]) weeks += events > 0 ? 1 : 0;
  return weeks;
}

// What a teacher reads beside the value: over which weeks, against what.
std::string riseDetail(const StudentIndicators& s, Indicator indicator) {
  if (counted(indicator)) {
    std::string detail = "sur " + std::to_string(weeksShown(s, indicator)) + " semaines";
    const auto usual = s.usualValue(indicator);
    const std::int64_t rise = *s.value(indicator) - usual.value_or(0);
    if (rise > 0) detail += ", +" + std::to_string(rise) + " par rapport à l'habitude";
    return detail;
  }
  if (indicator == Indicator::grade_drop) {
    return "sur " + std::to_string(s.recent_grades) + " notes, contre " +
           std::to_string(s.earlier_grades) + " avant";
  }
  return "";
}

std::string lastingDetail(const StudentIndicators& s, Indicator indicator) {
  if (counted(indicator)) {
    const double class_usual = s.class_usual[at(indicator)] * kLastingWeeks / kWindowWeeks;
    return "sur 12 semaines : " + std::to_string(*s.value(indicator) + s.earlier[at(indicator)]) +
           " (classe : " + decimal(class_usual) + ")";
  }
  std::string detail;
  for (const SubjectGap& gap : s.gaps) {
    if (!detail.empty()) detail += " ; ";
    detail += gap.subject + " " + points(gap.student) + " (classe " + points(gap.class_mean) + ")";
  }
  return detail;
}

bool reaches(Indicator indicator, std::int64_t value, std::int64_t threshold) {
  return lowIsWorse(indicator) ? value <= threshold : value >= threshold;
}

// Each indicator's evidence on a basis, as shown.
std::array<double, kIndicatorCount> evidenceOf(const StudentIndicators& s, bool rise) {
  std::array<double, kIndicatorCount> out{};
  for (Indicator indicator : kIndicators) {
    out[at(indicator)] = rise ? riseEvidence(s, indicator) : lastingEvidence(s, indicator);
  }
  return out;
}

// The same as added to the basis's sum: of the two absence indicators, which
// read the same absences, only the larger counts.
std::array<double, kIndicatorCount> countedOnce(std::array<double, kIndicatorCount> evidence) {
  double& absent = evidence[at(Indicator::absence_half_days)];
  double& unjustified = evidence[at(Indicator::unjustified_half_days)];
  (absent >= unjustified ? unjustified : absent) = 0;
  return evidence;
}

std::int64_t hundredths(double value) {
  return static_cast<std::int64_t>(std::llround(value * 100));
}

std::vector<Reason> reasonsOf(const StudentIndicators& s, const Thresholds& thresholds,
                              const std::array<double, kIndicatorCount>& shown, bool rise) {
  const auto evidence = countedOnce(shown);
  double sum = 0;
  for (const double e : evidence) sum += e;
  std::vector<Reason> out;
  for (Indicator indicator : kIndicators) {
    const double e = shown[at(indicator)], share = evidence[at(indicator)];
    const auto value = s.value(indicator);
    if (!value || hundredths(e) <= 0) continue;
    const Threshold& t = thresholds.of(indicator);
    std::string detail = rise ? riseDetail(s, indicator) : lastingDetail(s, indicator);
    if (share == 0) detail += " ; mêmes absences, comptées une fois";
    out.push_back({indicator, *value, t.threshold, t.strong, reaches(indicator, *value, t.strong),
                   s.usualValue(indicator), detail, hundredths(e),
                   static_cast<int>(std::lround(100 * share / sum))});
  }
  return out;
}

int levelOf(std::int64_t evidence, std::int64_t vigilance, std::int64_t alert) {
  return evidence >= alert ? 2 : evidence >= vigilance ? 1 : 0;
}

}  // namespace

double riseEvidence(const StudentIndicators& student, Indicator indicator) {
  if (counted(indicator)) return countRise(student, indicator);
  if (indicator == Indicator::grade_drop) return gradeDropRise(student);
  if (indicator == Indicator::quiz_mean) return quizRise(student);
  return 0;  // the grade gap rises through the grade drop
}

double lastingEvidence(const StudentIndicators& student, Indicator indicator) {
  if (counted(indicator)) return countLasting(student, indicator);
  if (indicator != Indicator::grade_gap) return 0;
  const auto gap = student.value(indicator);
  return gap ? gaussianEvidence(static_cast<double>(*gap) / 100.0 / kGapNoise) : 0;
}

Assessment assessByEvidence(const StudentIndicators& student, const Thresholds& thresholds) {
  Assessment out;
  out.weeks_with_signs = student.weeks_with_signs;
  const auto rise = evidenceOf(student, true), lasting = evidenceOf(student, false);
  for (const double e : countedOnce(rise)) out.rise_evidence += hundredths(e);
  for (const double e : countedOnce(lasting)) out.lasting_evidence += hundredths(e);
  const EvidenceThresholds& t = thresholds.evidence;
  const int by_rise = levelOf(out.rise_evidence, t.vigilance, t.alert);
  const int by_level = levelOf(out.lasting_evidence, t.lasting_vigilance, t.lasting_alert);
  out.level = std::max(by_rise, by_level);
  // The reasons of the basis that raised the alert (the higher, against its
  // vigilance level, when both or neither did).
  const bool rise_explains = by_rise != by_level ? by_rise > by_level
                                                 : static_cast<double>(out.rise_evidence) /
                                                           static_cast<double>(t.vigilance) >=
                                                       static_cast<double>(out.lasting_evidence) /
                                                           static_cast<double>(t.lasting_vigilance);
  out.reasons = reasonsOf(student, thresholds, rise_explains ? rise : lasting, rise_explains);
  return out;
}

}  // namespace cartable::early_warning
