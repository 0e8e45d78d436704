// The alert rule and the thresholds, on indicators given directly.
#include <gtest/gtest.h>

#include <cmath>

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

// The defaults with the per-indicator thresholds rule chosen.
Thresholds thresholdRule() {
  Thresholds t = defaultThresholds();
  t.rule = RuleKind::thresholds;
  return t;
}

TEST(AlertRule, AnIndicatorCrossesAtItsThresholdNotJustUnder) {
  const Thresholds t = thresholdRule();  // absences 4, lateness 3
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
  const Thresholds t = thresholdRule();  // 8/20, strong 5/20
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
  const Thresholds t = thresholdRule();
  StudentIndicators s = quietStudent();
  set(s, Indicator::unjustified_half_days, 4);  // the strong threshold
  const Assessment a = assess(s, t);
  EXPECT_EQ(a.level, 0);
  ASSERT_EQ(a.reasons.size(), 1u);
  EXPECT_TRUE(a.reasons[0].strong);
}

TEST(AlertRule, ALastingDifficultyCrossesAtItsThresholdWhateverIsUsual) {
  const Thresholds t = thresholdRule();  // missing 4 (strong 6), lateness 3
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
  const Thresholds t = thresholdRule();  // missing 4: rise of 3; lateness 3
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
  const Thresholds t = thresholdRule();
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
  const Thresholds t = thresholdRule();
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
  const Thresholds t = thresholdRule();
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
  const Thresholds t = thresholdRule();
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
  const Thresholds t = thresholdRule();
  StudentIndicators s = quietStudent();
  set(s, Indicator::absence_half_days, 5);
  set(s, Indicator::lateness, 2);  // under its threshold: not a reason
  set(s, Indicator::grade_gap, 425);
  set(s, Indicator::grade_drop, 110);  // under
  s.gaps = {{"Mathématiques", 750, 1230}, {"Anglais", 900, 1100}};
  const Assessment a = assess(s, t);
  ASSERT_EQ(a.reasons.size(), 2u);
  EXPECT_EQ(a.reasons[0], (Reason{Indicator::absence_half_days, 5, 4, 8, false, std::nullopt,
                                  "sur 2 semaines", std::nullopt, std::nullopt}));
  EXPECT_EQ(a.reasons[1], (Reason{Indicator::grade_gap, 425, 400, 500, false, std::nullopt,
                                  "Mathématiques 7,5 (classe 12,3) ; Anglais 9 (classe 11)",
                                  std::nullopt, std::nullopt}));
  EXPECT_EQ(a.weeks_with_signs, 4);
}

TEST(AlertRule, AnIndicatorThatCannotBeMeasuredNeverCrosses) {
  const Thresholds t = thresholdRule();
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

TEST(Thresholds, EvidenceLevelsAreRefusedNamingTheField) {
  Thresholds t = defaultThresholds();
  EXPECT_EQ(t.rule, RuleKind::evidence) << "the evidence rule is the default";
  t.evidence.vigilance = 0;
  EXPECT_EQ(checkThresholds(t).error().message,
            "\"evidence.vigilance\" must be between 0.01 and 100 (in hundredths: 1..10000)");
  t = defaultThresholds();
  t.evidence.alert = 350;  // under the vigilance level 4
  EXPECT_EQ(checkThresholds(t).error().message,
            "\"evidence.alert\" must be between evidence.vigilance (4) and 100 (in hundredths: "
            "400..10000)");
  t = defaultThresholds();
  t.evidence.lasting_vigilance = 10'001;
  EXPECT_EQ(checkThresholds(t).error().field, "evidence.lasting_vigilance");
  t = defaultThresholds();
  t.evidence.lasting_alert = 799;
  EXPECT_EQ(checkThresholds(t).error().field, "evidence.lasting_alert");
  t.evidence.lasting_alert = 800;
  EXPECT_TRUE(checkThresholds(t).ok()) << "the alert level may equal the vigilance level";
}

TEST(Indicators, RuleNamesReadBack) {
  EXPECT_EQ(parseRule(ruleName(RuleKind::evidence)), RuleKind::evidence);
  EXPECT_EQ(parseRule(ruleName(RuleKind::thresholds)), RuleKind::thresholds);
  EXPECT_FALSE(parseRule("seuils").has_value());
}

// A student quiet for the earlier eight weeks, in a class where each count
// is 3 over four weeks: the usual is then the floor of 1 event.
StudentIndicators steadyStudent() {
  StudentIndicators s = quietStudent();
  for (Indicator i : {Indicator::absence_half_days, Indicator::unjustified_half_days,
                      Indicator::lateness, Indicator::missing_hand_ins, Indicator::late_hand_ins}) {
    s.usual[static_cast<std::size_t>(i)] = 0;
    s.class_usual[static_cast<std::size_t>(i)] = 3;
  }
  return s;
}

void setEarlier(StudentIndicators& s, Indicator i, std::int64_t events, double class_usual = 0) {
  s.earlier[static_cast<std::size_t>(i)] = events;
  s.class_usual[static_cast<std::size_t>(i)] = class_usual;
  s.usual[static_cast<std::size_t>(i)] = (events + 1) / 2;
}

TEST(EvidenceRule, ACountsRiseIsItsPoissonEvidenceAgainstTheStudentsUsual) {
  StudentIndicators s = steadyStudent();
  set(s, Indicator::missing_hand_ins, 1);
  EXPECT_EQ(riseEvidence(s, Indicator::missing_hand_ins), 0) << "one event is not a surprise";
  set(s, Indicator::missing_hand_ins, 4);  // usual at least 1: 4 ln 4 - 3
  EXPECT_NEAR(riseEvidence(s, Indicator::missing_hand_ins), 2.545, 0.001);
  setEarlier(s, Indicator::missing_hand_ins, 8);  // usual 8 / 3 over four weeks
  EXPECT_NEAR(riseEvidence(s, Indicator::missing_hand_ins), 0.289, 0.001);
  setEarlier(s, Indicator::missing_hand_ins, 14);
  EXPECT_EQ(riseEvidence(s, Indicator::missing_hand_ins), 0) << "fewer than usual";
}

TEST(EvidenceRule, TheClassHabitFillsInForAQuietRecord) {
  StudentIndicators s = steadyStudent();
  set(s, Indicator::lateness, 4);
  setEarlier(s, Indicator::lateness, 0, 6);  // the class: 6 per four weeks; usual (0 + 6) / 3
  EXPECT_NEAR(riseEvidence(s, Indicator::lateness), 4 * std::log(2.0) - 2, 0.001);
}

TEST(EvidenceRule, AbsencesComeInSpellsAndWeighAThirdOfTheirEvents) {
  StudentIndicators s = steadyStudent();
  set(s, Indicator::absence_half_days, 6);
  EXPECT_NEAR(riseEvidence(s, Indicator::absence_half_days), (6 * std::log(6.0) - 5) / 3, 0.001);
}

TEST(EvidenceRule, AGradeDropIsAZScoreAgainstTheNoiseOfItsGrades) {
  StudentIndicators s = steadyStudent();
  set(s, Indicator::grade_drop, 250);
  s.recent_grades = 4;
  s.earlier_grades = 4;  // noise 2.5 x sqrt(1/4 + 1/4): z = sqrt(2)
  EXPECT_NEAR(riseEvidence(s, Indicator::grade_drop), 1.0, 0.001);
  s.recent_grades = 1;
  EXPECT_EQ(riseEvidence(s, Indicator::grade_drop), 0) << "one grade says too little";
  s.recent_grades = 4;
  set(s, Indicator::grade_drop, -250);
  EXPECT_EQ(riseEvidence(s, Indicator::grade_drop), 0) << "a rise is no sign";
}

TEST(EvidenceRule, AQuizMeanFallingBelowUsualIsEvidence) {
  StudentIndicators s = steadyStudent();
  set(s, Indicator::quiz_mean, 800);
  EXPECT_EQ(riseEvidence(s, Indicator::quiz_mean), 0) << "no usual to fall from";
  setUsual(s, Indicator::quiz_mean, 1400);  // 6 points lower, noise 3: z = 2
  EXPECT_NEAR(riseEvidence(s, Indicator::quiz_mean), 2.0, 0.001);
}

TEST(EvidenceRule, TheLastingLevelReadsTwelveWeeksAgainstTheClass) {
  StudentIndicators s = steadyStudent();
  set(s, Indicator::absence_half_days, 6);
  setEarlier(s, Indicator::absence_half_days, 20, 2);  // 26 in 12 weeks, the class 6
  EXPECT_NEAR(lastingEvidence(s, Indicator::absence_half_days), (26 * std::log(26 / 6.0) - 20) / 2,
              0.001);
  EXPECT_EQ(riseEvidence(s, Indicator::absence_half_days), 0) << "fewer than usual";
  set(s, Indicator::grade_gap, 500);  // 5 points below the class, noise 2.5
  EXPECT_NEAR(lastingEvidence(s, Indicator::grade_gap), 2.0, 0.001);
  EXPECT_EQ(lastingEvidence(s, Indicator::unjustified_half_days), 0);
}

TEST(EvidenceRule, TheSumOfTheEvidenceRaisesVigilanceThenAlerte) {
  const Thresholds t = defaultThresholds();  // vigilance 4, alerte 6
  StudentIndicators s = steadyStudent();
  set(s, Indicator::missing_hand_ins, 4);  // 2.55
  set(s, Indicator::grade_drop, 250);      // 1.00
  s.recent_grades = s.earlier_grades = 4;
  Assessment a = assess(s, t);
  EXPECT_EQ(a.rise_evidence, 355);
  EXPECT_EQ(a.level, 0) << "each alone and both together stay under 4";
  set(s, Indicator::lateness, 3);  // 3 ln 3 - 2 = 1.30
  a = assess(s, t);
  EXPECT_EQ(a.rise_evidence, 485);
  EXPECT_EQ(a.level, 1);
  set(s, Indicator::lateness, 4);  // 2.55
  EXPECT_EQ(assess(s, t).level, 2);
}

TEST(EvidenceRule, TheReasonsTellEachContributingIndicatorWithItsShare) {
  const Thresholds t = defaultThresholds();
  StudentIndicators s = steadyStudent();
  set(s, Indicator::missing_hand_ins, 4);
  set(s, Indicator::lateness, 4);
  set(s, Indicator::late_hand_ins, 1);  // no evidence: not a reason
  const Assessment a = assess(s, t);
  ASSERT_EQ(a.reasons.size(), 2u);
  EXPECT_EQ(a.reasons[0], (Reason{Indicator::lateness, 4, 3, 6, false, 0,
                                  "sur 2 semaines, +4 par rapport à l'habitude", 255, 50}));
  EXPECT_EQ(a.reasons[1], (Reason{Indicator::missing_hand_ins, 4, 4, 6, false, 0,
                                  "sur 2 semaines, +4 par rapport à l'habitude", 255, 50}));
  EXPECT_EQ(a.level, 1) << "5.1: at least 4, under 6";
}

TEST(EvidenceRule, TheTwoAbsenceIndicatorsCountOnceTheLargerEvidence) {
  const Thresholds t = defaultThresholds();
  StudentIndicators s = steadyStudent();
  set(s, Indicator::absence_half_days, 9);
  set(s, Indicator::unjustified_half_days, 6);
  const Assessment a = assess(s, t);
  EXPECT_EQ(a.rise_evidence, std::llround(100 * riseEvidence(s, Indicator::absence_half_days)));
  ASSERT_EQ(a.reasons.size(), 2u) << "both are told";
  EXPECT_EQ(a.reasons[0].indicator, Indicator::absence_half_days);
  EXPECT_EQ(a.reasons[0].share, 100);
  EXPECT_EQ(a.reasons[1].indicator, Indicator::unjustified_half_days);
  EXPECT_EQ(a.reasons[1].share, 0);
  EXPECT_GT(a.reasons[1].evidence.value_or(0), 0);
  EXPECT_EQ(a.reasons[1].detail,
            "sur 2 semaines, +6 par rapport à l'habitude ; mêmes absences, comptées une fois");
}

TEST(EvidenceRule, AStudentInDifficultyAllYearIsCaughtByTheLastingLevel) {
  const Thresholds t = defaultThresholds();  // lasting: vigilance 8, alerte 10
  StudentIndicators s = steadyStudent();
  set(s, Indicator::missing_hand_ins, 4);
  setEarlier(s, Indicator::missing_hand_ins, 12, 1);  // 16 in 12 weeks, the class 3
  set(s, Indicator::grade_gap, 450);
  s.gaps = {{"Mathématiques", 700, 1150}};
  Assessment a = assess(s, t);
  EXPECT_EQ(a.rise_evidence, 0) << "nothing rose: it is the student's usual";
  EXPECT_EQ(a.level, 2);
  ASSERT_EQ(a.reasons.size(), 2u);
  EXPECT_EQ(a.reasons[0].indicator, Indicator::missing_hand_ins);
  EXPECT_EQ(a.reasons[0].detail, "sur 12 semaines : 16 (classe : 3)");
  EXPECT_EQ(a.reasons[1].indicator, Indicator::grade_gap);
  EXPECT_EQ(a.reasons[1].detail, "Mathématiques 7 (classe 11,5)");
  EXPECT_EQ(a.reasons[0].share.value_or(0) + a.reasons[1].share.value_or(0), 100);
  set(s, Indicator::grade_gap, 100);
  setEarlier(s, Indicator::missing_hand_ins, 4, 1);
  EXPECT_EQ(assess(s, t).level, 0) << "8 in 12 weeks against 3: under the lasting levels";
}

TEST(EvidenceRule, TheSchoolMayKeepThePerIndicatorThresholds) {
  Thresholds t = defaultThresholds();
  StudentIndicators s = steadyStudent();
  set(s, Indicator::lateness, 3);
  set(s, Indicator::absence_half_days, 4);
  t.rule = RuleKind::thresholds;
  EXPECT_EQ(assess(s, t).level, 1);
  EXPECT_FALSE(assess(s, t).reasons[0].evidence.has_value());
  t.rule = RuleKind::evidence;
  EXPECT_TRUE(assess(s, t).reasons[0].evidence.has_value());
}

TEST(Indicators, NamesReadBack) {
  for (Indicator i : kIndicators) EXPECT_EQ(parseIndicator(indicatorName(i)), i);
  EXPECT_FALSE(parseIndicator("absence").has_value());
}

}  // namespace
}  // namespace cartable::early_warning
