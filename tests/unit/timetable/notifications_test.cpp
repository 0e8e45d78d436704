// A change notifies exactly the students concerned, their parents and the
// teachers, in the same transaction, and never its author.
#include <set>

#include "timetable_fixture.h"

namespace cartable::timetable {
namespace {

class TimetableNotifications : public TimetableSchool {
 protected:
  std::set<std::int64_t> notified() {
    std::set<std::int64_t> out;
    EXPECT_TRUE(db_->read([&](storage::Connection& db) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(auto rows,
                                               db.query("SELECT user_id FROM notifications"));
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

TEST_F(TimetableNotifications, ACancelledClassLessonNotifiesItsStudentsParentsAndTeacher) {
  const auto maths = *create(mathsLesson());
  ASSERT_TRUE(
      change({maths, "2026-09-07", ChangeKind::cancelled, {}, {}, {}, {}, {}, "Absent"}, 0).ok());
  EXPECT_EQ(notified(),
            (std::set<std::int64_t>{alice_, bob_, alice_mum_, bob_dad_, maths_teacher_}));
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'timetable.cancelled' AND "
                  "title = 'Cours annulé : Mathématiques, 2026-09-07 08:00' AND body = 'Absent' "
                  "AND link = '/timetable?monday=2026-09-07' AND read_at IS NULL"),
            5);
}

TEST_F(TimetableNotifications, AGroupLessonNotifiesOnlyItsMembersAndTheirParents) {
  Lesson spanish{0, spanish_, std::nullopt, group_,           {spanish_teacher_}, "C01",
                 2, "10:00",  "11:00",      WeekPattern::all, "2026-09-01",       "2027-07-04"};
  const auto lv2 = *create(spanish);
  ASSERT_TRUE(change({lv2, "2026-09-08", ChangeKind::room, {}, {}, {}, "C02", {}, ""}, 0).ok());
  EXPECT_EQ(notified(), (std::set<std::int64_t>{alice_, alice_mum_, spanish_teacher_}));
}

TEST_F(TimetableNotifications, ASubstitutionAlsoNotifiesTheSubstituteButNotTheAuthor) {
  const auto maths = *create(mathsLesson());
  ASSERT_TRUE(change({maths, "2026-09-07", ChangeKind::substitute, {}, {}, {}, {}, substitute_, ""},
                     maths_teacher_)
                  .ok());
  EXPECT_EQ(notified(), (std::set<std::int64_t>{alice_, bob_, alice_mum_, bob_dad_, substitute_}));
}

TEST_F(TimetableNotifications, AMoveTellsTheNewTimeAndARefusedChangeNotifiesNobody) {
  const auto maths = *create(mathsLesson());
  ASSERT_FALSE(
      change({maths, "2026-09-07", ChangeKind::moved, "2026-09-09", "10:00", "09:00", {}, {}, ""},
             0)
          .ok());
  EXPECT_TRUE(notified().empty());
  ASSERT_TRUE(
      change({maths, "2026-09-07", ChangeKind::moved, "2026-09-09", "10:00", "11:00", {}, {}, ""},
             0)
          .ok());
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'timetable.moved' AND "
                  "body = 'Nouvel horaire : 2026-09-09 10:00-11:00.'"),
            5);
}

}  // namespace
}  // namespace cartable::timetable
