// A school with a calendar, two classes, a language group and families, in a
// fresh migrated database, for the timetable's tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/storage/migrations.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "schema/schema.h"
#include "support/temp_dir.h"
#include "timetable/timetable.h"

namespace cartable::timetable {

class TimetableSchool : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(storage::Database::open(dir_.file("cartable.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
    Status built = db_->write([&](storage::Connection& db) -> Status {
      using directory::Role;
      alice_ = person(db, "alice", Role::student);
      bob_ = person(db, "bob", Role::student);
      carol_ = person(db, "carol", Role::student);
      alice_mum_ = person(db, "alice.mum", Role::parent);
      bob_dad_ = person(db, "bob.dad", Role::parent);
      carol_mum_ = person(db, "carol.mum", Role::parent);
      maths_teacher_ = person(db, "prof.maths", Role::teacher);
      french_teacher_ = person(db, "prof.french", Role::teacher);
      spanish_teacher_ = person(db, "prof.spanish", Role::teacher);
      substitute_ = person(db, "prof.sub", Role::teacher);
      CARTABLE_ASSIGN_OR_RETURN(maths_,
                                directory::insertSubject(db, {0, "MATHS", "Mathématiques"}));
      CARTABLE_ASSIGN_OR_RETURN(french_, directory::insertSubject(db, {0, "FRANC", "Français"}));
      CARTABLE_ASSIGN_OR_RETURN(spanish_, directory::insertSubject(db, {0, "ESP", "Espagnol"}));
      CARTABLE_ASSIGN_OR_RETURN(class_a_,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(class_b_,
                                directory::insertClass(db, {0, "6B", "6e B", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(group_, directory::insertGroup(db, {0, "6_ESP", "Espagnol 6e"}));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, alice_, class_a_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, bob_, class_a_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, carol_, class_b_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::addGroupMember(db, group_, alice_));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {alice_mum_, alice_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {bob_dad_, bob_, true, "père"}));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {carol_mum_, carol_, true, "mère"}));
      Calendar calendar;
      calendar.week_a_monday = "2026-09-07";
      calendar.periods = {{"Trimestre 1", "2026-09-01", "2026-11-30"}};
      calendar.holidays = {{"Toussaint", "2026-10-17", "2026-11-01"}};
      return setCalendar(db, calendar);
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

  // A lesson of class 6A with the maths teacher, Monday 08:00-09:00, all year.
  Lesson mathsLesson() const {
    return Lesson{0, maths_,  class_a_, std::nullopt,     {maths_teacher_}, "B12",
                  1, "08:00", "09:00",  WeekPattern::all, "2026-09-01",     "2027-07-04"};
  }

  Result<std::int64_t> create(const Lesson& lesson) {
    std::int64_t id = 0;
    Status status = db_->write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(id, createLesson(db, lesson));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return id;
  }

  Result<std::int64_t> change(const LessonChange& value, std::int64_t author) {
    std::int64_t id = 0;
    Status status = db_->write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(id, recordChange(db, value, author, clock_.now()));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return id;
  }

  std::vector<Occurrence> week(std::int64_t person_id, const std::string& monday) {
    std::vector<Occurrence> out;
    Status status = db_->read([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out, weekFor(db, person_id, monday));
      return okStatus();
    });
    EXPECT_TRUE(status.ok()) << status.error().message;
    return out;
  }

  std::int64_t count(const std::string& sql) {
    std::int64_t n = -1;
    EXPECT_TRUE(db_->read([&](storage::Connection& db) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(auto value, db.scalarInt64(sql));
                     n = value.value_or(-1);
                     return okStatus();
                   })
                    .ok());
    return n;
  }

  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<storage::Database> db_;
  std::int64_t alice_ = 0, bob_ = 0, carol_ = 0, alice_mum_ = 0, bob_dad_ = 0, carol_mum_ = 0;
  std::int64_t maths_teacher_ = 0, french_teacher_ = 0, spanish_teacher_ = 0, substitute_ = 0;
  std::int64_t maths_ = 0, french_ = 0, spanish_ = 0, class_a_ = 0, class_b_ = 0, group_ = 0;
};

}  // namespace cartable::timetable
