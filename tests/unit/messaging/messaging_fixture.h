// A school for the messaging module's tests, in a fresh migrated database:
// class 6A (Alice, Bob) and 6B (Carol), a Spanish group of Alice and Carol,
// their parents, a maths teacher of 6A, a Spanish teacher of the group, a
// teacher of 6B, a CPE (staff) and the head (admin).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/storage/migrations.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "messaging/messaging.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable::messaging {

class MessagingSchool : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.set(1'788'739'200);  // Monday 7 September 2026, midnight
    db_ = std::move(storage::Database::open(dir_.file("cartable.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
    Status built = write([&](storage::Connection& db) -> Status {
      using directory::Role;
      alice_ = person(db, "alice", Role::student);
      bob_ = person(db, "bob", Role::student);
      carol_ = person(db, "carol", Role::student);
      alice_mum_ = person(db, "alice.mum", Role::parent);
      bob_dad_ = person(db, "bob.dad", Role::parent);
      carol_mum_ = person(db, "carol.mum", Role::parent);
      maths_ = person(db, "prof.maths", Role::teacher);
      spanish_ = person(db, "prof.spanish", Role::teacher);
      teacher_b_ = person(db, "prof.b", Role::teacher);
      cpe_ = person(db, "cpe", Role::staff);
      head_ = person(db, "direction", Role::admin);
      CARTABLE_ASSIGN_OR_RETURN(auto maths, directory::insertSubject(db, {0, "MATHS", "Maths"}));
      CARTABLE_ASSIGN_OR_RETURN(auto esp, directory::insertSubject(db, {0, "ESP", "Espagnol"}));
      CARTABLE_ASSIGN_OR_RETURN(class_a_,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(class_b_,
                                directory::insertClass(db, {0, "6B", "6e B", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(group_, directory::insertGroup(db, {0, "6_ESP", "Espagnol 6e"}));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, alice_, class_a_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, bob_, class_a_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, carol_, class_b_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::addGroupMember(db, group_, alice_));
      CARTABLE_RETURN_IF_ERROR(directory::addGroupMember(db, group_, carol_));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {alice_mum_, alice_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {bob_dad_, bob_, true, "père"}));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {carol_mum_, carol_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, maths_, maths, class_a_, std::nullopt, true}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher_b_, maths, class_b_, std::nullopt, true}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, spanish_, esp, std::nullopt, group_, false}));
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }
  void TearDown() override { db_.reset(); }

  std::int64_t person(storage::Connection& db, const std::string& login, directory::Role role) {
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

  // Runs `work` on a reader; fails the test on an error.
  template <class T, class Work>
  T read(Work work) {
    std::optional<T> out;
    Status status = db_->read([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out, work(db));
      return okStatus();
    });
    EXPECT_TRUE(status.ok()) << status.error().message;
    return out ? std::move(*out) : T{};
  }

  std::int64_t count(const std::string& sql) {
    return read<std::int64_t>([&](storage::Connection& db) -> Result<std::int64_t> {
      CARTABLE_ASSIGN_OR_RETURN(auto value, db.scalarInt64(sql));
      return value.value_or(-1);
    });
  }

  static Recipient to(std::int64_t person) { return {RecipientKind::person, person}; }

  Result<Posted> start(std::int64_t author, std::vector<Recipient> recipients,
                       const std::string& text = "Bonjour",
                       std::optional<Replies> replies = std::nullopt,
                       const std::string& subject = "Sortie au musée") {
    NewConversation input{subject, std::move(recipients), replies, {text, {}}};
    std::optional<Posted> out;
    Status status = write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out, startConversation(db, author, input, clock_.now()));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return *out;
  }

  Result<Posted> replyAs(std::int64_t author, std::int64_t conversation,
                         const std::string& text = "Merci") {
    std::optional<Posted> out;
    Status status = write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out, postReply(db, conversation, author, {text, {}}, clock_.now()));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return *out;
  }

  Status setRule(const std::string& rule, bool allowed) {
    return write([&](storage::Connection& db) { return updatePolicy(db, {{rule, allowed}}); });
  }

  Unread unread(std::int64_t user) {
    return read<Unread>([&](storage::Connection& db) { return unreadOf(db, user); });
  }

  std::vector<Message> messages(std::int64_t conversation, std::int64_t viewer) {
    return read<MessagePage>([&](storage::Connection& db) {
             return messagesOf(db, conversation, viewer, std::nullopt, 100);
           })
        .items;
  }

  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<storage::Database> db_;
  std::int64_t alice_ = 0, bob_ = 0, carol_ = 0, alice_mum_ = 0, bob_dad_ = 0, carol_mum_ = 0;
  std::int64_t maths_ = 0, spanish_ = 0, teacher_b_ = 0, cpe_ = 0, head_ = 0;
  std::int64_t class_a_ = 0, class_b_ = 0, group_ = 0;
};

}  // namespace cartable::messaging
