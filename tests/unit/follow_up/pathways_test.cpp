// Need groupings on a real database: what is checked, what is kept, and how
// the suggestion places students from grades and quiz results.
#include "follow_up/pathways.h"

#include <gtest/gtest.h>

#include <memory>

#include "core/base/clock.h"
#include "core/storage/migrations.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable::follow_up {
namespace {

using directory::Role;

// Class 6A: Ana, Bruno, Chloé; Zoé in 6B; maths.
class GroupingSchool : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.set(1790589600);  // 2026-09-28 10:00
    db_ = std::move(storage::Database::open(dir_.file("cartable.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
    Status built = write([&](storage::Connection& db) -> Status {
      ana_ = person(db, "ana", Role::student);
      bruno_ = person(db, "bruno", Role::student);
      chloe_ = person(db, "chloe", Role::student);
      zoe_ = person(db, "zoe", Role::student);
      teacher_ = person(db, "prof", Role::teacher);
      CARTABLE_ASSIGN_OR_RETURN(maths_, directory::insertSubject(db, {0, "MATHS", "Maths"}));
      CARTABLE_ASSIGN_OR_RETURN(class_,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(auto other,
                                directory::insertClass(db, {0, "6B", "6e B", "6e", "2026-2027"}));
      for (auto student : {ana_, bruno_, chloe_}) {
        CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student, class_, "2026-09-01"));
      }
      return directory::enroll(db, zoe_, other, "2026-09-01");
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

  Grouping grouping() const {
    Grouping g;
    g.teacher_id = teacher_;
    g.class_id = class_;
    g.subject_id = maths_;
    g.title = "Fractions";
    g.groups = {{"Consolidation", {{ana_, std::nullopt}}},
                {"Approfondissement", {{chloe_, std::nullopt}, {bruno_, std::nullopt}}}};
    return g;
  }

  Result<std::int64_t> create(const Grouping& g) {
    std::int64_t id = 0;
    Status done = write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(id, createGrouping(db, g, clock_.now()));
      return okStatus();
    });
    if (!done.ok()) return done.error();
    return id;
  }

  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<storage::Database> db_;
  std::int64_t ana_ = 0, bruno_ = 0, chloe_ = 0, zoe_ = 0, teacher_ = 0, maths_ = 0, class_ = 0;
};

TEST_F(GroupingSchool, AGroupingKeepsItsGroupsAndTheirStudents) {
  const std::int64_t id = create(grouping()).value();
  Grouping stored;
  ASSERT_TRUE(db_->read([&](storage::Connection& db) -> Status {
                   CARTABLE_ASSIGN_OR_RETURN(stored, getGrouping(db, id));
                   return okStatus();
                 })
                  .ok());
  ASSERT_EQ(stored.groups.size(), 2u);
  EXPECT_EQ(stored.groups[1].label, "Approfondissement");
  EXPECT_EQ(stored.studentsOf(0), std::vector<std::int64_t>{ana_});
  EXPECT_EQ(stored.studentsOf(1), (std::vector<std::int64_t>{bruno_, chloe_}));  // by name
}

TEST_F(GroupingSchool, AStudentOfAnotherClassOrInTwoGroupsIsRefusedNamingTheEntry) {
  Grouping g = grouping();
  g.groups[1].members.push_back({zoe_, std::nullopt});
  auto refused = create(g);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "groups[1].student_ids[2]");
  g = grouping();
  g.groups[1].members.push_back({ana_, std::nullopt});
  refused = create(g);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, "\"groups[1].student_ids[2]\" is already in another group (" +
                                         std::to_string(ana_) + ")");
  g = grouping();
  g.groups.clear();
  EXPECT_EQ(create(g).error().field, "groups");
}

TEST_F(GroupingSchool, TheSuggestionCountsEachQuizsBestAttemptBesideTheScores) {
  // Quiz results as the quizzes module records them: Bruno scored 4/10 then
  // 9/10 (best: 18/20); an older quiz, closed before `from`, is left out.
  Status built = write([&](storage::Connection& db) -> Status {
    const auto quiz = [&](std::int64_t closes) -> Result<std::int64_t> {
      CARTABLE_RETURN_IF_ERROR(db.exec(
          "INSERT INTO quizzes (teacher_id, subject_id, class_id, title, state, opens_at, "
          "closes_at, max_attempts, corrections, created_at, updated_at) VALUES (?, ?, ?, 'Q', "
          "'published', ?, ?, 2, 'after_attempt', 0, 0)",
          teacher_, maths_, class_, closes - 3600, closes));
      return db.lastInsertId();
    };
    CARTABLE_ASSIGN_OR_RETURN(auto recent, quiz(clock_.now() - 86400));
    CARTABLE_ASSIGN_OR_RETURN(auto old, quiz(clock_.now() - 90 * 86400));
    const char* attempt =
        "INSERT INTO quiz_attempts (quiz_id, student_id, number, score, out_of, submitted_at) "
        "VALUES (?, ?, ?, ?, 1000, 0)";
    CARTABLE_RETURN_IF_ERROR(db.exec(attempt, recent, bruno_, 1, 400));
    CARTABLE_RETURN_IF_ERROR(db.exec(attempt, recent, bruno_, 2, 900));
    CARTABLE_RETURN_IF_ERROR(db.exec(attempt, recent, ana_, 1, 300));
    return db.exec(attempt, old, chloe_, 1, 100);
  });
  ASSERT_TRUE(built.ok()) << built.error().message;
  Grouping suggested;
  ASSERT_TRUE(db_->read([&](storage::Connection& db) -> Status {
                   CARTABLE_ASSIGN_OR_RETURN(suggested,
                                             suggestGrouping(db, class_, maths_, "2026-09-01"));
                   return okStatus();
                 })
                  .ok());
  ASSERT_EQ(suggested.groups.size(), 3u);
  EXPECT_EQ(suggested.groups[0].members.size(), 1u);
  EXPECT_EQ(suggested.groups[0].members[0].student_id, ana_);
  EXPECT_EQ(suggested.groups[0].members[0].basis, 600);  // 3/10 is 6/20
  ASSERT_EQ(suggested.groups[1].members.size(), 1u);     // Chloé: her only quiz is too old
  EXPECT_EQ(suggested.groups[1].members[0].student_id, chloe_);
  EXPECT_EQ(suggested.groups[1].members[0].basis, std::nullopt);
  ASSERT_EQ(suggested.groups[2].members.size(), 1u);
  EXPECT_EQ(suggested.groups[2].members[0].student_id, bruno_);
  EXPECT_EQ(suggested.groups[2].members[0].basis, 1800);
}

}  // namespace
}  // namespace cartable::follow_up
