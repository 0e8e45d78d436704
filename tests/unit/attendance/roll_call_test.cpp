// Taking the roll of a lesson occurrence: who is listed, what is refused,
// corrections, and the roll calls staff see missing.
#include "attendance_fixture.h"

namespace cartable::attendance {
namespace {

Presence statusOf(const RollCall& roll, std::int64_t student) {
  for (const StudentPresence& one : roll.students) {
    if (one.student_id == student) return one.status;
  }
  ADD_FAILURE() << "student " << student << " is not on the roll";
  return Presence::present;
}

using AttendanceRollCall = AttendanceSchool;

TEST_F(AttendanceRollCall, StudentsNotListedArePresentAndTheRollNamesWhoTookIt) {
  auto taken = take(maths_morning_, kMonday, {absent(alice_)}, maths_teacher_);
  ASSERT_TRUE(taken.ok()) << taken.error().message;
  EXPECT_TRUE(taken->taken);
  EXPECT_EQ(taken->taken_by, maths_teacher_);
  EXPECT_EQ(taken->taken_at, clock_.now());
  ASSERT_EQ(taken->students.size(), 2u);
  EXPECT_EQ(statusOf(*taken, alice_), Presence::absent);
  EXPECT_EQ(statusOf(*taken, bob_), Presence::present);
  EXPECT_EQ(taken->students.front().name, "alice Test");
}

TEST_F(AttendanceRollCall, ARollNotTakenListsEveryStudentPresent) {
  const RollCall before = roll(spanish_noon_, kMonday);
  EXPECT_FALSE(before.taken);
  ASSERT_EQ(before.students.size(), 1u);  // the group has Alice only
  EXPECT_EQ(before.students.front().student_id, alice_);
  EXPECT_EQ(before.students.front().status, Presence::present);
  EXPECT_EQ(before.starts_at, "12:00");
}

TEST_F(AttendanceRollCall, AStudentOfAnotherClassIsRefusedNamingTheEntryAndNothingChanges) {
  ASSERT_TRUE(take(maths_morning_, kMonday, {absent(alice_)}, maths_teacher_).ok());
  clock_.advance(60);
  auto refused = take(maths_morning_, kMonday, {absent(bob_), absent(carol_)}, maths_teacher_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::invalid_argument);
  EXPECT_EQ(refused.error().field, "entries[1].student_id");
  EXPECT_EQ(refused.error().message, "\"entries[1].student_id\" " + std::to_string(carol_) +
                                         " is not a student of lesson " +
                                         std::to_string(maths_morning_));

  const RollCall kept = roll(maths_morning_, kMonday);
  EXPECT_EQ(statusOf(kept, alice_), Presence::absent);
  EXPECT_EQ(statusOf(kept, bob_), Presence::present);
  EXPECT_TRUE(kept.corrections.empty());
  EXPECT_EQ(kept.taken_at, clock_.now() - 60);
  EXPECT_EQ(notices(bob_dad_, "attendance.absence"), 0);
}

TEST_F(AttendanceRollCall, AnUnknownStudentOrOneListedTwiceIsRefusedAndNoRollIsWritten) {
  auto unknown = take(maths_morning_, kMonday, {absent(999999)}, maths_teacher_);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "entries[0].student_id");
  auto twice = take(maths_morning_, kMonday, {absent(alice_), late(alice_, 5)}, maths_teacher_);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().field, "entries[1].student_id");
  EXPECT_EQ(count("SELECT count(*) FROM roll_calls"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM attendance_marks"), 0);
}

TEST_F(AttendanceRollCall, LatenessMustBeFromOneTo240MinutesAndOnlyForALateStudent) {
  for (int minutes : {0, 241}) {
    auto refused = take(maths_morning_, kMonday, {late(alice_, minutes)}, maths_teacher_);
    ASSERT_FALSE(refused.ok()) << minutes;
    EXPECT_EQ(refused.error().field, "entries[0].minutes_late");
  }
  auto absent_with_minutes =
      take(maths_morning_, kMonday, {{alice_, Presence::absent, 5}}, maths_teacher_);
  ASSERT_FALSE(absent_with_minutes.ok());
  EXPECT_EQ(absent_with_minutes.error().field, "entries[0].minutes_late");
  auto ok = take(maths_morning_, kMonday, {late(alice_, 240), late(bob_, 1)}, maths_teacher_);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->students.front().minutes_late, 240);
}

TEST_F(AttendanceRollCall, ADateTheLessonIsNotGivenIsRefusedNamingDate) {
  auto tuesday = take(maths_morning_, "2026-09-08", {}, maths_teacher_);
  ASSERT_FALSE(tuesday.ok());
  EXPECT_EQ(tuesday.error().field, "date");
  EXPECT_EQ(tuesday.error().message, "\"date\" 2026-09-08 is not a day lesson " +
                                         std::to_string(maths_morning_) + " takes place");
  clock_.set(at("2026-11-20", "12:00"));
  auto holiday = take(maths_morning_, "2026-10-19", {}, maths_teacher_);
  ASSERT_FALSE(holiday.ok());
  EXPECT_EQ(holiday.error().field, "date");
  auto garbage = take(maths_morning_, "2026-02-30", {}, maths_teacher_);
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.error().field, "date");
  EXPECT_EQ(count("SELECT count(*) FROM roll_calls"), 0);
}

TEST_F(AttendanceRollCall, ACancelledOccurrenceHasNoRollCall) {
  ASSERT_TRUE(write<std::int64_t>([&](storage::Connection& db) {
                timetable::LessonChange change;
                change.lesson_id = maths_morning_;
                change.on_date = kMonday;
                change.kind = timetable::ChangeKind::cancelled;
                return timetable::recordChange(db, change, cpe_, clock_.now());
              }).ok());
  auto refused = take(maths_morning_, kMonday, {}, maths_teacher_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "date");
  EXPECT_NE(refused.error().message.find("is cancelled on 2026-09-07"), std::string::npos);
}

TEST_F(AttendanceRollCall, ALessonThatHasNotStartedCannotBeCalledYet) {
  clock_.set(at(kMonday, "09:59"));
  auto early = take(french_a_, kMonday, {absent(alice_)}, french_teacher_);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().field, "date");
  EXPECT_NE(early.error().message.find("has not started yet"), std::string::npos);
  clock_.set(at(kMonday, "10:00"));
  EXPECT_TRUE(take(french_a_, kMonday, {absent(alice_)}, french_teacher_).ok());
}

TEST_F(AttendanceRollCall, AMovedLessonIsCalledOnTheDateItIsGiven) {
  clock_.set(at("2026-09-20", "08:00"));
  ASSERT_TRUE(write<std::int64_t>([&](storage::Connection& db) {
                timetable::LessonChange change;
                change.lesson_id = maths_morning_;
                change.on_date = "2026-09-14";
                change.kind = timetable::ChangeKind::moved;
                change.new_date = "2026-09-15";
                change.new_starts_at = "16:00";
                change.new_ends_at = "17:00";
                return timetable::recordChange(db, change, cpe_, clock_.now());
              }).ok());
  EXPECT_FALSE(take(maths_morning_, "2026-09-14", {}, maths_teacher_).ok());
  auto moved = take(maths_morning_, "2026-09-15", {absent(bob_)}, maths_teacher_);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->starts_at, "16:00");
  const StudentAttendance bob = summary(bob_);
  ASSERT_EQ(bob.events.size(), 1u);
  EXPECT_EQ(bob.events.front().date, "2026-09-15");
  EXPECT_EQ(bob.events.front().starts_at, "16:00");
}

TEST_F(AttendanceRollCall, TakingTheRollAgainCorrectsItAndKeepsEachChange) {
  ASSERT_TRUE(take(maths_morning_, kMonday, {absent(alice_)}, maths_teacher_).ok());
  clock_.advance(600);
  auto corrected = take(maths_morning_, kMonday, {late(alice_, 10), absent(bob_)}, cpe_);
  ASSERT_TRUE(corrected.ok()) << corrected.error().message;
  EXPECT_EQ(corrected->taken_by, cpe_);
  EXPECT_EQ(corrected->taken_at, clock_.now());
  EXPECT_EQ(statusOf(*corrected, alice_), Presence::late);
  EXPECT_EQ(statusOf(*corrected, bob_), Presence::absent);
  ASSERT_EQ(corrected->corrections.size(), 2u);
  const Correction& first = corrected->corrections[0];
  EXPECT_EQ(first.student_id, alice_);
  EXPECT_EQ(first.old_status, Presence::absent);
  EXPECT_EQ(first.new_status, Presence::late);
  EXPECT_EQ(first.new_minutes, 10);
  EXPECT_EQ(first.changed_by, cpe_);
  EXPECT_EQ(corrected->corrections[1].old_status, Presence::present);

  // Unlisted means present: a roll taken again without Alice marks her present.
  auto again = take(maths_morning_, kMonday, {absent(bob_)}, cpe_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(statusOf(*again, alice_), Presence::present);
  EXPECT_EQ(again->corrections.size(), 3u);
}

TEST_F(AttendanceRollCall, TheSubstituteOfTheDayGivesTheLessonButNotOnOtherDays) {
  ASSERT_TRUE(write<std::int64_t>([&](storage::Connection& db) {
                timetable::LessonChange change;
                change.lesson_id = maths_morning_;
                change.on_date = kMonday;
                change.kind = timetable::ChangeKind::substitute;
                change.substitute_id = substitute_;
                return timetable::recordChange(db, change, cpe_, clock_.now());
              }).ok());
  auto gives = [&](std::int64_t teacher, const std::string& date) {
    return read<bool>(
        [&](storage::Connection& db) { return givesLesson(db, teacher, maths_morning_, date); });
  };
  EXPECT_TRUE(gives(substitute_, kMonday));
  EXPECT_FALSE(gives(substitute_, "2026-09-14"));
  EXPECT_FALSE(gives(substitute_, "not-a-date"));
  EXPECT_TRUE(gives(maths_teacher_, "2026-09-14"));
  EXPECT_FALSE(gives(french_teacher_, kMonday));
}

TEST_F(AttendanceRollCall, StaffSeeTheStartedLessonsWithoutRollCallByStartTime) {
  clock_.set(at(kMonday, "10:30"));
  auto missing = [&] {
    std::vector<std::int64_t> ids;
    for (const auto& occurrence :
         read<std::vector<timetable::Occurrence>>([&](storage::Connection& db) {
           return missingRollCalls(db, kMonday, clock_.now());
         })) {
      ids.push_back(occurrence.lesson_id);
    }
    return ids;
  };
  EXPECT_EQ(missing(), (std::vector<std::int64_t>{maths_morning_, french_b_, french_a_}));
  ASSERT_TRUE(take(maths_morning_, kMonday, {}, maths_teacher_).ok());
  EXPECT_EQ(missing(), (std::vector<std::int64_t>{french_b_, french_a_}));
  clock_.set(at(kMonday, "18:00"));
  EXPECT_EQ(missing(),
            (std::vector<std::int64_t>{french_b_, french_a_, spanish_noon_, maths_afternoon_}));
  auto bad = write<std::vector<timetable::Occurrence>>(
      [&](storage::Connection& db) { return missingRollCalls(db, "07/09/2026", clock_.now()); });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "date");
  EXPECT_EQ(bad.error().message.rfind("\"date\" ", 0), 0u) << bad.error().message;
}

TEST_F(AttendanceRollCall, AbsencesOutliveTheDeletionOfTheLesson) {
  ASSERT_TRUE(take(maths_morning_, kMonday, {absent(alice_)}, maths_teacher_).ok());
  ASSERT_TRUE(db_->write([&](storage::Connection& db) {
                   return timetable::deleteLesson(db, maths_morning_);
                 })
                  .ok());
  const StudentAttendance alice = summary(alice_);
  ASSERT_EQ(alice.events.size(), 1u);
  EXPECT_FALSE(alice.events.front().lesson_id.has_value());
  EXPECT_EQ(alice.events.front().subject_id, maths_);
  EXPECT_EQ(alice.half_days_absent, 1);
}

TEST(AttendanceCivilTime, UnixTimeIsReadAsTheSchoolsDateAndTime) {
  const CivilTime time = civilNow(at("2026-09-07", "08:05") + 59);
  EXPECT_EQ(time.date, "2026-09-07");
  EXPECT_EQ(time.time, "08:05");
}

}  // namespace
}  // namespace cartable::attendance
