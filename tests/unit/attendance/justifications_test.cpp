// Justifications: recorded by staff, submitted by parents and decided by staff.
#include "attendance_fixture.h"

namespace cartable::attendance {
namespace {

class AttendanceJustifications : public AttendanceSchool {
 protected:
  Result<Justification> submit(const NewJustification& input, std::int64_t parent) {
    return write<Justification>([&](storage::Connection& db) {
      return submitJustification(db, input, parent, clock_.now());
    });
  }
  Result<Justification> decide(std::int64_t id, bool accept, const std::string& comment) {
    return write<Justification>([&](storage::Connection& db) {
      return decideJustification(db, id, accept, comment, cpe_, clock_.now());
    });
  }
  std::vector<Justification> list(const JustificationFilter& filter) {
    return read<std::vector<Justification>>(
        [&](storage::Connection& db) { return listJustifications(db, filter); });
  }
};

TEST_F(AttendanceJustifications, AParentsJustificationWaitsForStaffAndCountsOnceAccepted) {
  ASSERT_TRUE(take(maths_morning_, kMonday, {absent(alice_)}, maths_teacher_).ok());
  auto submitted = submit(wholeDay(alice_, kMonday), alice_mum_);
  ASSERT_TRUE(submitted.ok()) << submitted.error().message;
  EXPECT_EQ(submitted->state, JustificationState::pending);
  EXPECT_EQ(submitted->submitted_by, alice_mum_);
  EXPECT_FALSE(submitted->file_id.has_value());

  StudentAttendance alice = summary(alice_);
  EXPECT_EQ(alice.events.front().standing, AttendanceEvent::Standing::pending);
  EXPECT_EQ(alice.half_days_unjustified, 1);

  clock_.advance(3600);
  auto accepted = decide(submitted->id, true, "");
  ASSERT_TRUE(accepted.ok()) << accepted.error().message;
  EXPECT_EQ(accepted->state, JustificationState::accepted);
  EXPECT_EQ(accepted->decided_by, cpe_);
  EXPECT_EQ(accepted->decided_at, clock_.now());
  alice = summary(alice_);
  EXPECT_EQ(alice.events.front().standing, AttendanceEvent::Standing::justified);
  EXPECT_EQ(alice.half_days_unjustified, 0);
}

TEST_F(AttendanceJustifications, TheParentsAreToldOfTheDecisionWithTheComment) {
  auto submitted = submit(wholeDay(alice_, kMonday), alice_mum_);
  ASSERT_TRUE(submitted.ok());
  ASSERT_TRUE(decide(submitted->id, false, "Un certificat médical est demandé.").ok());
  EXPECT_EQ(notices(alice_mum_, "attendance.justification"), 1);
  EXPECT_EQ(notices(alice_dad_, "attendance.justification"), 1);
  EXPECT_EQ(notices(cpe_, "attendance.justification"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE title = 'Justificatif refusé : "
                  "absence de alice Test du 2026-09-07' AND body = 'Un certificat médical est "
                  "demandé.'"),
            2);
}

TEST_F(AttendanceJustifications, ARefusedJustificationLeavesTheAbsenceUnjustified) {
  ASSERT_TRUE(take(maths_morning_, kMonday, {absent(alice_)}, maths_teacher_).ok());
  auto submitted = submit(wholeDay(alice_, kMonday), alice_mum_);
  ASSERT_TRUE(submitted.ok());
  ASSERT_TRUE(decide(submitted->id, false, "Motif insuffisant").ok());
  const StudentAttendance alice = summary(alice_);
  EXPECT_EQ(alice.events.front().standing, AttendanceEvent::Standing::unjustified);
  EXPECT_FALSE(alice.events.front().justification_id.has_value());
  EXPECT_EQ(alice.half_days_unjustified, 1);
}

TEST_F(AttendanceJustifications, ARefusalNeedsACommentAndADecisionIsMadeOnce) {
  auto submitted = submit(wholeDay(alice_, kMonday), alice_mum_);
  ASSERT_TRUE(submitted.ok());
  auto bare = decide(submitted->id, false, "");
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(bare.error().field, "comment");
  ASSERT_TRUE(decide(submitted->id, true, "").ok());
  auto again = decide(submitted->id, false, "Non");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::conflict);
  EXPECT_EQ(again.error().message,
            "justification " + std::to_string(submitted->id) + " is already accepted");
  EXPECT_EQ(decide(999999, true, "").error().code, Errc::not_found);
}

TEST_F(AttendanceJustifications, AParentMustExplainButStaffNeedNot) {
  NewJustification silent = wholeDay(alice_, kMonday);
  silent.text.clear();
  auto refused = submit(silent, alice_mum_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "text");
  EXPECT_EQ(count("SELECT count(*) FROM absence_justifications"), 0);
  auto recorded = justify(silent);
  ASSERT_TRUE(recorded.ok()) << recorded.error().message;
  EXPECT_EQ(recorded->decided_by, cpe_);
}

TEST_F(AttendanceJustifications, BadSpansAndStudentsAreRefusedNamingTheField) {
  auto field = [&](const NewJustification& input) {
    auto result = justify(input);
    return result.ok() ? std::string("accepted") : result.error().field;
  };
  NewJustification input = wholeDay(alice_, kMonday);
  input.to_date = "2026-09-06";
  EXPECT_EQ(field(input), "to_date");
  input = wholeDay(alice_, kMonday);
  input.from_time = "10:00";
  input.to_time = "10:00";
  EXPECT_EQ(field(input), "to_time");
  input.to_time = "25:00";
  EXPECT_EQ(field(input), "to_time");
  input = wholeDay(alice_, kMonday);
  input.from_date = "2026-13-01";
  EXPECT_EQ(field(input), "from_date");
  input = wholeDay(maths_teacher_, kMonday);
  EXPECT_EQ(field(input), "student_id");
  input = wholeDay(alice_, kMonday);
  input.text = std::string(1001, 'x');
  EXPECT_EQ(field(input), "text");
  EXPECT_EQ(count("SELECT count(*) FROM absence_justifications"), 0);
}

TEST_F(AttendanceJustifications, ListsFilterByStateStudentAndAParentsChildren) {
  auto alices = submit(wholeDay(alice_, kMonday), alice_mum_);
  clock_.advance(10);
  auto bobs = submit(wholeDay(bob_, kMonday), bob_dad_);
  ASSERT_TRUE(alices.ok() && bobs.ok());
  ASSERT_TRUE(decide(bobs->id, true, "").ok());

  const auto all = list({});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, bobs->id);  // newest first
  EXPECT_EQ(list({JustificationState::pending, {}, {}}).size(), 1u);
  EXPECT_EQ(list({{}, bob_, {}}).front().id, bobs->id);
  const auto mine = list({{}, {}, alice_dad_});
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine.front().student_id, alice_);
}

TEST(AttendanceReasons, EveryReasonHasACodeAndAFrenchLabel) {
  EXPECT_EQ(allReasons().size(), 7u);
  for (Reason reason : allReasons()) {
    EXPECT_EQ(parseReason(reasonName(reason)), reason);
    EXPECT_FALSE(reasonLabel(reason).empty());
  }
  EXPECT_EQ(reasonLabel(Reason::illness), "Maladie");
  EXPECT_EQ(reasonName(Reason::school_activity), "school_activity");
  EXPECT_FALSE(parseReason("holiday").has_value());
}

}  // namespace
}  // namespace cartable::attendance
