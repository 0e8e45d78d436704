// A school with two classes, a family in each (and a parent with a child in
// both), two teachers, a CPE and the direction, in a fresh migrated database,
// on Monday 7 September 2026 at 10:00, for the announcements module's tests.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "announcements/announcements.h"
#include "core/base/clock.h"
#include "core/storage/migrations.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable::announcements {

inline Seconds at(int year, unsigned month, unsigned day, int hour = 0, int minute = 0) {
  const std::chrono::sys_days days{std::chrono::year{year} / std::chrono::month{month} /
                                   std::chrono::day{day}};
  return Seconds{days.time_since_epoch().count()} * 86400 + hour * 3600 + minute * 60;
}

class AnnouncementSchool : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.set(at(2026, 9, 7, 10, 0));
    db_ = std::move(storage::Database::open(dir_.file("cartable.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
    Status built = write([&](storage::Connection& db) -> Status {
      using directory::Role;
      alice_ = person(db, "alice", {Role::student});
      bob_ = person(db, "bob", {Role::student});
      alice_mum_ = person(db, "alice.mum", {Role::parent});
      bob_dad_ = person(db, "bob.dad", {Role::parent});
      teacher_a_ = person(db, "prof.a", {Role::teacher});
      teacher_b_ = person(db, "prof.b", {Role::teacher});
      cpe_ = person(db, "cpe", {Role::staff});
      admin_ = person(db, "direction", {Role::admin});
      CARTABLE_ASSIGN_OR_RETURN(auto maths,
                                directory::insertSubject(db, {0, "MATHS", "Mathématiques"}));
      CARTABLE_ASSIGN_OR_RETURN(class_a_,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(class_b_,
                                directory::insertClass(db, {0, "6B", "6e B", "6e", "2026-2027"}));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, alice_, class_a_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, bob_, class_b_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {alice_mum_, alice_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {bob_dad_, bob_, true, "père"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher_a_, maths, class_a_, std::nullopt, true}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher_b_, maths, class_b_, std::nullopt, true}));
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }
  void TearDown() override { db_.reset(); }

  std::int64_t person(storage::Connection& db, const std::string& login, directory::RoleSet roles) {
    directory::NewUser user;
    user.login = login;
    user.given_name = login;
    user.family_name = "Test";
    user.roles = roles;
    return directory::insertUser(db, user, clock_.now()).value();
  }

  Announcement draft(std::vector<Audience> audiences, std::int64_t author = 0) const {
    Announcement a;
    a.author_id = author != 0 ? author : admin_;
    a.title = "Réunion parents-professeurs";
    a.body = "Jeudi 17 septembre à 18 h.\nSalle polyvalente.";
    a.audiences = std::move(audiences);
    return a;
  }

  Audience school() const { return {AudienceKind::school, std::nullopt}; }
  Audience staffOnly() const { return {AudienceKind::staff, std::nullopt}; }
  Audience ofClass(AudienceKind kind, std::int64_t class_id) const { return {kind, class_id}; }

  template <class Work>
  Status write(Work work) {
    return db_->write([&](storage::Connection& db) -> Status { return work(db); });
  }

  Result<std::int64_t> create(const Announcement& a) {
    std::int64_t id = 0;
    Status status = write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(id, createAnnouncement(db, a, clock_.now()));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return id;
  }

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

  // The titles in `user`'s feed, in order.
  std::vector<std::string> feedTitles(std::int64_t user) {
    auto items = read<std::vector<FeedItem>>(
        [&](storage::Connection& db) { return feedOf(db, user, clock_.now(), {}); });
    std::vector<std::string> titles;
    for (const FeedItem& item : items) titles.push_back(item.announcement.title);
    return titles;
  }

  std::int64_t count(const std::string& sql) {
    return read<std::int64_t>([&](storage::Connection& db) -> Result<std::int64_t> {
      CARTABLE_ASSIGN_OR_RETURN(auto value, db.scalarInt64(sql));
      return value.value_or(-1);
    });
  }

  std::int64_t notices(std::int64_t user, const std::string& kind = "announcement.new") {
    return count("SELECT count(*) FROM notifications WHERE user_id = " + std::to_string(user) +
                 " AND kind = '" + kind + "'");
  }

  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<storage::Database> db_;
  std::int64_t alice_ = 0, bob_ = 0, alice_mum_ = 0, bob_dad_ = 0;
  std::int64_t teacher_a_ = 0, teacher_b_ = 0, cpe_ = 0, admin_ = 0;
  std::int64_t class_a_ = 0, class_b_ = 0;
};

}  // namespace cartable::announcements
