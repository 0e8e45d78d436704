// timetable::occurrencesOn: every lesson of the school on one date.
#include "attendance_fixture.h"

namespace cartable::attendance {
namespace {

class OccurrencesOn : public AttendanceSchool {
 protected:
  std::vector<timetable::Occurrence> on(const std::string& date) {
    return read<std::vector<timetable::Occurrence>>(
        [&](storage::Connection& db) { return timetable::occurrencesOn(db, date); });
  }
  static timetable::LessonChange changeOf(std::int64_t lesson, const std::string& date,
                                          timetable::ChangeKind kind) {
    timetable::LessonChange out;
    out.lesson_id = lesson;
    out.on_date = date;
    out.kind = kind;
    return out;
  }
  void change(timetable::LessonChange value) {
    ASSERT_TRUE(write<std::int64_t>([&](storage::Connection& db) {
                  return timetable::recordChange(db, value, cpe_, clock_.now());
                }).ok());
  }
};

TEST_F(OccurrencesOn, ListsEveryLessonOfTheDayByStartTime) {
  const auto monday = on(kMonday);
  ASSERT_EQ(monday.size(), 5u);
  EXPECT_EQ(monday[0].starts_at, "08:00");
  EXPECT_EQ(monday[4].lesson_id, maths_afternoon_);
  EXPECT_TRUE(on("2026-09-08").empty());
  EXPECT_TRUE(on("2026-10-19").empty());  // Toussaint holidays
}

TEST_F(OccurrencesOn, AppliesCancellationsMovesAndSubstitutes) {
  timetable::LessonChange cancelled =
      changeOf(maths_morning_, kMonday, timetable::ChangeKind::cancelled);
  change(cancelled);
  timetable::LessonChange moved = changeOf(french_a_, kMonday, timetable::ChangeKind::moved);
  moved.new_date = "2026-09-08";
  moved.new_starts_at = "09:00";
  moved.new_ends_at = "10:00";
  change(moved);
  timetable::LessonChange substitute =
      changeOf(french_b_, kMonday, timetable::ChangeKind::substitute);
  substitute.substitute_id = substitute_;
  change(substitute);

  const auto monday = on(kMonday);
  ASSERT_EQ(monday.size(), 4u);
  EXPECT_EQ(monday[0].lesson_id, maths_morning_);
  EXPECT_TRUE(monday[0].cancelled);
  EXPECT_EQ(monday[1].teacher_ids, std::vector<std::int64_t>{substitute_});
  const auto tuesday = on("2026-09-08");
  ASSERT_EQ(tuesday.size(), 1u);
  EXPECT_EQ(tuesday[0].lesson_id, french_a_);
  EXPECT_EQ(tuesday[0].moved_from, kMonday);
}

TEST_F(OccurrencesOn, ABadDateNamesDate) {
  auto bad = write<std::vector<timetable::Occurrence>>(
      [&](storage::Connection& db) { return timetable::occurrencesOn(db, "2026-9-7"); });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "date");
}

}  // namespace
}  // namespace cartable::attendance
