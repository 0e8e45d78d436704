// Each person's week: A/B weeks, holidays, validity dates and every kind of change.
#include "timetable_fixture.h"

namespace cartable::timetable {
namespace {

constexpr const char* kWeekA = "2026-09-07";
constexpr const char* kWeekB = "2026-09-14";
constexpr const char* kToussaint = "2026-10-19";

std::vector<std::int64_t> lessonIds(const std::vector<Occurrence>& week) {
  std::vector<std::int64_t> ids;
  for (const Occurrence& o : week) ids.push_back(o.lesson_id);
  return ids;
}

using TimetableWeek = TimetableSchool;

TEST_F(TimetableWeek, AStudentSeesTheirClassAndGroupLessonsOnTheirDays) {
  const auto maths = *create(mathsLesson());
  Lesson spanish{0, spanish_, std::nullopt, group_,           {spanish_teacher_}, "C01",
                 2, "10:00",  "11:00",      WeekPattern::all, "2026-09-01",       "2027-07-04"};
  const auto lv2 = *create(spanish);
  const auto week = this->week(alice_, kWeekA);
  ASSERT_EQ(lessonIds(week), (std::vector<std::int64_t>{maths, lv2}));
  EXPECT_EQ(week[0].date, "2026-09-07");
  EXPECT_EQ(week[0].starts_at, "08:00");
  EXPECT_EQ(week[0].room, "B12");
  EXPECT_EQ(week[1].date, "2026-09-08");
  // Bob is in 6A but not in the Spanish group; Carol is in 6B.
  EXPECT_EQ(lessonIds(this->week(bob_, kWeekA)), (std::vector<std::int64_t>{maths}));
  EXPECT_TRUE(this->week(carol_, kWeekA).empty());
}

TEST_F(TimetableWeek, ATeacherSeesOnlyTheLessonsTheyTeach) {
  const auto maths = *create(mathsLesson());
  Lesson french = mathsLesson();
  french.subject_id = french_;
  french.teacher_ids = {french_teacher_};
  french.room = "B14";
  french.weekday = 3;
  const auto francais = *create(french);
  EXPECT_EQ(lessonIds(week(maths_teacher_, kWeekA)), (std::vector<std::int64_t>{maths}));
  EXPECT_EQ(lessonIds(week(french_teacher_, kWeekA)), (std::vector<std::int64_t>{francais}));
  EXPECT_TRUE(week(substitute_, kWeekA).empty());
}

TEST_F(TimetableWeek, WeekALessonsComeEveryOtherWeekFromTheReferenceMonday) {
  Lesson a = mathsLesson();
  a.week_pattern = WeekPattern::a;
  Lesson b = mathsLesson();
  b.week_pattern = WeekPattern::b;
  b.subject_id = french_;
  b.teacher_ids = {french_teacher_};
  a.valid_from = b.valid_from = "2026-08-24";
  const auto in_a = *create(a);
  const auto in_b = *create(b);  // same slot, other weeks: no conflict
  EXPECT_EQ(lessonIds(week(alice_, kWeekA)), (std::vector<std::int64_t>{in_a}));
  EXPECT_EQ(lessonIds(week(alice_, kWeekB)), (std::vector<std::int64_t>{in_b}));
  EXPECT_EQ(lessonIds(week(alice_, "2026-09-21")), (std::vector<std::int64_t>{in_a}));
  // Weeks before the reference alternate too.
  EXPECT_EQ(lessonIds(week(alice_, "2026-08-31")), (std::vector<std::int64_t>{in_b}));
}

TEST_F(TimetableWeek, HolidaysAndDatesOutsideTheLessonsValidityAreEmpty) {
  Lesson until_october = mathsLesson();
  until_october.valid_until = "2026-09-30";
  ASSERT_TRUE(create(until_october).ok());
  EXPECT_EQ(week(alice_, kWeekA).size(), 1u);
  EXPECT_TRUE(week(alice_, kToussaint).empty());
  EXPECT_TRUE(week(alice_, "2026-10-05").empty());
  EXPECT_TRUE(week(alice_, "2026-08-24").empty());
}

TEST_F(TimetableWeek, ACancelledLessonStaysListedAsCancelledWithItsNote) {
  const auto maths = *create(mathsLesson());
  ASSERT_TRUE(
      change({maths, kWeekA, ChangeKind::cancelled, {}, {}, {}, {}, {}, "Sortie"}, maths_teacher_)
          .ok());
  const auto week = this->week(alice_, kWeekA);
  ASSERT_EQ(week.size(), 1u);
  EXPECT_TRUE(week[0].cancelled);
  EXPECT_EQ(week[0].notes, (std::vector<std::string>{"Sortie"}));
  EXPECT_FALSE(this->week(alice_, kWeekB)[0].cancelled);
}

TEST_F(TimetableWeek, AMovedLessonLeavesItsDayAndAppearsOnItsNewDateEvenInAnotherWeek) {
  const auto maths = *create(mathsLesson());
  LessonChange moved{maths, kWeekA, ChangeKind::moved, "2026-09-16", "14:00", "15:00", "D01",
                     {},    ""};
  ASSERT_TRUE(change(moved, maths_teacher_).ok());
  EXPECT_TRUE(week(alice_, kWeekA).empty());
  const auto next = week(alice_, kWeekB);
  ASSERT_EQ(next.size(), 2u);
  EXPECT_EQ(next[0].date, "2026-09-14");  // the regular Monday lesson of week B
  EXPECT_FALSE(next[0].moved_from.has_value());
  EXPECT_EQ(next[1].date, "2026-09-16");
  EXPECT_EQ(next[1].starts_at, "14:00");
  EXPECT_EQ(next[1].ends_at, "15:00");
  EXPECT_EQ(next[1].room, "D01");
  EXPECT_EQ(next[1].moved_from, "2026-09-07");
}

TEST_F(TimetableWeek, ARoomChangeAppliesToThatDateOnly) {
  const auto maths = *create(mathsLesson());
  ASSERT_TRUE(
      change({maths, kWeekB, ChangeKind::room, {}, {}, {}, "CDI", {}, ""}, maths_teacher_).ok());
  EXPECT_EQ(week(alice_, kWeekA)[0].room, "B12");
  EXPECT_EQ(week(alice_, kWeekB)[0].room, "CDI");
}

TEST_F(TimetableWeek, ASubstituteTeachesInPlaceAndSeesTheLessonInTheirWeek) {
  const auto maths = *create(mathsLesson());
  ASSERT_TRUE(
      change({maths, kWeekA, ChangeKind::substitute, {}, {}, {}, {}, substitute_, ""}, 0).ok());
  const auto seen_by_student = week(alice_, kWeekA);
  ASSERT_EQ(seen_by_student.size(), 1u);
  EXPECT_EQ(seen_by_student[0].teacher_ids, (std::vector<std::int64_t>{substitute_}));
  EXPECT_EQ(seen_by_student[0].substitute_id, substitute_);
  EXPECT_EQ(lessonIds(week(substitute_, kWeekA)), (std::vector<std::int64_t>{maths}));
  // Only the week of the substitution.
  EXPECT_TRUE(week(substitute_, kWeekB).empty());
  // The usual teacher still sees it, marked as given by the substitute.
  EXPECT_EQ(week(maths_teacher_, kWeekA)[0].substitute_id, substitute_);
}

TEST_F(TimetableWeek, TheWeekMustStartOnAMonday) {
  for (const char* monday : {"2026-09-08", "2026-02-30", "next week"}) {
    Status status = db_->read([&](storage::Connection& db) -> Status {
      CARTABLE_RETURN_IF_ERROR(weekFor(db, alice_, monday));
      return okStatus();
    });
    ASSERT_FALSE(status.ok()) << monday;
    EXPECT_EQ(status.error().code, Errc::invalid_argument);
    EXPECT_EQ(status.error().field, "monday");
  }
}

}  // namespace
}  // namespace cartable::timetable
