// Families are told of an absence or a lateness once per lesson occurrence.
#include "attendance_fixture.h"

namespace cartable::attendance {
namespace {

using AttendanceNotices = AttendanceSchool;

TEST_F(AttendanceNotices, BothParentsAreToldOfAnAbsenceWithTheChildDateAndLessonTime) {
  ASSERT_TRUE(take(maths_morning_, kMonday, {absent(alice_)}, maths_teacher_).ok());
  EXPECT_EQ(notices(alice_mum_, "attendance.absence"), 1);
  EXPECT_EQ(notices(alice_dad_, "attendance.absence"), 1);
  EXPECT_EQ(notices(alice_, "attendance.absence"), 0);
  EXPECT_EQ(notices(bob_dad_, "attendance.absence"), 0);
  const std::string title = read<std::string>([&](storage::Connection& db) -> Result<std::string> {
    CARTABLE_ASSIGN_OR_RETURN(auto row, db.query("SELECT title, link, created_at FROM "
                                                 "notifications WHERE user_id = ?",
                                                 alice_mum_));
    CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
    if (!found) return std::string();
    EXPECT_EQ(row.text(1), "/attendance/students/" + std::to_string(alice_));
    EXPECT_EQ(row.int64(2), clock_.now());
    return row.text(0);
  });
  EXPECT_EQ(title, "Absence de alice Test le 2026-09-07 (08:00-09:00, Mathématiques)");
}

TEST_F(AttendanceNotices, TakingTheRollAgainDoesNotTellThemTwice) {
  ASSERT_TRUE(take(maths_morning_, kMonday, {absent(alice_)}, maths_teacher_).ok());
  ASSERT_TRUE(take(maths_morning_, kMonday, {absent(alice_)}, maths_teacher_).ok());
  ASSERT_TRUE(take(maths_morning_, kMonday, {}, maths_teacher_).ok());
  ASSERT_TRUE(take(maths_morning_, kMonday, {absent(alice_)}, cpe_).ok());
  EXPECT_EQ(notices(alice_mum_, "attendance.absence"), 1);
}

TEST_F(AttendanceNotices, ACorrectionFromPresentToAbsentTellsTheParents) {
  ASSERT_TRUE(take(maths_morning_, kMonday, {}, maths_teacher_).ok());
  EXPECT_EQ(notices(bob_dad_, "attendance.absence"), 0);
  ASSERT_TRUE(take(maths_morning_, kMonday, {absent(bob_)}, maths_teacher_).ok());
  EXPECT_EQ(notices(bob_dad_, "attendance.absence"), 1);
}

TEST_F(AttendanceNotices, EachOccurrenceIsToldSeparately) {
  ASSERT_TRUE(take(maths_morning_, kMonday, {absent(bob_)}, maths_teacher_).ok());
  ASSERT_TRUE(take(french_a_, kMonday, {absent(bob_)}, french_teacher_).ok());
  EXPECT_EQ(notices(bob_dad_, "attendance.absence"), 2);
}

TEST_F(AttendanceNotices, LatenessIsToldOnceWithTheMinutes) {
  ASSERT_TRUE(take(french_a_, kMonday, {late(bob_, 12)}, french_teacher_).ok());
  ASSERT_TRUE(take(french_a_, kMonday, {late(bob_, 15)}, french_teacher_).ok());
  EXPECT_EQ(notices(bob_dad_, "attendance.late"), 1);
  EXPECT_EQ(notices(bob_dad_, "attendance.absence"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE title = 'Retard de bob Test le "
                  "2026-09-07 (cours de 10:00, Français, 12 min)'"),
            1);
}

TEST_F(AttendanceNotices, ARefusedRollCallTellsNobody) {
  ASSERT_FALSE(take(maths_morning_, kMonday, {absent(bob_), absent(carol_)}, maths_teacher_).ok());
  EXPECT_EQ(count("SELECT count(*) FROM notifications"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM attendance_notices"), 0);
}

}  // namespace
}  // namespace cartable::attendance
