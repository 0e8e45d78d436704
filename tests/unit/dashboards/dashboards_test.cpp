// Each role's section of the dashboard on a small school (see dashboard_school.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "core/storage/migrations.h"
#include "dashboard_school.h"
#include "dashboards/dashboards.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable::dashboards {
namespace {

using test_school::at;
using test_school::kNow;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using RoleSet = directory::RoleSet;
using directory::Role;

class DashboardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.set(kNow);
    db_ = std::move(storage::Database::open(dir_.file("cartable.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
    Status built = db_->write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(s_, test_school::SchoolBuilder(db, dir_.file("files")).build());
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }
  void TearDown() override { db_.reset(); }

  Dashboard of(std::int64_t person, RoleSet roles, Seconds now = kNow) {
    Dashboard out;
    Status read = db_->read([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out, dashboardOf(db, person, roles, now));
      return okStatus();
    });
    EXPECT_TRUE(read.ok()) << read.error().message;
    return out;
  }

  static std::vector<std::int64_t> lessonIds(const Day& day) {
    std::vector<std::int64_t> out;
    for (const auto& lesson : day.lessons) out.push_back(lesson.lesson_id);
    return out;
  }
  static std::vector<std::int64_t> homeworkIds(const StudentView& view) {
    std::vector<std::int64_t> out;
    for (const auto& item : view.homework) out.push_back(item.homework.id);
    return out;
  }
  static std::vector<std::int64_t> gradeIds(const StudentView& view) {
    std::vector<std::int64_t> out;
    for (const auto& line : view.latest_grades) out.push_back(line.evaluation.id);
    return out;
  }
  static std::vector<std::string> remarks(const StudentView& view) {
    std::vector<std::string> out;
    for (const auto& remark : view.recommendations) out.push_back(remark.date + " " + remark.text);
    return out;
  }

  cartable::testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<storage::Database> db_;
  test_school::School s_;
};

TEST_F(DashboardTest, AStudentSeesTodayAndTomorrowWithTheirChanges) {
  const Dashboard board = of(s_.alice, {Role::student});
  ASSERT_TRUE(board.student);
  const StudentView& view = board.student->view;
  EXPECT_EQ(board.today, "2026-12-08");
  EXPECT_EQ(view.today.date, "2026-12-08");
  EXPECT_THAT(lessonIds(view.today), ElementsAre(s_.a_tue8, s_.a_tue9, s_.a_tue14, s_.a_tue15));
  EXPECT_TRUE(view.today.lessons[2].cancelled);
  EXPECT_THAT(view.today.lessons[2].notes, ElementsAre("Sortie au musée"));
  EXPECT_FALSE(view.today.lessons[0].cancelled);
  EXPECT_EQ(view.tomorrow.date, "2026-12-09");
  EXPECT_THAT(lessonIds(view.tomorrow), ElementsAre(s_.a_wed8));
  EXPECT_EQ(view.tomorrow.lessons[0].room, "B14");
  ASSERT_TRUE(view.school_class);
  EXPECT_EQ(view.school_class->code, "6A");
}

TEST_F(DashboardTest, HomeworkIsThatDueFromTodayToSevenDaysLater) {
  const Dashboard board = of(s_.alice, {Role::student});
  const StudentView& view = board.student->view;
  // Due 7 Dec (yesterday) and 16 Dec (8 days later) are left out; 15 Dec is the last day.
  EXPECT_THAT(homeworkIds(view), ElementsAre(s_.hw_10, s_.hw_15));
  EXPECT_EQ(view.homework[0].progress.status, homework::WorkStatus::to_do);
}

TEST_F(DashboardTest, LatestGradesAreThePublishedOnesNewestFirst) {
  const Dashboard board = of(s_.alice, {Role::student});
  const StudentView& view = board.student->view;
  // The evaluation visible from 11 December is never shown before then.
  EXPECT_THAT(gradeIds(view), ElementsAre(s_.eval_dec, s_.eval_nov));
  EXPECT_EQ(view.latest_grades[0].score->value, 1500);
  ASSERT_TRUE(view.latest_grades[0].stats);
  EXPECT_EQ(view.latest_grades[0].stats->mean, 1300);
}

TEST_F(DashboardTest, AGradeAppearsOnTheDayItBecomesVisible) {
  const Dashboard board = of(s_.alice, {Role::student}, at(2026, 12, 11, 8, 0));
  const StudentView& view = board.student->view;
  EXPECT_THAT(gradeIds(view), ElementsAre(s_.eval_hidden, s_.eval_dec, s_.eval_nov));
}

TEST_F(DashboardTest, AbsencesCountOnlyThoseOfThePeriodHoldingToday) {
  const Dashboard board = of(s_.alice, {Role::student});
  const Absences& absences = board.student->view.absences;
  ASSERT_TRUE(absences.period);
  EXPECT_EQ(absences.period->label, "Trimestre 2");
  // The absence of 24 November belongs to the first trimester.
  EXPECT_EQ(absences.half_days_absent, 1);
  EXPECT_EQ(absences.half_days_unjustified, 1);
  ASSERT_EQ(absences.latest.size(), 1u);
  EXPECT_EQ(absences.latest[0].date, "2026-12-08");
}

TEST_F(DashboardTest, BetweenPeriodsAbsencesAreThoseOfTheLastPeriodBegun) {
  Status shortened = db_->write([&](storage::Connection& db) {
    timetable::Calendar calendar;
    calendar.periods = {{"Trimestre 1", "2026-09-01", "2026-11-30"},
                        {"Trimestre 2", "2026-12-15", "2027-03-31"}};
    return timetable::setCalendar(db, calendar);
  });
  ASSERT_TRUE(shortened.ok()) << shortened.error().message;
  const Dashboard board = of(s_.alice, {Role::student});
  const Absences& absences = board.student->view.absences;
  ASSERT_TRUE(absences.period);
  EXPECT_EQ(absences.period->label, "Trimestre 1");
  EXPECT_EQ(absences.half_days_absent, 1);
  EXPECT_EQ(absences.latest[0].date, "2026-11-24");
}

TEST_F(DashboardTest, RecommendationsAreTheTeachersLatestRemarksNewestFirst) {
  const Dashboard board = of(s_.alice, {Role::student});
  const StudentView& view = board.student->view;
  // The comment on the evaluation not yet visible stays hidden.
  EXPECT_THAT(remarks(view), ElementsAre("2026-12-07 Revois les fractions.", "2026-12-02 Très bien",
                                         "2026-11-20 Courage"));
  EXPECT_EQ(view.recommendations[0].source, Recommendation::Source::hand_in);
  EXPECT_EQ(view.recommendations[0].homework_id, s_.hw_past);
  EXPECT_EQ(view.recommendations[0].teacher_id, s_.prof_a);
  EXPECT_EQ(view.recommendations[1].evaluation_id, s_.eval_dec);
  EXPECT_EQ(view.recommendations[1].title, "Contrôle du 2026-12-02");
}

TEST_F(DashboardTest, AStudentSeesTheirUnreadMessagesAndAnnouncements) {
  const Dashboard board = of(s_.alice, {Role::student});
  const Unread& unread = board.student->unread;
  EXPECT_EQ(unread.messages.messages, 1);
  EXPECT_EQ(unread.messages.conversations, 1);
  // The school-wide announcement was read; the class's was not.
  EXPECT_EQ(unread.announcements, 1);
  ASSERT_EQ(unread.latest_announcements.size(), 1u);
  EXPECT_EQ(unread.latest_announcements[0].id, s_.news_class);
}

TEST_F(DashboardTest, AParentSeesEachChildWithTheirOwnData) {
  const Dashboard board = of(s_.pat, {Role::parent});
  ASSERT_TRUE(board.parent);
  EXPECT_FALSE(board.student);
  const auto& children = board.parent->children;
  ASSERT_EQ(children.size(), 2u);
  const StudentView& alice = children[0].view;
  const StudentView& bob = children[1].view;
  EXPECT_EQ(alice.student_id, s_.alice);
  EXPECT_EQ(bob.student_id, s_.bob);
  EXPECT_THAT(homeworkIds(alice), ElementsAre(s_.hw_10, s_.hw_15));
  EXPECT_THAT(homeworkIds(bob), ElementsAre(s_.hw_b));
  EXPECT_THAT(gradeIds(bob), ElementsAre(s_.eval_b));
  EXPECT_THAT(lessonIds(bob.today), ElementsAre(s_.b_tue8));
  EXPECT_THAT(lessonIds(bob.tomorrow), ElementsAre(s_.b_wed10));
  EXPECT_EQ(bob.absences.half_days_absent, 1);
  EXPECT_EQ(bob.absences.half_days_unjustified, 0);
}

TEST_F(DashboardTest, AParentIsAskedToJustifyOnlyWhatNoJustificationCovers) {
  const Dashboard board = of(s_.pat, {Role::parent});
  const auto& children = board.parent->children;
  const JustificationsRequested& alice = children[0].justifications_requested;
  EXPECT_EQ(alice.count, 1);
  ASSERT_EQ(alice.latest.size(), 1u);
  EXPECT_EQ(alice.latest[0].date, "2026-12-08");
  EXPECT_EQ(alice.latest[0].lesson_id, s_.a_tue8);
  // Bob's absence is covered by the justification staff recorded.
  EXPECT_EQ(children[1].justifications_requested.count, 0);
  EXPECT_THAT(children[1].justifications_requested.latest, IsEmpty());
}

TEST_F(DashboardTest, AParentSeesTheirOwnUnreadMessagesAndAnnouncements) {
  const Dashboard board = of(s_.pat, {Role::parent});
  const Unread& unread = board.parent->unread;
  EXPECT_EQ(unread.messages.messages, 1);
  EXPECT_EQ(unread.announcements, 2);
  EXPECT_EQ(unread.latest_announcements.size(), 2u);
}

TEST_F(DashboardTest, ATeacherSeesTheRollCallStateOfEachLessonToday) {
  const Dashboard board = of(s_.prof_a, {Role::teacher});
  ASSERT_TRUE(board.teacher);
  const auto& lessons = board.teacher->today;
  ASSERT_EQ(lessons.size(), 4u);
  EXPECT_EQ(lessons[0].lesson.lesson_id, s_.a_tue8);
  EXPECT_EQ(lessons[0].roll_call, RollState::done);
  EXPECT_EQ(lessons[0].students, 2);
  EXPECT_EQ(lessons[0].absent, 1);
  EXPECT_EQ(lessons[0].late, 1);
  EXPECT_EQ(lessons[1].roll_call, RollState::missing);  // began at 09:00
  EXPECT_EQ(lessons[2].roll_call, RollState::cancelled);
  EXPECT_EQ(lessons[3].roll_call, RollState::upcoming);  // begins at 15:00
}

TEST_F(DashboardTest, ALessonWithoutRollCallBecomesMissingOnceBegun) {
  const Dashboard board = of(s_.prof_a, {Role::teacher}, at(2026, 12, 8, 15, 5));
  const auto& lessons = board.teacher->today;
  EXPECT_EQ(lessons[3].roll_call, RollState::missing);
}

TEST_F(DashboardTest, ATeacherSeesTheHandInsWaitingForFeedback) {
  const Dashboard board = of(s_.prof_a, {Role::teacher});
  const homework::ReviewQueue& queue = board.teacher->hand_ins_to_review;
  // Alice's hand-in got its feedback; Carol's waits.
  EXPECT_EQ(queue.hand_ins, 1);
  EXPECT_EQ(queue.homework, 1);
  ASSERT_EQ(queue.latest.size(), 1u);
  EXPECT_EQ(queue.latest[0].homework.id, s_.hw_past);
  EXPECT_EQ(queue.latest[0].hand_ins, 1);
  EXPECT_EQ(of(s_.prof_b, {Role::teacher}).teacher->hand_ins_to_review.hand_ins, 0);
}

TEST_F(DashboardTest, ATeacherSeesTheirUnreadMessagesAndAnnouncements) {
  const Dashboard board = of(s_.prof_a, {Role::teacher});
  const Unread& unread = board.teacher->unread;
  EXPECT_EQ(unread.messages.messages, 0);  // they wrote them
  EXPECT_EQ(unread.announcements, 1);      // the school-wide one
}

TEST_F(DashboardTest, StaffSeeTodaysMissingRollCallsAndUnjustifiedAbsences) {
  const Dashboard board = of(s_.cpe, {Role::staff});
  ASSERT_TRUE(board.staff);
  const StaffSection& staff = *board.staff;
  EXPECT_EQ(staff.date, "2026-12-08");
  // Begun without a roll call: 6A at 09:00. The cancelled lesson and those
  // not begun do not count.
  EXPECT_EQ(staff.missing_roll_call_count, 1);
  ASSERT_EQ(staff.missing_roll_calls.size(), 1u);
  EXPECT_EQ(staff.missing_roll_calls[0].lesson_id, s_.a_tue9);
  // Bob's absence is justified, Carol was only late.
  EXPECT_EQ(staff.unjustified_student_count, 1);
  ASSERT_EQ(staff.unjustified_today.size(), 1u);
  EXPECT_EQ(staff.unjustified_today[0].attendance.student_id, s_.alice);
  ASSERT_TRUE(staff.unjustified_today[0].school_class);
  EXPECT_EQ(staff.unjustified_today[0].school_class->code, "6A");
  EXPECT_EQ(staff.unjustified_today[0].attendance.events.size(), 1u);
}

TEST_F(DashboardTest, AnAdminSeesAccountsStorageAndTheFederationLink) {
  const Dashboard board = of(s_.direction, {Role::admin});
  ASSERT_TRUE(board.admin);
  const AdminSection& admin = *board.admin;
  EXPECT_EQ(admin.accounts.active, 8);
  EXPECT_EQ(admin.accounts.disabled, 1);
  ASSERT_EQ(admin.accounts.roles.size(), 5u);
  const auto& teachers = admin.accounts.roles[static_cast<std::size_t>(Role::teacher)];
  EXPECT_EQ(teachers.role, Role::teacher);
  EXPECT_EQ(teachers.active, 2);
  EXPECT_EQ(teachers.disabled, 1);
  // prof.b is a parent too.
  EXPECT_EQ(admin.accounts.roles[static_cast<std::size_t>(Role::parent)].active, 2);
  EXPECT_EQ(admin.accounts.roles[static_cast<std::size_t>(Role::student)].active, 3);
  EXPECT_EQ(admin.files.files, 2);
  EXPECT_EQ(admin.files.blobs, 1);
  EXPECT_EQ(admin.files.bytes,
            static_cast<std::int64_t>(std::string(test_school::kFileContent).size()));
  EXPECT_GT(admin.database_bytes, 0);
  EXPECT_EQ(admin.federation_state, "not_configured");
}

TEST_F(DashboardTest, APersonWithTwoRolesGetsBothSectionsInOneRead) {
  const Dashboard board = of(s_.prof_b, {Role::teacher, Role::parent});
  ASSERT_TRUE(board.teacher);
  ASSERT_TRUE(board.parent);
  EXPECT_FALSE(board.student || board.staff || board.admin);
  ASSERT_EQ(board.teacher->today.size(), 1u);
  EXPECT_EQ(board.teacher->today[0].lesson.lesson_id, s_.b_tue8);
  EXPECT_EQ(board.teacher->today[0].roll_call, RollState::done);
  ASSERT_EQ(board.parent->children.size(), 1u);
  EXPECT_EQ(board.parent->children[0].view.student_id, s_.carol);
  // Lateness not covered by a justification is asked for too.
  const JustificationsRequested& carol = board.parent->children[0].justifications_requested;
  EXPECT_EQ(carol.count, 1);
  ASSERT_EQ(carol.latest.size(), 1u);
  EXPECT_EQ(carol.latest[0].status, attendance::Presence::late);
  EXPECT_EQ(carol.latest[0].minutes_late, 5);
}

TEST_F(DashboardTest, EachRoleGetsOnlyItsOwnSection) {
  const Dashboard student = of(s_.alice, {Role::student});
  EXPECT_FALSE(student.parent || student.teacher || student.staff || student.admin);
  const Dashboard staff = of(s_.cpe, {Role::staff});
  EXPECT_FALSE(staff.student || staff.parent || staff.teacher || staff.admin);
  const Dashboard admin = of(s_.direction, {Role::admin});
  EXPECT_FALSE(admin.student || admin.parent || admin.teacher || admin.staff);
}

TEST_F(DashboardTest, NamesLabelTheIdsTheSectionsUse) {
  const Dashboard board = of(s_.alice, {Role::student});
  const Names& names = board.names;
  EXPECT_EQ(names.people.at(s_.prof_a), "prof.a Test");
  EXPECT_EQ(names.subjects.at(s_.maths), "Maths");
  EXPECT_EQ(names.classes.at(s_.class_a), "6e A");
  EXPECT_FALSE(names.subjects.contains(s_.french));  // alice has no French
}

TEST_F(DashboardTest, ASchoolWithoutCalendarHasNoPeriodOfAbsences) {
  Status cleared = db_->write(
      [](storage::Connection& db) { return timetable::setCalendar(db, timetable::Calendar{}); });
  ASSERT_TRUE(cleared.ok()) << cleared.error().message;
  const Dashboard board = of(s_.pat, {Role::parent});
  const StudentView& alice = board.parent->children[0].view;
  EXPECT_FALSE(alice.absences.period);
  EXPECT_EQ(alice.absences.half_days_absent, 0);
  EXPECT_EQ(board.parent->children[0].justifications_requested.count, 0);
}

}  // namespace
}  // namespace cartable::dashboards
