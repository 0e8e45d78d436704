// Handing in work: on time, late, replaced until feedback, and the feedback.
#include "homework_fixture.h"

namespace cartable::homework {
namespace {

class HandIns : public HomeworkSchool {
 protected:
  void SetUp() override {
    HomeworkSchool::SetUp();
    Homework h = mathsHomework();
    h.due_at = "08:00";  // Thursday 10 September, 08:00
    auto id = create(h);
    ASSERT_TRUE(id.ok()) << id.error().message;
    homework_ = *id;
  }

  Homework homework() {
    return read<Homework>([&](storage::Connection& db) { return getHomework(db, homework_); });
  }

  std::vector<HandInRow> rows() {
    const Homework h = homework();
    return read<std::vector<HandInRow>>(
        [&](storage::Connection& db) { return handInsOf(db, h, clock_.now()); });
  }

  Result<HandIn> feedback(std::int64_t hand_in, const Feedback& value) {
    std::optional<HandIn> out;
    Status status = write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out,
                                returnFeedback(db, hand_in, value, maths_teacher_, clock_.now()));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return *out;
  }

  std::int64_t homework_ = 0;
};

TEST_F(HandIns, WorkHandedInBeforeTheDeadlineIsOnTimeAndAfterItLate) {
  auto on_time = handInAs(homework_, alice_, "Ma réponse");
  ASSERT_TRUE(on_time.ok()) << on_time.error().message;
  EXPECT_FALSE(on_time->late);
  clock_.set(at(2026, 9, 10, 8, 0));
  EXPECT_FALSE(handInAs(homework_, alice_, "Juste à temps")->late);
  clock_.set(at(2026, 9, 10, 8, 1));
  auto late = handInAs(homework_, bob_, "En retard");
  ASSERT_TRUE(late.ok());
  EXPECT_TRUE(late->late);
}

TEST_F(HandIns, TheTeacherSeesWhoHandedInAndWhoDidNot) {
  ASSERT_TRUE(handInAs(homework_, alice_, "Fait").ok());
  auto before = rows();
  ASSERT_EQ(before.size(), 2u);
  EXPECT_EQ(before[0].student_id, alice_);
  EXPECT_EQ(before[0].status, WorkStatus::handed_in);
  EXPECT_EQ(before[1].student_id, bob_);
  EXPECT_EQ(before[1].status, WorkStatus::to_do);
  clock_.set(at(2026, 9, 11, 9, 0));
  EXPECT_EQ(rows()[1].status, WorkStatus::late);
}

TEST_F(HandIns, AStudentReplacesTheirWorkUntilFeedbackIsReturned) {
  bool replaced = true;
  auto first = handInAs(homework_, alice_, "Brouillon", &replaced);
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(replaced);
  auto second = handInAs(homework_, alice_, "Version finale", &replaced);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(replaced);
  EXPECT_EQ(second->id, first->id);
  EXPECT_EQ(second->text, "Version finale");
  auto returned = feedback(first->id, {"Bien, attention aux unités.", 1550, 2000});
  ASSERT_TRUE(returned.ok()) << returned.error().message;
  EXPECT_EQ(returned->score, 1550);
  EXPECT_EQ(returned->returned_by, maths_teacher_);
  EXPECT_EQ(rows()[0].status, WorkStatus::returned);
  auto refused = handInAs(homework_, alice_, "Trop tard");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::conflict);
  EXPECT_EQ(read<HandIn>([&](storage::Connection& db) { return getHandIn(db, first->id); }).text,
            "Version finale");
}

TEST_F(HandIns, FeedbackTellsTheStudentAndTheirParents) {
  auto hand_in = handInAs(homework_, alice_, "Fait");
  ASSERT_TRUE(hand_in.ok());
  ASSERT_TRUE(feedback(hand_in->id, {"Très bien", std::nullopt, std::nullopt}).ok());
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'homework.feedback' AND "
                  "user_id IN (" +
                  std::to_string(alice_) + ", " + std::to_string(alice_mum_) + ")"),
            2);
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'homework.feedback'"), 2);
}

TEST_F(HandIns, AScoreAboveItsMaximumOrWithoutOneIsRefused) {
  auto hand_in = handInAs(homework_, alice_, "Fait");
  ASSERT_TRUE(hand_in.ok());
  auto above = feedback(hand_in->id, {"Bien", 2100, 2000});
  ASSERT_FALSE(above.ok());
  EXPECT_EQ(above.error().field, "score");
  EXPECT_EQ(above.error().message, "\"score\" 21 is above the maximum 20");
  EXPECT_EQ(feedback(hand_in->id, {"Bien", 1050, std::nullopt}).error().field, "out_of");
  EXPECT_EQ(feedback(hand_in->id, {"Bien", -1, 2000}).error().field, "score");
  EXPECT_EQ(feedback(hand_in->id, {"", std::nullopt, std::nullopt}).error().field, "feedback");
  EXPECT_EQ(count("SELECT count(*) FROM hand_ins WHERE returned_at IS NOT NULL"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'homework.feedback'"), 0);
}

TEST_F(HandIns, AHandInNeedsTextOrAFile) {
  auto empty = handInAs(homework_, alice_, "");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().field, "text");
  EXPECT_EQ(count("SELECT count(*) FROM hand_ins"), 0);
}

TEST_F(HandIns, HomeworkWithNothingToHandInRefusesHandIns) {
  Homework h = mathsHomework();
  h.hand_in_expected = false;
  auto id = create(h);
  ASSERT_TRUE(id.ok());
  auto refused = handInAs(*id, alice_, "Fait");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::conflict);
  clock_.set(at(2026, 9, 12));
  const Homework stored =
      read<Homework>([&](storage::Connection& db) { return getHomework(db, *id); });
  // Nothing was expected, so nothing is late.
  EXPECT_EQ(read<Progress>([&](storage::Connection& db) {
              return progressOf(db, stored, alice_, clock_.now());
            }).status,
            WorkStatus::to_do);
}

}  // namespace
}  // namespace cartable::homework
