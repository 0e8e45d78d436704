// notify() and notifyOnce() under each person's preferences: a muted category
// writes no notice, a required feed stays on, and an email is queued in the
// transaction of the event (a rolled-back event leaves none).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/storage/migrations.h"
#include "directory/users.h"
#include "mail/outbox.h"
#include "notifications/notifications.h"
#include "notifications/preferences.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable::notifications {
namespace {

using directory::Role;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class NoticeDelivery : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(storage::Database::open(dir_.file("cartable.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
    Status built = db_->write([&](storage::Connection& db) -> Status {
      parent_ = person(db, "parent", {Role::parent}, "parent@example.fr");
      teacher_ = person(db, "prof", {Role::teacher}, "prof@example.fr");
      student_ = person(db, "eleve", {Role::student}, std::nullopt);
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }
  void TearDown() override { db_.reset(); }

  std::int64_t person(storage::Connection& db, const std::string& login, directory::RoleSet roles,
                      std::optional<std::string> email) {
    directory::NewUser user;
    user.login = login;
    user.given_name = login;
    user.family_name = "Test";
    user.email = std::move(email);
    user.roles = roles;
    return directory::insertUser(db, user, clock_.now()).value();
  }

  void set(std::int64_t user, const std::vector<PreferenceChange>& changes) {
    Status changed = db_->write([&](storage::Connection& db) {
      return setPreferences(db, user, changes, true, clock_.now());
    });
    ASSERT_TRUE(changed.ok()) << changed.error().message;
  }

  void tell(const std::vector<std::int64_t>& people, const Notice& notice) {
    Status told = db_->write(
        [&](storage::Connection& db) { return notify(db, people, notice, 0, clock_.now()); });
    ASSERT_TRUE(told.ok()) << told.error().message;
  }

  std::vector<std::string> feedTitles(std::int64_t user) {
    std::vector<std::string> titles;
    EXPECT_TRUE(db_->read([&](storage::Connection& db) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(auto feed, feedOf(db, user, FeedQuery{}));
                     for (const auto& n : feed) titles.push_back(n.title);
                     return okStatus();
                   })
                    .ok());
    return titles;
  }

  std::vector<mail::QueuedEmail> outbox() {
    std::vector<mail::QueuedEmail> rows;
    EXPECT_TRUE(db_->read([&](storage::Connection& db) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(rows, mail::listOutbox(db));
                     return okStatus();
                   })
                    .ok());
    return rows;
  }

  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<storage::Database> db_;
  std::int64_t parent_ = 0, teacher_ = 0, student_ = 0;
};

const Notice kHomework{"homework.new", "Nouveau travail", "", "/homework/1"};
const Notice kGrade{"grades.published", "Nouvelle note", "Évaluation du 2026-09-07.", "/grades"};
const Notice kAbsence{"attendance.absence", "Absence de Léa", "", "/attendance"};

TEST_F(NoticeDelivery, KindsFallIntoTheCategoryOfTheirPrefix) {
  EXPECT_EQ(categoryOf("timetable.cancelled"), "timetable");
  EXPECT_EQ(categoryOf("attendance.justification"), "attendance");
  EXPECT_EQ(categoryOf("message.reported"), "message");
  EXPECT_EQ(categoryOf("helpdesk.update"), "helpdesk");
  EXPECT_EQ(categoryOf("document.shared"), "document");
  EXPECT_EQ(categoryOf("test.notice"), std::nullopt);
  EXPECT_EQ(categoryOf("grades"), "grades");
}

TEST_F(NoticeDelivery, AMutedCategoryWritesNoNoticeWhileOthersDo) {
  set(teacher_, {{"homework", false, std::nullopt}});
  tell({teacher_, parent_}, kHomework);
  tell({teacher_}, kGrade);
  EXPECT_THAT(feedTitles(teacher_), ElementsAre("Nouvelle note"));
  EXPECT_THAT(feedTitles(parent_), ElementsAre("Nouveau travail"));
}

TEST_F(NoticeDelivery, KindsOutsideTheCategoriesAlwaysReachTheFeed) {
  for (const auto category : kCategories) set(teacher_, {{std::string(category), false, {}}});
  tell({teacher_}, {"test.notice", "Hors catégorie", "", ""});
  EXPECT_THAT(feedTitles(teacher_), ElementsAre("Hors catégorie"));
}

TEST_F(NoticeDelivery, AParentCannotMuteAttendanceAndNothingIsWrittenWhenRefused) {
  Status refused = db_->write([&](storage::Connection& db) {
    return setPreferences(db, parent_, {{"homework", false, {}}, {"attendance", false, {}}}, true,
                          clock_.now());
  });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::invalid_argument);
  EXPECT_EQ(refused.error().field, "attendance.feed");
  EXPECT_EQ(refused.error().message,
            "\"attendance\" notices cannot be turned off in the feed: a parent must see their "
            "children's absences");
  tell({parent_}, kHomework);
  EXPECT_THAT(feedTitles(parent_), ElementsAre("Nouveau travail"));
}

TEST_F(NoticeDelivery, ARequiredFeedStaysOnForSomeoneWhoBecameAParent) {
  set(teacher_, {{"attendance", false, {}}});
  ASSERT_TRUE(
      db_->write([&](storage::Connection& db) {
           return directory::setRoles(db, teacher_, {Role::teacher, Role::parent}, clock_.now());
         })
          .ok());
  tell({teacher_}, kAbsence);
  EXPECT_THAT(feedTitles(teacher_), ElementsAre("Absence de Léa"));
}

TEST_F(NoticeDelivery, EmailIsQueuedWithTheNoticeInTheSameTransaction) {
  set(parent_, {{"grades", std::nullopt, true}});
  tell({parent_, teacher_}, kGrade);
  const auto rows = outbox();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].notice.user_id, parent_);
  EXPECT_EQ(rows[0].notice.kind, "grades.published");
  EXPECT_EQ(rows[0].notice.title, "Nouvelle note");
  EXPECT_EQ(rows[0].notice.body, "Évaluation du 2026-09-07.");
  EXPECT_EQ(rows[0].notice.link, "/grades");
  EXPECT_EQ(rows[0].address, "parent@example.fr");
  EXPECT_EQ(rows[0].state, mail::OutboxState::pending);
  EXPECT_EQ(rows[0].next_attempt_at, clock_.now());
  EXPECT_THAT(feedTitles(parent_), ElementsAre("Nouvelle note"));
}

TEST_F(NoticeDelivery, ARolledBackEventLeavesNeitherNoticeNorEmail) {
  set(parent_, {{"grades", std::nullopt, true}});
  Status rolled_back = db_->write([&](storage::Connection& db) -> Status {
    CARTABLE_RETURN_IF_ERROR(notify(db, {parent_}, kGrade, 0, clock_.now()));
    return makeError(Errc::conflict, "the event failed after notifying");
  });
  ASSERT_FALSE(rolled_back.ok());
  EXPECT_THAT(outbox(), IsEmpty());
  EXPECT_THAT(feedTitles(parent_), IsEmpty());
}

TEST_F(NoticeDelivery, EmailWithTheFeedMutedStillGoes) {
  set(teacher_, {{"homework", false, true}});
  tell({teacher_}, kHomework);
  EXPECT_THAT(feedTitles(teacher_), IsEmpty());
  ASSERT_EQ(outbox().size(), 1u);
  EXPECT_EQ(outbox()[0].notice.title, "Nouveau travail");
}

TEST_F(NoticeDelivery, NoEmailIsQueuedWithoutAnAddressOrForADisabledAccount) {
  set(student_, {{"homework", std::nullopt, true}});
  set(teacher_, {{"homework", std::nullopt, true}});
  ASSERT_TRUE(db_->write([&](storage::Connection& db) {
                   return directory::setDisabled(db, teacher_, clock_.now(), clock_.now());
                 })
                  .ok());
  tell({student_, teacher_}, kHomework);
  EXPECT_THAT(outbox(), IsEmpty());
  EXPECT_THAT(feedTitles(student_), ElementsAre("Nouveau travail"));
}

TEST_F(NoticeDelivery, ARepeatedNoticeReplacesTheUnsentEmail) {
  set(parent_, {{"message", std::nullopt, true}});
  for (const char* title : {"Nouveau message : A", "Nouveau message : B"}) {
    Status told = db_->write([&](storage::Connection& db) {
      return notifyOnce(db, {parent_}, {"message.new", title, "", "/messages/7"}, 0, clock_.now());
    });
    ASSERT_TRUE(told.ok());
  }
  const auto rows = outbox();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].notice.title, "Nouveau message : B");
}

TEST_F(NoticeDelivery, PreferencesReadAsDefaultsUntilChanged) {
  std::vector<Preference> read;
  ASSERT_TRUE(db_->read([&](storage::Connection& db) -> Status {
                   CARTABLE_ASSIGN_OR_RETURN(read, preferencesOf(db, teacher_));
                   return okStatus();
                 })
                  .ok());
  ASSERT_EQ(read.size(), std::size(kCategories));
  for (const auto& preference : read) {
    EXPECT_TRUE(preference.feed) << preference.category;
    EXPECT_FALSE(preference.email) << preference.category;
  }
  EXPECT_THAT(requiredFeedsFor({Role::parent, Role::teacher}), ElementsAre("attendance"));
  EXPECT_THAT(requiredFeedsFor({Role::student}), IsEmpty());
}

}  // namespace
}  // namespace cartable::notifications
