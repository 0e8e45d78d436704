// The alert rule and the thresholds, on indicators given directly.
#include <gtest/gtest.h>

#include "early_warning/thresholds.h"

namespace cartable::early_warning {
namespace {

// A student with every count at 0, no grade and no quiz, signs in `weeks` weeks.
StudentIndicators quietStudent(int weeks = 4) {
  StudentIndicators s;
  s.student_id = 7;
  s.class_id = 3;
  s.weeks_with_signs = weeks;
  for (Indicator i : {Indicator::absence_half_days, Indicator::unjustified_half_days,
                      Indicator::lateness, Indicator::missing_hand_ins, Indicator::late_hand_ins}) {
    s.values[static_cast<std::size_t>(i)] = 0;
  }
  return s;
}

// A count's events spread over the two latest weeks (one week for a single
// event); points as they are.
void set(StudentIndicators& s, Indicator i, std::int64_t value) {
  s.values[static_cast<std::size_t>(i)] = value;
  if (inPoints(i)) return;
  s.weekly[static_cast<std::size_t>(i)] = {value - value / 2, value / 2, 0, 0};
}

void setUsual(StudentIndicators& s, Indicator i, std::int64_t value) {
  s.usual[static_cast<std::size_t>(i)] = value;
}

TEST(AlertRule, AnIndicatorCrossesAtItsThresholdNotJustUnder) {
  const Thresholds t = defaultThresholds();  // absences 4, lateness 3
  StudentIndicators s = quietStudent();
  set(s, Indicator::lateness, 3);
  set(s, Indicator::absence_half_days, 3);
  EXPECT_EQ(assess(s, t).level, 0);
  ASSERT_EQ(assess(s, t).reasons.size(), 1u);
  EXPECT_EQ(assess(s, t).reasons[0].indicator, Indicator::lateness);
  set(s, Indicator::absence_half_days, 4);
  EXPECT_EQ(assess(s, t).level, 1);
  set(s, Indicator::absence_half_days, 5);
  EXPECT_EQ(assess(s, t).level, 1);
}

TEST(AlertRule, TheQuizMeanCrossesWhenItFallsToItsThreshold) {
  const Thresholds t = defaultThresholds();  // 8/20, strong 5/20
  StudentIndicators s = quietStudent();
  set(s, Indicator::lateness, 3);
  set(s, Indicator::quiz_mean, 801);
  EXPECT_EQ(assess(s, t).level, 0);
  set(s, Indicator::quiz_mean, 800);
  EXPECT_EQ(assess(s, t).level, 1);
  set(s, Indicator::quiz_mean, 500);
  EXPECT_EQ(assess(s, t).level, 2) << "two crossed, the quiz mean strongly";
}

TEST(AlertRule, OneIndicatorAloneRaisesNothingEvenStrong) {
  const Thresholds t = defaultThresholds();
  StudentIndicators s = quietStudent();
  set(s, Indicator::unjustified_half_days, 4);  // the strong threshold
  const Assessment a = assess(s, t);
  EXPECT_EQ(a.level, 0);
  ASSERT_EQ(a.reasons.size(), 1u);
  EXPECT_TRUE(a.reasons[0].strong);
}

TEST(AlertRule, ALastingDifficultyCrossesAtItsThresholdWhateverIsUsual) {
  const Thresholds t = defaultThresholds();  // missing 4 (strong 6), lateness 3
  StudentIndicators s = quietStudent();
  set(s, Indicator::lateness, 3);
  set(s, Indicator::missing_hand_ins, 4);
  setUsual(s, Indicator::missing_hand_ins, 5);
  const Assessment a = assess(s, t);
  EXPECT_EQ(a.level, 1) << "4 missing hand-ins is a difficulty, even when usual";
  ASSERT_EQ(a.reasons.size(), 2u);
  EXPECT_EQ(a.reasons[1].usual, 5);
  EXPECT_EQ(a.reasons[1].detail, "sur 2 semaines");
}

TEST(AlertRule, UnderItsThresholdACountCrossesWhenItRoseThreeQuartersOfItAboveUsual) {
  const Thresholds t = defaultThresholds();  // missing 4: rise of 3; lateness 3
  StudentIndicators s = quietStudent();
  set(s, Indicator::lateness, 3);
  set(s, Indicator::missing_hand_ins, 3);
  setUsual(s, Indicator::missing_hand_ins, 1);
  EXPECT_EQ(assess(s, t).level, 0) << "3 against a usual 1: a rise of 2 only";
  setUsual(s, Indicator::missing_hand_ins, 0);
  const Assessment a = assess(s, t);
  EXPECT_EQ(a.level, 1);
  ASSERT_EQ(a.reasons.size(), 2u);
  EXPECT_EQ(a.reasons[1].indicator, Indicator::missing_hand_ins);
  EXPECT_EQ(a.reasons[1].detail, "sur 2 semaines, +3 par rapport à l'habitude");
  set(s, Indicator::missing_hand_ins, 2);
  setUsual(s, Indicator::missing_hand_ins, 0);
  EXPECT_EQ(assess(s, t).level, 0) << "a rise must also reach three quarters of the threshold";
}

TEST(AlertRule, ACountWhoseEventsShowInOneWeekOnlyDoesNotCross) {
  const Thresholds t = defaultThresholds();
  StudentIndicators s = quietStudent();
  set(s, Indicator::lateness, 3);
  set(s, Indicator::absence_half_days, 9);
  s.weekly[static_cast<std::size_t>(Indicator::absence_half_days)] = {0, 9, 0, 0};
  EXPECT_EQ(assess(s, t).level, 0) << "nine half-days, all in one bad week";
  ASSERT_EQ(assess(s, t).reasons.size(), 1u);
  s.weekly[static_cast<std::size_t>(Indicator::absence_half_days)] = {0, 8, 1, 0};
  EXPECT_EQ(assess(s, t).level, 2);
}

TEST(AlertRule, ThreeIndicatorsOrTwoWithAStrongOneMakeAnAlerte) {
  const Thresholds t = defaultThresholds();
  StudentIndicators s = quietStudent();
  set(s, Indicator::absence_half_days, 4);
  set(s, Indicator::missing_hand_ins, 4);
  EXPECT_EQ(assess(s, t).level, 1);
  set(s, Indicator::missing_hand_ins, 6);
  EXPECT_EQ(assess(s, t).level, 2);
  set(s, Indicator::missing_hand_ins, 4);
  set(s, Indicator::grade_gap, 400);
  EXPECT_EQ(assess(s, t).level, 2);
  EXPECT_EQ(levelName(2), "alerte");
  EXPECT_EQ(levelName(1), "vigilance");
}

TEST(AlertRule, IndicatorsReadingTheSameEventsCountOnce) {
  const Thresholds t = defaultThresholds();
  StudentIndicators s = quietStudent();
  set(s, Indicator::absence_half_days, 5);
  set(s, Indicator::unjustified_half_days, 5);  // the same absences
  EXPECT_EQ(assess(s, t).level, 0);
  EXPECT_EQ(assess(s, t).reasons.size(), 2u);
  set(s, Indicator::grade_gap, 400);
  set(s, Indicator::grade_drop, 120);  // the same grades
  EXPECT_EQ(assess(s, t).level, 2) << "absences and grades, one of them strong";
  set(s, Indicator::unjustified_half_days, 0);
  EXPECT_EQ(assess(s, t).level, 1);
}

TEST(AlertRule, SignsInFewerThanThreeWeeksRaiseNothing) {
  const Thresholds t = defaultThresholds();
  StudentIndicators s = quietStudent(2);
  set(s, Indicator::absence_half_days, 8);
  set(s, Indicator::missing_hand_ins, 6);
  set(s, Indicator::lateness, 6);
  EXPECT_EQ(assess(s, t).level, 0) << "signs in 2 weeks of 4; 3 needed";
  EXPECT_EQ(assess(s, t).reasons.size(), 3u) << "the reasons are still told";
  s.weeks_with_signs = 3;
  EXPECT_EQ(assess(s, t).level, 2);
}

TEST(AlertRule, ReasonsListExactlyTheCrossedIndicatorsWithValuesAndThresholds) {
  const Thresholds t = defaultThresholds();
  StudentIndicators s = quietStudent();
  set(s, Indicator::absence_half_days, 5);
  set(s, Indicator::lateness, 2);  // under its threshold: not a reason
  set(s, Indicator::grade_gap, 425);
  set(s, Indicator::grade_drop, 110);  // under
  s.gaps = {{"Mathématiques", 750, 1230}, {"Anglais", 900, 1100}};
  const Assessment a = assess(s, t);
  ASSERT_EQ(a.reasons.size(), 2u);
  EXPECT_EQ(a.reasons[0],
            (Reason{Indicator::absence_half_days, 5, 4, 8, false, std::nullopt, "sur 2 semaines"}));
  EXPECT_EQ(a.reasons[1], (Reason{Indicator::grade_gap, 425, 400, 500, false, std::nullopt,
                                  "Mathématiques 7,5 (classe 12,3) ; Anglais 9 (classe 11)"}));
  EXPECT_EQ(a.weeks_with_signs, 4);
}

TEST(AlertRule, AnIndicatorThatCannotBeMeasuredNeverCrosses) {
  const Thresholds t = defaultThresholds();
  StudentIndicators s = quietStudent();
  set(s, Indicator::absence_half_days, 4);
  EXPECT_FALSE(s.value(Indicator::quiz_mean).has_value());
  EXPECT_EQ(assess(s, t).level, 0);
}

TEST(Thresholds, BadValuesAreRefusedNamingTheField) {
  Thresholds t = defaultThresholds();
  EXPECT_TRUE(checkThresholds(t).ok());
  t.of(Indicator::lateness).threshold = -1;
  EXPECT_EQ(checkThresholds(t).error().field, "indicators.lateness.count.threshold");
  t = defaultThresholds();
  t.of(Indicator::grade_gap).strong = 200;  // milder than the threshold 3 points
  EXPECT_EQ(checkThresholds(t).error().message,
            "\"indicators.grades.gap.strong\" must be at least the threshold");
  t = defaultThresholds();
  t.of(Indicator::quiz_mean).strong = 900;
  EXPECT_EQ(checkThresholds(t).error().field, "indicators.quizzes.mean.strong");
  t = defaultThresholds();
  t.of(Indicator::grade_drop).threshold = 2001;
  EXPECT_EQ(checkThresholds(t).error().field, "indicators.grades.drop.threshold");
  t = defaultThresholds();
  t.alert_count = 1;
  EXPECT_EQ(checkThresholds(t).error().message,
            "\"alert_count\" must be between vigilance_count (2) and 8");
  t = defaultThresholds();
  t.min_weeks = 5;
  EXPECT_EQ(checkThresholds(t).error().field, "min_weeks");
}

TEST(Indicators, NamesReadBack) {
  for (Indicator i : kIndicators) EXPECT_EQ(parseIndicator(indicatorName(i)), i);
  EXPECT_FALSE(parseIndicator("absence").has_value());
}

}  // namespace
}  // namespace cartable::early_warning
