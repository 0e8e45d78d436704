// Entering scores: all or nothing, the students an evaluation concerns, the
// correction history, and the announcement to families.
#include <set>

#include "grades_fixture.h"

namespace cartable::grades {
namespace {

class Scores : public GradesSchool {
 protected:
  void expectRefused(const Status& status, const std::string& field, const std::string& message) {
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, Errc::invalid_argument);
    EXPECT_EQ(status.error().field, field);
    EXPECT_EQ(status.error().message, message);
  }

  // The grid's scores in student order: "15" / "absent" / "-" for none.
  std::vector<std::string> entered(std::int64_t evaluation) {
    std::vector<std::string> out;
    for (const GridRow& row : grid(evaluation).rows) {
      if (!row.score) {
        out.push_back("-");
      } else if (row.score->value) {
        out.push_back(formatHundredths(*row.score->value));
      } else {
        out.push_back(std::string(markName(row.score->mark)));
      }
    }
    return out;
  }

  std::set<std::int64_t> notified(const std::string& kind = "grades.published") {
    std::set<std::int64_t> out;
    EXPECT_TRUE(db_->read([&](storage::Connection& db) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(
                         auto rows,
                         db.query("SELECT user_id FROM notifications WHERE kind = ?", kind));
                     for (;;) {
                       CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
                       if (!more) return okStatus();
                       out.insert(rows.int64(0));
                     }
                   })
                    .ok());
    return out;
  }
};

TEST_F(Scores, TheGridListsTheClassWithScoresMarksAndComments) {
  const auto id = created(mathsTest());
  ASSERT_TRUE(score(id, {points(alice_, 1550, "Bien"), marked(dan_, Mark::absent)}).ok());
  const GradeGrid sheet = grid(id);
  ASSERT_EQ(sheet.rows.size(), 3u);  // Martin, Petit, Roux
  EXPECT_EQ(sheet.rows[0].student_id, alice_);
  EXPECT_EQ(sheet.rows[0].name, "Alice Martin");
  EXPECT_EQ(sheet.rows[0].score, points(alice_, 1550, "Bien"));
  EXPECT_FALSE(sheet.rows[1].score.has_value());
  EXPECT_EQ(sheet.rows[2].score, marked(dan_, Mark::absent));
}

TEST_F(Scores, AScoreAboveTheMaximumRefusesTheWholeRequestNamingItsItem) {
  const auto id = created(mathsTest());
  ASSERT_TRUE(score(id, {points(alice_, 1200), points(bob_, 800)}).ok());
  expectRefused(score(id, {points(alice_, 1400), marked(bob_, Mark::exempt), points(dan_, 2100)}),
                "scores[2].value", "\"scores[2].value\" 21 is above the evaluation's maximum 20");
  // Nothing of the refused request was written, not even its valid items.
  EXPECT_EQ(entered(id), (std::vector<std::string>{"12", "8", "-"}));
  EXPECT_EQ(count("SELECT count(*) FROM score_history"), 2);
}

TEST_F(Scores, AStudentOutsideTheClassIsRefusedNamingTheItem) {
  const auto id = created(mathsTest());
  expectRefused(score(id, {points(alice_, 1200), points(bob_, 1000), points(dan_, 1000),
                           points(carol_, 1000)}),
                "scores[3].student_id",
                "\"scores[3].student_id\" " + std::to_string(carol_) +
                    " is not a student of the evaluation's class");
  expectRefused(score(id, {points(alice_, 1200), points(99999, 1000)}), "scores[1].student_id",
                "\"scores[1].student_id\" 99999 is not a student of the evaluation's class");
  EXPECT_EQ(entered(id), (std::vector<std::string>{"-", "-", "-"}));
}

TEST_F(Scores, EachItemIsCheckedForItsValueAndRepeats) {
  const auto id = created(scaled(mathsTest(), 1000, 100));
  expectRefused(score(id, {points(alice_, -50)}), "scores[0].value",
                "\"scores[0].value\" -0.5 is below 0");
  expectRefused(score(id, {points(alice_, 1001)}), "scores[0].value",
                "\"scores[0].value\" 10.01 is above the evaluation's maximum 10");
  expectRefused(score(id, {Score{alice_, Mark::score, std::nullopt, ""}}), "scores[0].value",
                "\"scores[0].value\" is required unless a mark is given");
  expectRefused(score(id, {Score{alice_, Mark::absent, 500, ""}}), "scores[0].value",
                "\"scores[0].value\" must be left out with the mark absent");
  expectRefused(
      score(id, {points(alice_, 500), points(alice_, 600)}), "scores[1].student_id",
      "\"scores[1].student_id\" names student " + std::to_string(alice_) + " a second time");
  expectRefused(score(id, {points(alice_, 500, std::string(201, 'x'))}), "scores[0].comment",
                "\"scores[0].comment\" is longer than 200 characters");
  EXPECT_TRUE(score(id, {points(alice_, 1000), points(bob_, 0)}).ok());
}

TEST_F(Scores, AGroupEvaluationTakesItsMembersFromEveryClass) {
  Evaluation spanish = mathsTest();
  spanish.subject_id = spanish_;
  spanish.class_id.reset();
  spanish.group_id = group_;
  const auto id = created(spanish);
  ASSERT_TRUE(score(id, {points(alice_, 1400), points(carol_, 1600)}, spanish_teacher_).ok());
  expectRefused(score(id, {points(bob_, 1000)}, spanish_teacher_), "scores[0].student_id",
                "\"scores[0].student_id\" " + std::to_string(bob_) +
                    " is not a student of the evaluation's group");
  EXPECT_EQ(entered(id), (std::vector<std::string>{"16", "14"}));  // Blanc, Martin
}

TEST_F(Scores, AStudentWhoLeftTheClassKeepsTheirScoreAndItCanBeCorrected) {
  const auto id = created(mathsTest());
  ASSERT_TRUE(score(id, {points(bob_, 1100)}).ok());
  ASSERT_TRUE(
      db_->write([&](auto& db) { return directory::enroll(db, bob_, class_b_, "2026-10-01"); })
          .ok());
  EXPECT_EQ(entered(id), (std::vector<std::string>{"-", "11", "-"}));
  EXPECT_TRUE(score(id, {points(bob_, 1200)}).ok());
}

TEST_F(Scores, EveryChangeIsKeptWithWhoAndWhen) {
  const auto id = created(mathsTest());
  const Seconds first = clock_.now();
  ASSERT_TRUE(score(id, {points(alice_, 1200)}).ok());
  clock_.advance(3600);
  ASSERT_TRUE(score(id, {points(alice_, 1200)}).ok());  // the same again: no change to keep
  ASSERT_TRUE(score(id, {points(alice_, 1450, "Recorrigé")}, french_teacher_).ok());
  clock_.advance(60);
  ASSERT_TRUE(score(id, {marked(alice_, Mark::exempt)}).ok());
  const auto history =
      read<std::vector<ScoreChange>>([&](auto& db) { return scoreHistory(db, id); });
  ASSERT_EQ(history.size(), 3u);
  EXPECT_FALSE(history[0].before.has_value());
  EXPECT_EQ(history[0].after, points(alice_, 1200));
  EXPECT_EQ(history[0].changed_by, maths_teacher_);
  EXPECT_EQ(history[0].changed_at, first);
  EXPECT_EQ(history[1].before, points(alice_, 1200));
  EXPECT_EQ(history[1].after, points(alice_, 1450, "Recorrigé"));
  EXPECT_EQ(history[1].changed_by, french_teacher_);
  EXPECT_EQ(history[1].changed_at, first + 3600);
  EXPECT_EQ(history[2].before, points(alice_, 1450, "Recorrigé"));
  EXPECT_EQ(history[2].after, marked(alice_, Mark::exempt));
  EXPECT_EQ(history[2].changed_at, first + 3660);
}

TEST_F(Scores, ScoresOfAVisibleEvaluationAreAnnouncedOnceToStudentsAndParents) {
  const auto id = created(mathsTest("2026-09-28"));
  ASSERT_TRUE(score(id, {points(alice_, 1200)}).ok());
  EXPECT_EQ(notified(), (std::set<std::int64_t>{alice_, bob_, dan_, alice_mum_, bob_dad_}));
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'grades.published' AND "
                  "title = 'Nouvelle note en Mathématiques : Contrôle' AND "
                  "body = 'Évaluation du 2026-09-28.' AND link = '/grades?period=1'"),
            5);
  ASSERT_TRUE(score(id, {points(bob_, 1300)}).ok());
  EXPECT_EQ(count("SELECT count(*) FROM notifications"), 5);
}

TEST_F(Scores, AHiddenEvaluationIsAnnouncedByMaintenanceOnceVisible) {
  Evaluation later = mathsTest("2026-09-28");
  later.visible_from = "2026-10-05";
  const auto id = created(later);
  ASSERT_TRUE(score(id, {points(alice_, 1200)}).ok());
  EXPECT_TRUE(notified().empty());
  auto publish = [&] {
    int announced = -1;
    EXPECT_TRUE(db_->write([&](auto& db) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(announced, publishDueEvaluations(db, clock_.now()));
                     return okStatus();
                   })
                    .ok());
    return announced;
  };
  EXPECT_EQ(publish(), 0);
  clock_.set(noonOf("2026-10-05"));
  EXPECT_EQ(publish(), 1);
  EXPECT_EQ(notified(), (std::set<std::int64_t>{alice_, bob_, dan_, alice_mum_, bob_dad_}));
  EXPECT_EQ(publish(), 0);
  EXPECT_EQ(count("SELECT count(*) FROM notifications"), 5);
}

TEST_F(Scores, AnEvaluationWithoutScoresIsNotAnnounced) {
  created(mathsTest("2026-09-28"));
  EXPECT_EQ(count("SELECT count(*) FROM evaluations WHERE notified_at IS NULL"), 1);
  EXPECT_TRUE(notified().empty());
}

TEST_F(Scores, ARefusedRequestAnnouncesNothing) {
  const auto id = created(mathsTest("2026-09-28"));
  ASSERT_FALSE(score(id, {points(alice_, 1200), points(bob_, 2500)}).ok());
  EXPECT_TRUE(notified().empty());
}

TEST_F(Scores, GridStatisticsUseNumericScoresOnTheEvaluationsScale) {
  const auto id = created(scaled(mathsTest(), 1000, 100));
  // 7.5, 4 and absent: min 4, max 7.5, mean (7.5 + 4) / 2 = 5.75.
  ASSERT_TRUE(score(id, {points(alice_, 750), points(bob_, 400), marked(dan_, Mark::absent)}).ok());
  const auto stats = grid(id).stats;
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->min, 400);
  EXPECT_EQ(stats->max, 750);
  EXPECT_EQ(stats->mean, 575);
  EXPECT_EQ(stats->count, 2);
}

}  // namespace
}  // namespace cartable::grades
