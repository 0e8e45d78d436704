// Follow-up plans and recommendations on a real database: what is checked,
// what is kept, the notices, and closing once.
#include "follow_up/plans.h"

#include <gtest/gtest.h>

#include <memory>

#include "core/base/clock.h"
#include "core/storage/migrations.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "follow_up/recommendations.h"
#include "notifications/notifications.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable::follow_up {
namespace {

using directory::Role;

template <class T>
Status statusOf(const Result<T>& result) {
  return result.ok() ? okStatus() : Status(result.error());
}

// Alice (her mother Anne), Bob, a teacher and the CPE; 7 September 2026.
class FollowUpSchool : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.set(1788775200);  // 2026-09-07 10:00
    db_ = std::move(storage::Database::open(dir_.file("cartable.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
    Status built = write([&](storage::Connection& db) -> Status {
      alice_ = person(db, "alice", Role::student);
      bob_ = person(db, "bob", Role::student);
      anne_ = person(db, "anne", Role::parent);
      teacher_ = person(db, "prof", Role::teacher);
      cpe_ = person(db, "cpe", Role::staff);
      return directory::linkGuardian(db, {anne_, alice_, true, "mère"});
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  std::int64_t person(storage::Connection& db, const std::string& login, Role role) {
    directory::NewUser user;
    user.login = login;
    user.given_name = login;
    user.family_name = "Test";
    user.roles = {role};
    return directory::insertUser(db, user, clock_.now()).value();
  }

  template <class Work>
  Status write(Work work) {
    return db_->write([&](storage::Connection& db) -> Status { return work(db); });
  }

  Plan plan() const {
    Plan p;
    p.student_id = alice_;
    p.title = "Reprendre pied en mathématiques";
    p.reason = "Alerte de niveau 2 : moyenne en baisse";
    p.goals = {"Rendre chaque devoir", "Atteindre 10/20 en maths"};
    p.actions = {
        {"Tutorat le mardi", Actor::teacher, teacher_, "2026-09-15", false},
        {"Vérifier l'agenda chaque soir", Actor::parent, std::nullopt, std::nullopt, false}};
    p.review_on = "2026-10-16";
    return p;
  }

  Result<std::int64_t> open(const Plan& p) {
    std::int64_t id = 0;
    Status done = write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(id, openPlan(db, p, teacher_, clock_.now()));
      return okStatus();
    });
    if (!done.ok()) return done.error();
    return id;
  }

  Plan read(std::int64_t id) {
    Plan out;
    Status done = db_->read([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out, getPlan(db, id));
      return okStatus();
    });
    EXPECT_TRUE(done.ok()) << done.error().message;
    return out;
  }

  std::vector<std::string> titlesSeenBy(std::int64_t who) {
    std::vector<std::string> out;
    Status done = db_->read([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(auto feed, notifications::feedOf(db, who, {}));
      for (const auto& notice : feed) out.push_back(notice.kind + " " + notice.title);
      return okStatus();
    });
    EXPECT_TRUE(done.ok());
    return out;
  }

  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<storage::Database> db_;
  std::int64_t alice_ = 0, bob_ = 0, anne_ = 0, teacher_ = 0, cpe_ = 0;
};

TEST_F(FollowUpSchool, AnOpenedPlanKeepsItsGoalsActionsAndReviewDate) {
  auto id = open(plan());
  ASSERT_TRUE(id.ok()) << id.error().message;
  const Plan stored = read(*id);
  EXPECT_EQ(stored.student_id, alice_);
  EXPECT_EQ(stored.state, PlanState::open);
  EXPECT_EQ(stored.goals, plan().goals);
  ASSERT_EQ(stored.actions.size(), 2u);
  EXPECT_EQ(stored.actions[0].what, "Tutorat le mardi");
  EXPECT_EQ(stored.actions[0].actor_id, teacher_);
  EXPECT_EQ(stored.actions[0].due_on, "2026-09-15");
  EXPECT_EQ(stored.actions[1].actor, Actor::parent);
  EXPECT_EQ(stored.review_on, "2026-10-16");
  EXPECT_EQ(stored.opened_by, teacher_);
}

TEST_F(FollowUpSchool, OpeningTellsTheStudentAndTheParentsButNotOthers) {
  ASSERT_TRUE(open(plan()).ok());
  const std::string told =
      "follow_up.opened Plan d'accompagnement ouvert : "
      "Reprendre pied en mathématiques";
  EXPECT_EQ(titlesSeenBy(alice_), std::vector<std::string>{told});
  EXPECT_EQ(titlesSeenBy(anne_), std::vector<std::string>{told});
  EXPECT_TRUE(titlesSeenBy(bob_).empty());
  EXPECT_TRUE(titlesSeenBy(teacher_).empty());  // the author is not told of their own act
}

TEST_F(FollowUpSchool, BadContentIsRefusedNamingTheField) {
  Plan p = plan();
  p.student_id = anne_;
  auto refused = open(p);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "student_id");

  p = plan();
  p.goals[1] = "";
  refused = open(p);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::invalid_argument);
  EXPECT_EQ(refused.error().message, "\"goals[1]\" is required");

  p = plan();
  p.actions[1].due_on = "2026-02-30";
  refused = open(p);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "actions[1].due_on");

  p = plan();
  p.title = "";
  refused = open(p);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "title");
}

TEST_F(FollowUpSchool, NotesAreAppendedInOrderWithTheirAuthor) {
  const std::int64_t id = open(plan()).value();
  clock_.advance(3600);
  ASSERT_TRUE(
      write([&](storage::Connection& db) {
        return statusOf(addNote(db, id, teacher_, "Premier tutorat : motivée", clock_.now()));
      }).ok());
  clock_.advance(3600);
  ASSERT_TRUE(write([&](storage::Connection& db) {
                return statusOf(addNote(db, id, cpe_, "Entretien avec la famille", clock_.now()));
              }).ok());
  const Plan stored = read(id);
  ASSERT_EQ(stored.notes.size(), 2u);
  EXPECT_EQ(stored.notes[0].author_id, teacher_);
  EXPECT_EQ(stored.notes[1].text, "Entretien avec la famille");
  EXPECT_LT(stored.notes[0].created_at, stored.notes[1].created_at);
}

TEST_F(FollowUpSchool, ClosingRecordsTheOutcomeTellsTheFamilyAndHappensOnce) {
  const std::int64_t id = open(plan()).value();
  ASSERT_TRUE(write([&](storage::Connection& db) {
                return closePlan(db, id, Outcome::partly_met, "Devoirs rendus, maths à 9", cpe_,
                                 clock_.now());
              }).ok());
  const Plan stored = read(id);
  EXPECT_EQ(stored.state, PlanState::closed);
  EXPECT_EQ(stored.outcome, Outcome::partly_met);
  EXPECT_EQ(stored.closed_by, cpe_);
  EXPECT_EQ(titlesSeenBy(anne_).front(),
            "follow_up.closed Plan d'accompagnement clos : Reprendre pied en mathématiques");

  Status again = write([&](storage::Connection& db) {
    return closePlan(db, id, Outcome::goals_met, "", cpe_, clock_.now());
  });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::failed_precondition);
  EXPECT_EQ(again.error().field, "state");
  EXPECT_EQ(again.error().message, "follow-up plan " + std::to_string(id) +
                                       " was closed on 07/09/2026 (partly_met): it can no longer "
                                       "be closed");
  Status edit = write([&](storage::Connection& db) {
    Plan changed = stored;
    changed.title = "Autre";
    return updatePlan(db, changed, clock_.now());
  });
  EXPECT_EQ(edit.error().code, Errc::failed_precondition);
}

TEST_F(FollowUpSchool, UpdateReplacesGoalsAndActions) {
  const std::int64_t id = open(plan()).value();
  Plan changed = read(id);
  changed.goals = {"Un seul objectif"};
  changed.actions[0].done = true;
  changed.actions.pop_back();
  ASSERT_TRUE(
      write([&](storage::Connection& db) { return updatePlan(db, changed, clock_.now()); }).ok());
  const Plan stored = read(id);
  EXPECT_EQ(stored.goals, std::vector<std::string>{"Un seul objectif"});
  ASSERT_EQ(stored.actions.size(), 1u);
  EXPECT_TRUE(stored.actions[0].done);
}

TEST_F(FollowUpSchool, ARecommendationReachesTheStudentAndTheirPlanOnly) {
  const std::int64_t id = open(plan()).value();
  Recommendation input;
  input.student_id = alice_;
  input.text = "Refais les exercices 3 et 4 avant jeudi";
  input.plan_id = id;
  ASSERT_TRUE(write([&](storage::Connection& db) {
                return statusOf(recommend(db, input, teacher_, clock_.now()));
              }).ok());
  input.student_id = bob_;  // Bob has no such plan
  Status refused = write([&](storage::Connection& db) {
    return statusOf(recommend(db, input, teacher_, clock_.now()));
  });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "plan_id");
  std::vector<Recommendation> seen;
  ASSERT_TRUE(db_->read([&](storage::Connection& db) -> Status {
                   CARTABLE_ASSIGN_OR_RETURN(seen, recommendationsTo(db, alice_, 5));
                   return okStatus();
                 })
                  .ok());
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].text, "Refais les exercices 3 et 4 avant jeudi");
  EXPECT_EQ(seen[0].author_id, teacher_);
}

}  // namespace
}  // namespace cartable::follow_up
