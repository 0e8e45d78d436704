// Report-card averages, checked against computations done by hand.
#include <cmath>

#include "grades/fraction.h"
#include "grades_fixture.h"

namespace cartable::grades {
namespace {

class Averages : public GradesSchool {
 protected:
  std::int64_t evaluation(std::int64_t subject, const std::string& date, Hundredths out_of,
                          Hundredths coefficient, const std::string& title) {
    Evaluation e = scaled(mathsTest(date), out_of, coefficient);
    e.subject_id = subject;
    e.title = title;
    return created(e);
  }

  // Class 6A, trimester 1.
  //   Maths  E1 /20 coef 2    Alice 15       Bob 12       Dan absent
  //          E2 /10 coef 1    Alice 8        Bob exempt   Dan not graded
  //          E3 /5  coef 0.5  Alice 3        Bob 5        Dan -
  //          E4 /20 coef 3    Alice absent   Bob 9.5      Dan -
  //   French E5 /20 coef 1    Alice 13       Bob 7        Dan 10
  void enterTrimester() {
    e1_ = evaluation(maths_, "2026-09-20", 2000, 200, "Contrôle 1");
    e2_ = evaluation(maths_, "2026-09-25", 1000, 100, "Interrogation");
    e3_ = evaluation(maths_, "2026-09-27", 500, 50, "QCM");
    e4_ = evaluation(maths_, "2026-09-29", 2000, 300, "Devoir");
    e5_ = evaluation(french_, "2026-09-22", 2000, 100, "Dictée");
    ASSERT_TRUE(
        score(e1_, {points(alice_, 1500), points(bob_, 1200), marked(dan_, Mark::absent)}).ok());
    ASSERT_TRUE(score(e2_, {points(alice_, 800), marked(bob_, Mark::exempt),
                            marked(dan_, Mark::not_graded)})
                    .ok());
    ASSERT_TRUE(score(e3_, {points(alice_, 300), points(bob_, 500)}).ok());
    ASSERT_TRUE(score(e4_, {marked(alice_, Mark::absent), points(bob_, 950)}).ok());
    ASSERT_TRUE(
        score(e5_, {points(alice_, 1300), points(bob_, 700), points(dan_, 1000)}, french_teacher_)
            .ok());
  }

  static void expectStats(const std::optional<Stats>& stats, Hundredths min, Hundredths max,
                          Hundredths mean, int count) {
    ASSERT_TRUE(stats.has_value());
    EXPECT_EQ(stats->min, min);
    EXPECT_EQ(stats->max, max);
    EXPECT_EQ(stats->mean, mean);
    EXPECT_EQ(stats->count, count);
  }

  std::int64_t e1_ = 0, e2_ = 0, e3_ = 0, e4_ = 0, e5_ = 0;
};

TEST_F(Averages, SubjectAveragesWeighScoresBroughtTo20ByTheirCoefficients) {
  enterTrimester();
  const StudentReport alice = report(alice_);
  EXPECT_EQ(alice.class_id, class_a_);
  EXPECT_EQ(alice.period.label, "Trimestre 1");
  ASSERT_EQ(alice.subjects.size(), 2u);  // by label: Français, Mathématiques
  const SubjectReport& french = alice.subjects[0];
  const SubjectReport& maths = alice.subjects[1];
  EXPECT_EQ(french.subject, "Français");
  EXPECT_EQ(french.average, 1300);
  // Alice in maths, on 20: E1 15, E2 8/10 -> 16, E3 3/5 -> 12, E4 absent (not counted):
  // (15*2 + 16*1 + 12*0.5) / (2 + 1 + 0.5) = 52 / 3.5 = 14.857... -> 14.86.
  EXPECT_EQ(maths.subject, "Mathématiques");
  EXPECT_EQ(maths.average, 1486);
  // Bob: (12*2 + 20*0.5 + 9.5*3) / (2 + 0.5 + 3) = 62.5 / 5.5 = 11.3636... -> 11.36.
  // Dan has no numeric maths score, so no average. The class's maths averages:
  // min 11.36, max 14.86, mean (104/7 + 125/11) / 2 = 2019/154 = 13.1103... -> 13.11.
  expectStats(maths.class_averages, 1136, 1486, 1311, 2);
  // French: 13, 7, 10 -> mean 10.
  expectStats(french.class_averages, 700, 1300, 1000, 3);
  // General average: the unweighted mean of the subject averages:
  // (104/7 + 13) / 2 = 195/14 = 13.9285... -> 13.93.
  EXPECT_EQ(alice.general_average, 1393);
}

TEST_F(Averages, EachEvaluationShowsTheScoreAndTheClassStatistics) {
  enterTrimester();
  const SubjectReport maths = report(alice_).subjects[1];
  ASSERT_EQ(maths.lines.size(), 4u);
  EXPECT_EQ(maths.lines[0].evaluation.id, e1_);
  EXPECT_EQ(maths.lines[0].score, points(alice_, 1500));
  // E1: 15 and 12 (Dan absent): min 12, max 15, mean 13.5.
  expectStats(maths.lines[0].stats, 1200, 1500, 1350, 2);
  // E2 on its own scale (/10): only Alice's 8.
  expectStats(maths.lines[1].stats, 800, 800, 800, 1);
  EXPECT_EQ(maths.lines[3].evaluation.id, e4_);
  EXPECT_EQ(maths.lines[3].score, marked(alice_, Mark::absent));
}

TEST_F(Averages, AStudentWithoutANumericScoreHasNoAverageRatherThanZero) {
  enterTrimester();
  const StudentReport dan = report(dan_);
  ASSERT_EQ(dan.subjects.size(), 2u);
  EXPECT_EQ(dan.subjects[0].average, 1000);
  EXPECT_FALSE(dan.subjects[1].average.has_value());
  // Only French counts: 10, not (10 + 0) / 2.
  EXPECT_EQ(dan.general_average, 1000);
  // Carol (6B) has no evaluation at all.
  const StudentReport carol = report(carol_);
  EXPECT_TRUE(carol.subjects.empty());
  EXPECT_FALSE(carol.general_average.has_value());
}

TEST_F(Averages, TheClassTableHasEveryStudentAndSubjectWithMinMaxAndMean) {
  enterTrimester();
  const auto table = read<ClassAverages>([&](auto& db) { return classAverages(db, class_a_, 1); });
  ASSERT_EQ(table.subjects.size(), 2u);
  EXPECT_EQ(table.subjects[0].subject_id, french_);
  EXPECT_EQ(table.subjects[1].subject_id, maths_);
  ASSERT_EQ(table.students.size(), 3u);  // Martin, Petit, Roux
  using Cells = std::vector<std::optional<Hundredths>>;
  EXPECT_EQ(table.students[0].averages, (Cells{1300, 1486}));
  EXPECT_EQ(table.students[1].averages, (Cells{700, 1136}));
  EXPECT_EQ(table.students[2].averages, (Cells{1000, std::nullopt}));
  // General averages: Alice 195/14 -> 13.93; Bob (125/11 + 7) / 2 = 202/22 -> 9.18; Dan 10.
  EXPECT_EQ(table.students[0].general_average, 1393);
  EXPECT_EQ(table.students[1].general_average, 918);
  EXPECT_EQ(table.students[2].general_average, 1000);
  expectStats(table.subjects[0].stats, 700, 1300, 1000, 3);
  expectStats(table.subjects[1].stats, 1136, 1486, 1311, 2);
  // Mean of the exact general averages: (2145 + 1414 + 1540) / 154 / 3 = 5099/462
  // = 11.0367... -> 11.04.
  expectStats(table.general_stats, 918, 1393, 1104, 3);
}

TEST_F(Averages, RoundingIsHalfUpOnTheExactValue) {
  // (12.5 + 12.51) / 2 = 12.505 exactly: half up gives 12.51 (a binary double
  // holds 12.504999..., and half-even would give 12.50).
  const auto first = evaluation(maths_, "2026-09-20", 2000, 100, "A");
  const auto second = evaluation(maths_, "2026-09-21", 2000, 100, "B");
  ASSERT_TRUE(score(first, {points(alice_, 1250)}).ok());
  ASSERT_TRUE(score(second, {points(alice_, 1251)}).ok());
  EXPECT_EQ(report(alice_).subjects[0].average, 1251);
}

TEST_F(Averages, StudentsAndParentsCountOnlyVisibleEvaluations) {
  // E1 visible: Alice 10, Bob 14. E2 visible from 2026-10-05 (today is 2026-10-01):
  // Alice 20, Bob 2.
  const auto shown = evaluation(maths_, "2026-09-20", 2000, 100, "Visible");
  Evaluation later = mathsTest("2026-09-30");
  later.visible_from = "2026-10-05";
  const auto hidden = created(later);
  ASSERT_TRUE(score(shown, {points(alice_, 1000), points(bob_, 1400)}).ok());
  ASSERT_TRUE(score(hidden, {points(alice_, 2000), points(bob_, 200)}).ok());

  const StudentReport family_view = report(alice_, 1, "2026-10-01");
  ASSERT_EQ(family_view.subjects.size(), 1u);
  ASSERT_EQ(family_view.subjects[0].lines.size(), 1u);
  EXPECT_EQ(family_view.subjects[0].lines[0].evaluation.id, shown);
  EXPECT_EQ(family_view.subjects[0].average, 1000);
  // The class's averages leak nothing either: Alice 10, Bob 14.
  expectStats(family_view.subjects[0].class_averages, 1000, 1400, 1200, 2);

  // Staff see everything: Alice (10 + 20) / 2 = 15, Bob (14 + 2) / 2 = 8.
  const StudentReport staff_view = report(alice_);
  EXPECT_EQ(staff_view.subjects[0].lines.size(), 2u);
  EXPECT_EQ(staff_view.subjects[0].average, 1500);
  expectStats(staff_view.subjects[0].class_averages, 800, 1500, 1150, 2);

  EXPECT_EQ(report(alice_, 1, "2026-10-05").subjects[0].average, 1500);
}

TEST_F(Averages, AReportHoldsOnlyItsPeriodAndListsEvaluationsNotYetScored) {
  const auto october = evaluation(maths_, "2026-10-02", 2000, 100, "Octobre");
  const auto december = evaluation(maths_, "2026-12-02", 2000, 100, "Décembre");
  ASSERT_TRUE(score(december, {points(alice_, 1800)}).ok());
  const StudentReport first = report(alice_, 1);
  ASSERT_EQ(first.subjects.size(), 1u);
  ASSERT_EQ(first.subjects[0].lines.size(), 1u);
  EXPECT_EQ(first.subjects[0].lines[0].evaluation.id, october);
  EXPECT_FALSE(first.subjects[0].lines[0].score.has_value());
  EXPECT_FALSE(first.subjects[0].lines[0].stats.has_value());
  EXPECT_FALSE(first.subjects[0].average.has_value());
  EXPECT_EQ(report(alice_, 2).subjects[0].average, 1800);
}

TEST_F(Averages, AGroupSubjectIsAveragedAmongTheClassmatesWhoTakeIt) {
  Evaluation spanish = mathsTest("2026-09-24");
  spanish.subject_id = spanish_;
  spanish.class_id.reset();
  spanish.group_id = group_;
  const auto id = created(spanish);
  ASSERT_TRUE(score(id, {points(alice_, 1400), points(carol_, 1600)}, spanish_teacher_).ok());
  const SubjectReport alice_spanish = report(alice_).subjects[0];
  // The evaluation's own statistics cover the whole group (Alice 14, Carol 16)...
  expectStats(alice_spanish.lines[0].stats, 1400, 1600, 1500, 2);
  // ...the class average only Alice's class 6A, where she alone takes Spanish.
  expectStats(alice_spanish.class_averages, 1400, 1400, 1400, 1);
  EXPECT_TRUE(report(bob_).subjects.empty());
}

TEST_F(Averages, AReportIsForAStudentAndAnExistingPeriod) {
  Status refused = db_->read([&](auto& db) -> Status {
    auto result = studentReport(db, maths_teacher_, 1, std::nullopt);
    if (result.ok()) return okStatus();
    return result.error();
  });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "student_id");
  Status no_period = db_->read([&](auto& db) -> Status {
    auto result = studentReport(db, alice_, 4, std::nullopt);
    if (result.ok()) return okStatus();
    return result.error();
  });
  ASSERT_FALSE(no_period.ok());
  EXPECT_EQ(no_period.error().field, "period");
}

TEST(GradesFraction, RoundsHalfUpToHundredths) {
  EXPECT_EQ(Fraction(12345, 1000).roundedHundredths(), 1235);
  EXPECT_EQ(Fraction(123449, 10000).roundedHundredths(), 1234);
  EXPECT_EQ(Fraction(52 * 2, 7).roundedHundredths(), 1486);
  EXPECT_EQ(Fraction(0, 3).roundedHundredths(), 0);
  EXPECT_EQ((Fraction(1, 3) + Fraction(1, 6)).roundedHundredths(), 50);
  EXPECT_EQ((Fraction(2019, 77) / 2).roundedHundredths(), 1311);
  EXPECT_TRUE(Fraction(1, 3) < Fraction(1, 2));
  EXPECT_FALSE(Fraction(2, 4) < Fraction(1, 2));
}

TEST(GradesFraction, HugeDenominatorsFallBackToAnApproximationRoundedOnce) {
  // Sum of 1/p for 20 large primes: the common denominator needs about 260 bits.
  const std::int64_t primes[] = {9973, 9967, 9949, 9941, 9931, 9929, 9923, 9907, 9901, 9887,
                                 9883, 9871, 9859, 9857, 9851, 9839, 9833, 9829, 9817, 9811};
  Fraction sum;
  long double expected = 0;
  for (std::int64_t p : primes) {
    sum = sum + Fraction(1000000, p);
    expected += 1000000.0L / static_cast<long double>(p);
  }
  EXPECT_FALSE(sum.exact());
  EXPECT_EQ(sum.roundedHundredths(),
            static_cast<std::int64_t>(std::floor(expected * 100.0L + 0.5L)));
}

}  // namespace
}  // namespace cartable::grades
