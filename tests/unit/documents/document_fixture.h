// A school with two classes (a student and a parent in each, a teacher for
// each), a group of class A's student and class B's, a CPE and the
// direction, in a fresh migrated database with a file store, for the
// documents module's tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/storage/migrations.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "documents/documents.h"
#include "files/files.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable::documents {

class DocumentSchool : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.set(1'789'000'000);
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
      CARTABLE_ASSIGN_OR_RETURN(maths_,
                                directory::insertSubject(db, {0, "MATHS", "Mathématiques"}));
      CARTABLE_ASSIGN_OR_RETURN(class_a_,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(class_b_,
                                directory::insertClass(db, {0, "6B", "6e B", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(group_, directory::insertGroup(db, {0, "6_LATIN", "Latin 6e"}));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, alice_, class_a_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, bob_, class_b_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::addGroupMember(db, group_, alice_));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {alice_mum_, alice_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {bob_dad_, bob_, true, "père"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher_a_, maths_, class_a_, std::nullopt, true}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher_b_, maths_, class_b_, std::nullopt, true}));
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

  Person who(std::int64_t user_id, directory::RoleSet roles) const { return {user_id, roles}; }

  template <class Work>
  Status write(Work work) {
    return db_->write([&](storage::Connection& db) -> Status { return work(db); });
  }

  // The value of `work` on the writer (one transaction), or its error.
  template <class T, class Work>
  Result<T> inWriter(Work work) {
    std::optional<T> out;
    Status status = write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out, work(db));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return std::move(*out);
  }

  std::int64_t count(const std::string& sql) {
    auto n = inWriter<std::int64_t>([&](storage::Connection& db) -> Result<std::int64_t> {
      CARTABLE_ASSIGN_OR_RETURN(auto value, db.scalarInt64(sql));
      return value.value_or(-1);
    });
    return n.ok() ? *n : -1;
  }

  // Stages and records a text file named `name` with `content`, uploaded by
  // `uploader`, then adds it to `folder_id`.
  Result<std::vector<Document>> upload(std::int64_t folder_id, const std::string& name,
                                       const std::string& content, std::int64_t uploader,
                                       Quotas quotas = {1 << 20, 1 << 30}) {
    auto staged = store_.stage({name, "text/plain", content, "file"});
    if (!staged.ok()) return staged.error();
    return inWriter<std::vector<Document>>(
        [&](storage::Connection& db) -> Result<std::vector<Document>> {
          CARTABLE_ASSIGN_OR_RETURN(auto info, store_.record(db, *staged, uploader, clock_.now()));
          return addFiles(db, folder_id, {info}, uploader, quotas, clock_.now());
        });
  }

  Folder personalRootOf(std::int64_t user) {
    return inWriter<Folder>(
               [&](storage::Connection& db) { return personalRoot(db, user, clock_.now()); })
        .value();
  }

  Folder classRootOf(std::int64_t class_id) {
    return inWriter<Folder>(
               [&](storage::Connection& db) { return classRoot(db, class_id, clock_.now()); })
        .value();
  }

  Result<Folder> makeFolder(std::int64_t parent, std::optional<std::string> name,
                            std::optional<std::int64_t> subject = std::nullopt) {
    return inWriter<Folder>([&](storage::Connection& db) {
      return createFolder(db, {parent, name, subject}, teacher_a_, clock_.now());
    });
  }

  std::int64_t notices(std::int64_t user) {
    return count(
        "SELECT count(*) FROM notifications WHERE kind = 'document.shared' AND "
        "user_id = " +
        std::to_string(user));
  }

  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<storage::Database> db_;
  files::FileStore store_{dir_.path() / "files", 1 << 20};
  std::int64_t alice_ = 0, bob_ = 0, alice_mum_ = 0, bob_dad_ = 0;
  std::int64_t teacher_a_ = 0, teacher_b_ = 0, cpe_ = 0, admin_ = 0;
  std::int64_t class_a_ = 0, class_b_ = 0, group_ = 0, maths_ = 0;
};

}  // namespace cartable::documents
