// Evaluations: what a teacher may set, the period they fall in, edits and deletion.
#include "grades_fixture.h"

namespace cartable::grades {
namespace {

using Evaluations = GradesSchool;

void expectRefused(const Result<std::int64_t>& result, const std::string& field,
                   const std::string& message) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Errc::invalid_argument);
  EXPECT_EQ(result.error().field, field);
  EXPECT_EQ(result.error().message, message);
}

TEST_F(Evaluations, AnEvaluationBelongsToThePeriodHoldingItsDate) {
  const auto first = created(mathsTest("2026-11-30"));
  const auto second = created(mathsTest("2026-12-01"));
  const auto stored = read<Evaluation>([&](auto& db) { return getEvaluation(db, first); });
  EXPECT_EQ(stored.period, 1);
  EXPECT_EQ(stored.title, "Contrôle");
  EXPECT_EQ(stored.out_of, 2000);
  EXPECT_EQ(stored.coefficient, 100);
  EXPECT_EQ(read<Evaluation>([&](auto& db) { return getEvaluation(db, second); }).period, 2);
}

TEST_F(Evaluations, ADateOutsideEveryPeriodIsRefusedNamingDate) {
  expectRefused(create(mathsTest("2026-08-31")), "date",
                "\"date\" 2026-08-31 is outside every period of the school calendar");
  expectRefused(create(mathsTest("2026-02-30")), "date",
                "\"date\" must be a date written YYYY-MM-DD");
}

TEST_F(Evaluations, OutOfIsAbove0AndAtMost100) {
  expectRefused(create(scaled(mathsTest(), 0, 100)), "out_of",
                "\"out_of\" must be above 0 and at most 100");
  expectRefused(create(scaled(mathsTest(), 10001, 100)), "out_of",
                "\"out_of\" must be above 0 and at most 100");
  EXPECT_TRUE(create(scaled(mathsTest(), 10000, 100)).ok());
  EXPECT_TRUE(create(scaled(mathsTest(), 750, 100)).ok());  // 7.5 points
}

TEST_F(Evaluations, TheCoefficientIsAbove0AndAtMost20WithDecimals) {
  expectRefused(create(scaled(mathsTest(), 2000, 0)), "coefficient",
                "\"coefficient\" must be above 0 and at most 20");
  expectRefused(create(scaled(mathsTest(), 2000, 2001)), "coefficient",
                "\"coefficient\" must be above 0 and at most 20");
  EXPECT_TRUE(create(scaled(mathsTest(), 2000, 50)).ok());  // 0.5
  EXPECT_TRUE(create(scaled(mathsTest(), 2000, 2000)).ok());
}

TEST_F(Evaluations, ItIsForExactlyOneExistingClassOrGroupAndAnExistingSubject) {
  Evaluation both = mathsTest();
  both.group_id = group_;
  expectRefused(create(both), "class_id",
                "\"class_id\" exactly one of class_id and group_id must be given");
  Evaluation neither = mathsTest();
  neither.class_id.reset();
  expectRefused(create(neither), "class_id",
                "\"class_id\" exactly one of class_id and group_id must be given");
  Evaluation unknown_class = mathsTest();
  unknown_class.class_id = 999;
  expectRefused(create(unknown_class), "class_id", "\"class_id\" names no class: 999");
  Evaluation unknown_group = mathsTest();
  unknown_group.class_id.reset();
  unknown_group.group_id = 998;
  expectRefused(create(unknown_group), "group_id", "\"group_id\" names no group: 998");
  Evaluation unknown_subject = mathsTest();
  unknown_subject.subject_id = 997;
  expectRefused(create(unknown_subject), "subject_id", "\"subject_id\" names no subject: 997");
}

TEST_F(Evaluations, AClassOfAPastSchoolYearTakesNoNewEvaluation) {
  ASSERT_TRUE(db_->write([&](auto& db) -> Status {
                   return directory::archiveClassesBefore(db, "2027-2028", clock_.now()).ok()
                              ? okStatus()
                              : makeError(Errc::internal, "archive failed");
                 })
                  .ok());
  expectRefused(create(mathsTest()), "class_id", "\"class_id\" is a class of a past school year");
}

TEST_F(Evaluations, MakingAScoredEvaluationVisibleAnnouncesIt) {
  Evaluation later = mathsTest();
  later.visible_from = "2026-12-01";
  const auto id = created(later);
  ASSERT_TRUE(score(id, {points(alice_, 1500)}).ok());
  EXPECT_EQ(count("SELECT count(*) FROM notifications"), 0);
  Evaluation edited = read<Evaluation>([&](auto& db) { return getEvaluation(db, id); });
  edited.visible_from = "2026-09-30";
  ASSERT_TRUE(
      db_->write([&](auto& db) { return updateEvaluation(db, edited, clock_.now()); }).ok());
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'grades.published'"), 5);
}

TEST_F(Evaluations, TitleAndVisibleFromAreChecked) {
  Evaluation untitled = mathsTest();
  untitled.title = "";
  expectRefused(create(untitled), "title", "\"title\" is required");
  Evaluation bad_visibility = mathsTest();
  bad_visibility.visible_from = "demain";
  expectRefused(create(bad_visibility), "visible_from",
                "\"visible_from\" must be a date written YYYY-MM-DD");
}

TEST_F(Evaluations, AnEditChangesTheWordingButNotTheTarget) {
  const auto id = created(mathsTest());
  Evaluation edited = read<Evaluation>([&](auto& db) { return getEvaluation(db, id); });
  edited.title = "Contrôle chapitre 2";
  edited.date = "2027-01-10";
  edited.coefficient = 300;
  edited.subject_id = french_;  // ignored: the subject never changes
  ASSERT_TRUE(
      db_->write([&](auto& db) { return updateEvaluation(db, edited, clock_.now()); }).ok());
  const auto stored = read<Evaluation>([&](auto& db) { return getEvaluation(db, id); });
  EXPECT_EQ(stored.title, "Contrôle chapitre 2");
  EXPECT_EQ(stored.period, 2);
  EXPECT_EQ(stored.coefficient, 300);
  EXPECT_EQ(stored.subject_id, maths_);
}

TEST_F(Evaluations, OutOfCannotDropBelowAScoreAlreadyGiven) {
  const auto id = created(mathsTest());
  ASSERT_TRUE(score(id, {points(alice_, 1500), points(bob_, 900)}).ok());
  Evaluation edited = read<Evaluation>([&](auto& db) { return getEvaluation(db, id); });
  edited.out_of = 1000;
  Status refused = db_->write([&](auto& db) { return updateEvaluation(db, edited, clock_.now()); });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "out_of");
  EXPECT_EQ(
      refused.error().message,
      "\"out_of\" 10 is below the score 15 already given to student " + std::to_string(alice_));
  EXPECT_EQ(read<Evaluation>([&](auto& db) { return getEvaluation(db, id); }).out_of, 2000);
}

TEST_F(Evaluations, DeletingAnEvaluationRemovesItsScoresAndHistory) {
  const auto id = created(mathsTest());
  ASSERT_TRUE(score(id, {points(alice_, 1500)}).ok());
  ASSERT_TRUE(db_->write([&](auto& db) { return deleteEvaluation(db, id); }).ok());
  EXPECT_EQ(count("SELECT count(*) FROM scores"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM score_history"), 0);
  Status again = db_->write([&](auto& db) { return deleteEvaluation(db, id); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::not_found);
}

TEST_F(Evaluations, ATeacherListsTheEvaluationsOfTheirOwnClassesAndSubjects) {
  const auto maths = created(mathsTest());
  Evaluation spanish = mathsTest("2026-12-05");
  spanish.subject_id = spanish_;
  spanish.class_id.reset();
  spanish.group_id = group_;
  const auto lv2 = created(spanish);
  auto by = [](std::optional<std::int64_t> teacher, std::optional<std::int64_t> period = {},
               std::optional<std::int64_t> group = {}) {
    EvaluationFilter filter;
    filter.taught_by = teacher;
    filter.period = period;
    filter.group_id = group;
    return filter;
  };
  auto listed = [&](EvaluationFilter filter) {
    std::vector<std::int64_t> ids;
    for (const auto& e :
         read<std::vector<Evaluation>>([&](auto& db) { return listEvaluations(db, filter); })) {
      ids.push_back(e.id);
    }
    return ids;
  };
  EXPECT_EQ(listed(by({})), (std::vector<std::int64_t>{maths, lv2}));
  EXPECT_EQ(listed(by(maths_teacher_)), (std::vector<std::int64_t>{maths}));
  EXPECT_EQ(listed(by(spanish_teacher_)), (std::vector<std::int64_t>{lv2}));
  EXPECT_TRUE(listed(by(french_teacher_)).empty());
  EXPECT_EQ(listed(by({}, 2)), (std::vector<std::int64_t>{lv2}));
  EXPECT_EQ(listed(by({}, {}, group_)), (std::vector<std::int64_t>{lv2}));
  EXPECT_TRUE(read<bool>([&](auto& db) { return teachesEvaluation(db, maths_teacher_, maths); }));
  EXPECT_FALSE(read<bool>([&](auto& db) { return teachesEvaluation(db, maths_teacher_, lv2); }));
}

TEST_F(Evaluations, PeriodsAreNamedByTheirIndexFrom1) {
  const auto second = read<Period>([&](auto& db) { return periodByIndex(db, 2); });
  EXPECT_EQ(second.label, "Trimestre 2");
  EXPECT_EQ(second.starts_on, "2026-12-01");
  Status refused = db_->read([&](auto& db) -> Status {
    auto fourth = periodByIndex(db, 4);
    if (fourth.ok()) return okStatus();
    return fourth.error();
  });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "period");
  EXPECT_EQ(refused.error().message,
            "\"period\" must be from 1 to 3 (the periods of the school calendar)");
}

TEST(GradesFormat, HundredthsAreWrittenWithoutTrailingZeros) {
  EXPECT_EQ(formatHundredths(2000), "20");
  EXPECT_EQ(formatHundredths(1250), "12.5");
  EXPECT_EQ(formatHundredths(1205), "12.05");
  EXPECT_EQ(formatHundredths(-100), "-1");
  EXPECT_EQ(dateAt(noonOf("2027-02-28")), "2027-02-28");
}

}  // namespace
}  // namespace cartable::grades
