// Overlapping lessons and bad input are refused, naming the lesson and the
// field, and nothing is written.
#include "timetable_fixture.h"

namespace cartable::timetable {
namespace {

using TimetableConflicts = TimetableSchool;

// Creating `lesson` fails with `code` on `field`, and no lesson is added.
#define EXPECT_REFUSED(lesson, errc, expected_field)                             \
  do {                                                                           \
    const auto before = count("SELECT count(*) FROM lessons");                   \
    const auto refused = create(lesson);                                         \
    ASSERT_FALSE(refused.ok());                                                  \
    EXPECT_EQ(refused.error().code, errc) << refused.error().message;            \
    EXPECT_EQ(refused.error().field, expected_field) << refused.error().message; \
    EXPECT_EQ(count("SELECT count(*) FROM lessons"), before);                    \
  } while (false)

TEST_F(TimetableConflicts, TheSameTeacherCannotTeachTwoOverlappingLessons) {
  const auto first = *create(mathsLesson());
  Lesson other = mathsLesson();
  other.class_id = class_b_;
  other.room = "B20";
  other.starts_at = "08:30";
  other.ends_at = "09:30";
  const auto refused = create(other);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::conflict);
  EXPECT_EQ(refused.error().field, "teacher_ids");
  EXPECT_NE(refused.error().message.find("lesson " + std::to_string(first)), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(count("SELECT count(*) FROM lessons"), 1);
}

TEST_F(TimetableConflicts, TheSameRoomCannotHostTwoOverlappingLessons) {
  ASSERT_TRUE(create(mathsLesson()).ok());
  Lesson other = mathsLesson();
  other.class_id = class_b_;
  other.teacher_ids = {french_teacher_};
  EXPECT_REFUSED(other, Errc::conflict, "room");
}

TEST_F(TimetableConflicts, TheSameClassCannotHaveTwoOverlappingLessons) {
  ASSERT_TRUE(create(mathsLesson()).ok());
  Lesson other = mathsLesson();
  other.teacher_ids = {french_teacher_};
  other.room = "B20";
  EXPECT_REFUSED(other, Errc::conflict, "class_id");
}

TEST_F(TimetableConflicts, AGroupClashesWithTheClassOfItsStudents) {
  ASSERT_TRUE(create(mathsLesson()).ok());
  Lesson spanish{0, spanish_, std::nullopt, group_,           {spanish_teacher_}, "C01",
                 1, "08:30",  "09:30",      WeekPattern::all, "2026-09-01",       "2027-07-04"};
  EXPECT_REFUSED(spanish, Errc::conflict, "group_id");
  // Class 6B has no member of the group: no clash.
  Lesson in_b = mathsLesson();
  in_b.class_id = class_b_;
  in_b.teacher_ids = {french_teacher_};
  in_b.room = "B20";
  in_b.weekday = 2;
  ASSERT_TRUE(create(in_b).ok());
  spanish.weekday = 2;
  spanish.starts_at = "08:00";
  spanish.room = "C02";
  Lesson spanish_again = spanish;
  ASSERT_TRUE(create(spanish).ok());
  spanish_again.class_id = std::nullopt;
  spanish_again.teacher_ids = {substitute_};
  spanish_again.room = "C03";
  EXPECT_REFUSED(spanish_again, Errc::conflict, "group_id");
}

TEST_F(TimetableConflicts, LessonsThatDoNotMeetAreAccepted) {
  ASSERT_TRUE(create(mathsLesson()).ok());
  Lesson next_hour = mathsLesson();
  next_hour.starts_at = "09:00";
  next_hour.ends_at = "10:00";
  EXPECT_TRUE(create(next_hour).ok());
  Lesson week_b = mathsLesson();
  Lesson week_a = mathsLesson();
  week_a.weekday = week_b.weekday = 4;
  week_a.week_pattern = WeekPattern::a;
  week_b.week_pattern = WeekPattern::b;
  EXPECT_TRUE(create(week_a).ok());
  EXPECT_TRUE(create(week_b).ok());
  Lesson second_term = mathsLesson();
  Lesson first_term = mathsLesson();
  first_term.weekday = second_term.weekday = 5;
  first_term.valid_until = "2026-12-31";
  second_term.valid_from = "2027-01-01";
  EXPECT_TRUE(create(first_term).ok());
  EXPECT_TRUE(create(second_term).ok());
}

TEST_F(TimetableConflicts, BadInputNamesTheField) {
  struct Case {
    std::function<void(Lesson&)> spoil;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](Lesson& l) { l.ends_at = "07:00"; }, "ends_at"},
      {[](Lesson& l) { l.ends_at = l.starts_at; }, "ends_at"},
      {[](Lesson& l) { l.starts_at = "8h"; }, "starts_at"},
      {[](Lesson& l) { l.starts_at = "24:00"; }, "starts_at"},
      {[](Lesson& l) { l.subject_id = 9999; }, "subject_id"},
      {[](Lesson& l) { l.class_id = 9999; }, "class_id"},
      {[&](Lesson& l) {
         l.class_id = std::nullopt;
         l.group_id = 9999;
       },
       "group_id"},
      {[&](Lesson& l) { l.group_id = group_; }, "class_id"},
      {[](Lesson& l) { l.teacher_ids = {9999}; }, "teacher_ids"},
      {[&](Lesson& l) { l.teacher_ids = {alice_}; }, "teacher_ids"},
      {[](Lesson& l) { l.teacher_ids = {}; }, "teacher_ids"},
      {[](Lesson& l) { l.weekday = 8; }, "weekday"},
      {[](Lesson& l) { l.weekday = 0; }, "weekday"},
      {[](Lesson& l) { l.valid_from = "2026-13-01"; }, "valid_from"},
      {[](Lesson& l) { l.valid_until = "2026-08-01"; }, "valid_until"},
  };
  for (const Case& c : cases) {
    Lesson lesson = mathsLesson();
    c.spoil(lesson);
    SCOPED_TRACE(c.field);
    EXPECT_REFUSED(lesson, Errc::invalid_argument, c.field);
  }
}

TEST_F(TimetableConflicts, AMoveOntoABusySlotIsRefusedAndNothingIsWritten) {
  const auto maths = *create(mathsLesson());
  Lesson french = mathsLesson();
  french.subject_id = french_;
  french.teacher_ids = {french_teacher_};
  french.room = "B14";
  french.weekday = 3;
  const auto francais = *create(french);
  LessonChange onto_french{
      maths, "2026-09-07", ChangeKind::moved, "2026-09-09", "08:30", "09:30", {}, {}, ""};
  const auto refused = change(onto_french, maths_teacher_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::conflict);
  EXPECT_EQ(refused.error().field, "class_id");
  EXPECT_NE(refused.error().message.find("lesson " + std::to_string(francais)), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM lesson_changes"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM notifications"), 0);
  // Once the French lesson is cancelled that day, the slot is free.
  ASSERT_TRUE(
      change({francais, "2026-09-09", ChangeKind::cancelled, {}, {}, {}, {}, {}, ""}, 0).ok());
  EXPECT_TRUE(change(onto_french, maths_teacher_).ok());
}

TEST_F(TimetableConflicts, AChangeMustNameADateTheLessonTakesPlaceAndWhatTheKindNeeds) {
  const auto maths = *create(mathsLesson());
  struct Case {
    LessonChange change;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{maths, "2026-09-08", ChangeKind::cancelled, {}, {}, {}, {}, {}, ""}, "date"},
      {{maths, "2026-10-19", ChangeKind::cancelled, {}, {}, {}, {}, {}, ""}, "date"},
      {{maths, "2026-09-07", ChangeKind::room, {}, {}, {}, {}, {}, ""}, "room"},
      {{maths, "2026-09-07", ChangeKind::substitute, {}, {}, {}, {}, {}, ""}, "substitute_id"},
      {{maths, "2026-09-07", ChangeKind::substitute, {}, {}, {}, {}, bob_dad_, ""},
       "substitute_id"},
      {{maths, "2026-09-07", ChangeKind::moved, {}, "10:00", "11:00", {}, {}, ""}, "new_date"},
      {{maths, "2026-09-07", ChangeKind::moved, "2026-09-08", "11:00", "10:00", {}, {}, ""},
       "ends_at"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    const auto refused = change(c.change, 0);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, Errc::invalid_argument) << refused.error().message;
    EXPECT_EQ(refused.error().field, c.field) << refused.error().message;
  }
  EXPECT_EQ(count("SELECT count(*) FROM lesson_changes"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM notifications"), 0);
}

}  // namespace
}  // namespace cartable::timetable

namespace cartable::timetable {
namespace {

TEST_F(TimetableConflicts, ABadValueNamesItsFieldInTheMessage) {
  Lesson lesson = mathsLesson();
  lesson.teacher_ids = {alice_};
  auto refused = create(lesson);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "teacher_ids");
  EXPECT_EQ(refused.error().message,
            "\"teacher_ids\" " + std::to_string(alice_) + " is not an active teacher");
}

}  // namespace
}  // namespace cartable::timetable
