// Absences counted per half-day, justified or not, and lateness, worked by hand.
// Monday's lessons: 6A maths 08-09, French 10-11, maths 14-15; Alice's Spanish
// group 12-13 (an afternoon lesson: the afternoon starts at 12:00).
#include "attendance_fixture.h"

namespace cartable::attendance {
namespace {

using AttendanceHalfDays = AttendanceSchool;
using Standing = AttendanceEvent::Standing;

TEST_F(AttendanceHalfDays, TwoAbsencesInOneMorningCountOneHalfDay) {
  ASSERT_TRUE(take(maths_morning_, kMonday, {absent(alice_)}, maths_teacher_).ok());
  ASSERT_TRUE(take(french_a_, kMonday, {absent(alice_)}, french_teacher_).ok());
  const StudentAttendance alice = summary(alice_);
  EXPECT_EQ(alice.events.size(), 2u);
  EXPECT_EQ(alice.half_days_absent, 1);
  EXPECT_EQ(alice.half_days_unjustified, 1);
}

TEST_F(AttendanceHalfDays, ALessonStartingAtNoonCountsInTheAfternoon) {
  EXPECT_EQ(kAfternoonStartsAt, "12:00");
  ASSERT_TRUE(take(french_a_, kMonday, {absent(alice_)}, french_teacher_).ok());
  ASSERT_TRUE(take(spanish_noon_, kMonday, {absent(alice_)}, spanish_teacher_).ok());
  EXPECT_EQ(summary(alice_).half_days_absent, 2);
  ASSERT_TRUE(take(maths_afternoon_, kMonday, {absent(alice_)}, maths_teacher_).ok());
  EXPECT_EQ(summary(alice_).half_days_absent, 2);
}

TEST_F(AttendanceHalfDays, AbsencesOnTwoMondaysCountSeparately) {
  ASSERT_TRUE(take(maths_morning_, kMonday, {absent(bob_)}, maths_teacher_).ok());
  clock_.set(at("2026-09-14", "18:00"));
  ASSERT_TRUE(take(maths_morning_, "2026-09-14", {absent(bob_)}, maths_teacher_).ok());
  ASSERT_TRUE(take(maths_afternoon_, "2026-09-14", {absent(bob_)}, maths_teacher_).ok());
  EXPECT_EQ(summary(bob_).half_days_absent, 3);
  // Only the span asked for is counted.
  EXPECT_EQ(summary(bob_, "2026-09-14", "2026-09-14").half_days_absent, 2);
}

TEST_F(AttendanceHalfDays, LatenessIsCountedWithItsMinutesButIsNotAnAbsence) {
  ASSERT_TRUE(take(maths_morning_, kMonday, {late(bob_, 5)}, maths_teacher_).ok());
  ASSERT_TRUE(take(french_a_, kMonday, {late(bob_, 12)}, french_teacher_).ok());
  ASSERT_TRUE(take(maths_afternoon_, kMonday, {absent(bob_)}, maths_teacher_).ok());
  const StudentAttendance bob = summary(bob_);
  EXPECT_EQ(bob.late_count, 2);
  EXPECT_EQ(bob.minutes_late, 17);
  EXPECT_EQ(bob.half_days_absent, 1);
  ASSERT_EQ(bob.events.size(), 3u);
  EXPECT_EQ(bob.events[0].status, Presence::late);
  EXPECT_EQ(bob.events[2].status, Presence::absent);
}

TEST_F(AttendanceHalfDays, AHalfDayIsUnjustifiedWhileOneOfItsAbsencesIsNotCovered) {
  ASSERT_TRUE(take(maths_morning_, kMonday, {absent(alice_)}, maths_teacher_).ok());
  ASSERT_TRUE(take(french_a_, kMonday, {absent(alice_)}, french_teacher_).ok());
  ASSERT_TRUE(take(maths_afternoon_, kMonday, {absent(alice_)}, maths_teacher_).ok());
  // A doctor's appointment from 07:30 to 09:30 covers maths only.
  NewJustification doctor = wholeDay(alice_, kMonday);
  doctor.reason = Reason::medical;
  doctor.from_time = "07:30";
  doctor.to_time = "09:30";
  auto recorded = justify(doctor);
  ASSERT_TRUE(recorded.ok()) << recorded.error().message;
  EXPECT_EQ(recorded->state, JustificationState::accepted);

  StudentAttendance alice = summary(alice_);
  EXPECT_EQ(alice.half_days_absent, 2);
  EXPECT_EQ(alice.half_days_unjustified, 2);
  EXPECT_EQ(alice.events[0].standing, Standing::justified);
  EXPECT_EQ(alice.events[0].justification_id, recorded->id);
  EXPECT_EQ(alice.events[1].standing, Standing::unjustified);

  // The whole day covers everything.
  ASSERT_TRUE(justify(wholeDay(alice_, kMonday)).ok());
  alice = summary(alice_);
  EXPECT_EQ(alice.half_days_absent, 2);
  EXPECT_EQ(alice.half_days_unjustified, 0);
}

TEST_F(AttendanceHalfDays, AJustificationOverSeveralDaysCoversEachOfThem) {
  ASSERT_TRUE(take(maths_afternoon_, kMonday, {absent(bob_)}, maths_teacher_).ok());
  clock_.set(at("2026-09-14", "18:00"));
  ASSERT_TRUE(take(maths_morning_, "2026-09-14", {absent(bob_)}, maths_teacher_).ok());
  NewJustification week = wholeDay(bob_, kMonday);
  week.from_time = "13:00";
  week.to_date = "2026-09-14";
  week.to_time = "08:30";  // overlaps the 08:00 lesson
  ASSERT_TRUE(justify(week).ok());
  EXPECT_EQ(summary(bob_).half_days_unjustified, 0);
}

TEST_F(AttendanceHalfDays, AJustificationEndingWhenTheLessonStartsDoesNotCoverIt) {
  ASSERT_TRUE(take(french_a_, kMonday, {absent(bob_)}, french_teacher_).ok());
  NewJustification before = wholeDay(bob_, kMonday);
  before.to_time = "10:00";
  ASSERT_TRUE(justify(before).ok());
  EXPECT_EQ(summary(bob_).events.front().standing, Standing::unjustified);
  EXPECT_EQ(summary(bob_).half_days_unjustified, 1);
}

TEST_F(AttendanceHalfDays, AnotherStudentsJustificationCoversNothing) {
  ASSERT_TRUE(take(french_a_, kMonday, {absent(bob_)}, french_teacher_).ok());
  ASSERT_TRUE(justify(wholeDay(alice_, kMonday)).ok());
  EXPECT_EQ(summary(bob_).half_days_unjustified, 1);
}

TEST_F(AttendanceHalfDays, AClassSummaryGivesEachStudentsCountsWithoutEvents) {
  ASSERT_TRUE(take(maths_morning_, kMonday, {absent(alice_), late(bob_, 3)}, maths_teacher_).ok());
  const auto all = read<std::vector<StudentAttendance>>([&](storage::Connection& db) {
    return classAttendance(db, class_a_, DateSpan{"2026-09-01", "2026-11-30", ""});
  });
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].student_id, alice_);
  EXPECT_EQ(all[0].half_days_absent, 1);
  EXPECT_TRUE(all[0].events.empty());
  EXPECT_EQ(all[1].late_count, 1);
  auto unknown = write<std::vector<StudentAttendance>>([&](storage::Connection& db) {
    return classAttendance(db, 999999, DateSpan{"2026-09-01", "2026-11-30", ""});
  });
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, Errc::not_found);
}

TEST_F(AttendanceHalfDays, APeriodIsChosenByItsPlaceInTheCalendarOrByDates) {
  auto span = [&](std::optional<std::int64_t> period, std::optional<std::string> from,
                  std::optional<std::string> to, const std::string& today) {
    return write<DateSpan>(
        [&](storage::Connection& db) { return resolveSpan(db, period, from, to, today); });
  };
  auto second = span(2, {}, {}, kMonday);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->label, "Trimestre 2");
  EXPECT_EQ(second->from, "2026-12-01");
  auto current = span({}, {}, {}, "2026-10-02");
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->label, "Trimestre 1");
  auto dates = span({}, "2026-09-07", "2026-09-13", kMonday);
  ASSERT_TRUE(dates.ok());
  EXPECT_EQ(dates->to, "2026-09-13");
  EXPECT_EQ(span(3, {}, {}, kMonday).error().field, "period");
  EXPECT_EQ(span(1, "2026-09-07", {}, kMonday).error().field, "period");
  EXPECT_EQ(span({}, "2026-09-07", {}, kMonday).error().field, "to");
  EXPECT_EQ(span({}, "2026-09-07", "2026-09-06", kMonday).error().field, "to");
  EXPECT_EQ(span({}, "yesterday", "2026-09-06", kMonday).error().field, "from");
}

TEST_F(AttendanceHalfDays, ASummaryOfSomeoneWhoIsNotAStudentIsNotFound) {
  auto teacher = write<StudentAttendance>([&](storage::Connection& db) {
    return studentAttendance(db, maths_teacher_, DateSpan{"2026-09-01", "2026-11-30", ""});
  });
  ASSERT_FALSE(teacher.ok());
  EXPECT_EQ(teacher.error().code, Errc::not_found);
}

}  // namespace
}  // namespace cartable::attendance
