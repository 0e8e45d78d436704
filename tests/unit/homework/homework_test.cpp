// Homework rules: who has it, who is told, due dates, the lesson it was set
// in, the private done tick, and changes.
#include "homework/homework.h"

#include "homework/audience.h"
#include "homework_fixture.h"

namespace cartable::homework {
namespace {

std::string fieldOf(const Result<std::int64_t>& result) {
  return result.ok() ? "created" : result.error().field;
}

TEST_F(HomeworkSchool, NewHomeworkTellsItsStudentsAndTheirParentsOnly) {
  auto id = create(mathsHomework());
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'homework.new'"), 4);
  for (std::int64_t told : {alice_, bob_, alice_mum_, bob_dad_}) {
    EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE user_id = " + std::to_string(told)),
              1);
  }
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE user_id = " + std::to_string(carol_)),
            0);
  auto title = read<std::string>([&](storage::Connection& db) -> Result<std::string> {
    CARTABLE_ASSIGN_OR_RETURN(auto row, db.query("SELECT title, link FROM notifications LIMIT 1"));
    CARTABLE_RETURN_IF_ERROR(row.step());
    return row.text(0) + " " + row.text(1);
  });
  EXPECT_EQ(title,
            "Nouveau travail en Mathématiques pour le 10/09/2026 /homework/" + std::to_string(*id));
}

TEST_F(HomeworkSchool, ChosenStudentsOutsideTheClassAreRefusedNamingTheirPlace) {
  Homework h = mathsHomework();
  h.student_ids = {alice_, carol_};
  auto refused = create(h);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::invalid_argument);
  EXPECT_EQ(refused.error().field, "student_ids[1]");
  EXPECT_EQ(refused.error().message,
            "\"student_ids[1]\" " + std::to_string(carol_) + " is not a student of the class");
  EXPECT_EQ(count("SELECT count(*) FROM homework"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM notifications"), 0);
}

TEST_F(HomeworkSchool, DifferentiatedWorkIsOnlyForTheChosenStudents) {
  Homework h = mathsHomework();
  h.student_ids = {bob_};
  auto id = create(h);
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto of = [&](std::int64_t student) {
    return read<std::vector<StudentHomework>>([&](storage::Connection& db) {
      return homeworkOfStudent(db, student, "2026-09-01", "2026-09-30", clock_.now());
    });
  };
  EXPECT_EQ(of(bob_).size(), 1u);
  EXPECT_TRUE(of(alice_).empty());
  EXPECT_EQ(count("SELECT count(*) FROM notifications"), 2);  // bob and his father
  EXPECT_FALSE(read<bool>([&](storage::Connection& db) { return isAssignedTo(db, *id, alice_); }));
  EXPECT_TRUE(
      read<bool>([&](storage::Connection& db) { return childIsAssigned(db, *id, bob_dad_); }));
}

TEST_F(HomeworkSchool, GroupHomeworkReachesTheGroupMembers) {
  Homework h = mathsHomework();
  h.teacher_id = spanish_teacher_;
  h.subject_id = spanish_;
  h.class_id.reset();
  h.group_id = group_;
  ASSERT_TRUE(create(h).ok());
  auto alice = read<std::vector<StudentHomework>>([&](storage::Connection& db) {
    return homeworkOfStudent(db, alice_, "2026-09-07", "2026-09-10", clock_.now());
  });
  ASSERT_EQ(alice.size(), 1u);
  EXPECT_EQ(alice[0].homework.group_id, group_);
  EXPECT_EQ(alice[0].progress.status, WorkStatus::to_do);
  EXPECT_TRUE(read<std::vector<StudentHomework>>([&](storage::Connection& db) {
                return homeworkOfStudent(db, bob_, "2026-09-07", "2026-09-10", clock_.now());
              }).empty());
}

TEST_F(HomeworkSchool, ADueDateInThePastIsRefused) {
  Homework h = mathsHomework();
  h.due_on = "2026-09-06";
  EXPECT_EQ(fieldOf(create(h)), "due_on");
  h.due_on = "2026-09-07";
  h.due_at = "09:00";  // it is 10:00
  EXPECT_EQ(fieldOf(create(h)), "due_at");
  h.due_at = "17:00";
  EXPECT_EQ(fieldOf(create(h)), "created");
  h.due_at.reset();
  EXPECT_EQ(fieldOf(create(h)), "created");
  h.due_on = "2026-02-30";
  EXPECT_EQ(fieldOf(create(h)), "due_on");
}

TEST_F(HomeworkSchool, BadValuesAreRefusedNamingTheField) {
  Homework h = mathsHomework();
  h.group_id = group_;
  EXPECT_EQ(fieldOf(create(h)), "class_id");
  h = mathsHomework();
  h.subject_id = 999;
  EXPECT_EQ(fieldOf(create(h)), "subject_id");
  h = mathsHomework();
  h.estimated_minutes = 0;
  EXPECT_EQ(fieldOf(create(h)), "estimated_minutes");
  h = mathsHomework();
  h.instructions = "";
  EXPECT_EQ(fieldOf(create(h)), "instructions");
  h = mathsHomework();
  h.student_ids = {alice_, alice_};
  EXPECT_EQ(fieldOf(create(h)), "student_ids[1]");
}

TEST_F(HomeworkSchool, TheLessonItWasSetInMustBeOfTheClassAndOnADayItTakesPlace) {
  Homework h = mathsHomework();
  h.lesson_id = maths_lesson_;
  h.lesson_date = "2026-09-07";
  EXPECT_EQ(fieldOf(create(h)), "created");
  h.lesson_date = "2026-09-08";  // a Tuesday
  EXPECT_EQ(fieldOf(create(h)), "lesson_date");
  h.lesson_date = "2026-10-19";  // a Monday of the holidays
  EXPECT_EQ(fieldOf(create(h)), "lesson_date");
  h.lesson_date.reset();
  EXPECT_EQ(fieldOf(create(h)), "lesson_date");
  h.lesson_id = spanish_lesson_;
  h.lesson_date = "2026-09-08";
  EXPECT_EQ(fieldOf(create(h)), "lesson_id");
}

TEST_F(HomeworkSchool, TheDoneTickIsTheStudentsOwn) {
  auto id = create(mathsHomework());
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(write([&](storage::Connection& db) {
                return setDone(db, *id, alice_, true, clock_.now());
              }).ok());
  const Homework h = read<Homework>([&](storage::Connection& db) { return getHomework(db, *id); });
  auto progress = [&](std::int64_t student) {
    return read<Progress>(
        [&](storage::Connection& db) { return progressOf(db, h, student, clock_.now()); });
  };
  EXPECT_TRUE(progress(alice_).done);
  EXPECT_FALSE(progress(bob_).done);
  ASSERT_TRUE(write([&](storage::Connection& db) {
                return setDone(db, *id, alice_, false, clock_.now());
              }).ok());
  EXPECT_FALSE(progress(alice_).done);
}

TEST_F(HomeworkSchool, TheSetterChangesTheHomeworkButNotItsClass) {
  auto id = create(mathsHomework());
  ASSERT_TRUE(id.ok());
  Homework h = read<Homework>([&](storage::Connection& db) { return getHomework(db, *id); });
  // Once the due date has passed, other fields still change.
  clock_.set(at(2026, 9, 11, 9, 0));
  h.instructions = "Exercices 1 à 5 page 12";
  h.student_ids = {alice_};
  ASSERT_TRUE(
      write([&](storage::Connection& db) { return updateHomework(db, h, clock_.now()); }).ok());
  const Homework stored =
      read<Homework>([&](storage::Connection& db) { return getHomework(db, *id); });
  EXPECT_EQ(stored.instructions, "Exercices 1 à 5 page 12");
  EXPECT_EQ(stored.student_ids, std::vector<std::int64_t>{alice_});
  h.due_on = "2026-09-10";
  h.due_at = "08:00";
  Status moved_into_past =
      write([&](storage::Connection& db) { return updateHomework(db, h, clock_.now()); });
  EXPECT_EQ(moved_into_past.error().field, "due_on");
  h = stored;
  h.class_id = class_b_;
  Status moved =
      write([&](storage::Connection& db) { return updateHomework(db, h, clock_.now()); });
  EXPECT_EQ(moved.error().field, "class_id");
  ASSERT_TRUE(write([&](storage::Connection& db) { return deleteHomework(db, *id); }).ok());
  EXPECT_EQ(count("SELECT count(*) FROM homework"), 0);
}

TEST_F(HomeworkSchool, TeachersOfTheClassByAssignmentOrLessonTeachIt) {
  auto teaches = [&](std::int64_t teacher, std::optional<std::int64_t> class_id,
                     std::optional<std::int64_t> group_id) {
    return read<bool>([&](storage::Connection& db) {
      return teachesClassOrGroup(db, teacher, class_id, group_id);
    });
  };
  EXPECT_TRUE(teaches(maths_teacher_, class_a_, std::nullopt));  // assignment
  EXPECT_FALSE(teaches(maths_teacher_, class_b_, std::nullopt));
  EXPECT_TRUE(teaches(spanish_teacher_, std::nullopt, group_));  // lesson
  EXPECT_FALSE(teaches(maths_teacher_, std::nullopt, group_));
}

}  // namespace
}  // namespace cartable::homework
