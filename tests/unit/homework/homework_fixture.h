// A school with two classes, a language group, families, two teachers and a
// weekly maths lesson, in a fresh migrated database, on Monday 7 September
// 2026 at 10:00, for the homework module's tests.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/storage/migrations.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "homework/homework.h"
#include "schema/schema.h"
#include "support/temp_dir.h"
#include "timetable/timetable.h"

namespace cartable::homework {

// Unix time of `date` ("YYYY-MM-DD") at hh:mm, school time.
inline Seconds at(int year, unsigned month, unsigned day, int hour = 0, int minute = 0) {
  const std::chrono::sys_days days{std::chrono::year{year} / std::chrono::month{month} /
                                   std::chrono::day{day}};
  return Seconds{days.time_since_epoch().count()} * 86400 + hour * 3600 + minute * 60;
}

class HomeworkSchool : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.set(at(2026, 9, 7, 10, 0));
    db_ = std::move(storage::Database::open(dir_.file("cartable.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
    Status built = db_->write([&](storage::Connection& db) -> Status {
      using directory::Role;
      alice_ = person(db, "alice", Role::student);
      bob_ = person(db, "bob", Role::student);
      carol_ = person(db, "carol", Role::student);
      alice_mum_ = person(db, "alice.mum", Role::parent);
      bob_dad_ = person(db, "bob.dad", Role::parent);
      maths_teacher_ = person(db, "prof.maths", Role::teacher);
      spanish_teacher_ = person(db, "prof.spanish", Role::teacher);
      admin_ = person(db, "direction", Role::admin);
      CARTABLE_ASSIGN_OR_RETURN(maths_,
                                directory::insertSubject(db, {0, "MATHS", "Mathématiques"}));
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
      CARTABLE_RETURN_IF_ERROR(directory::insertAssignment(
          db, {0, maths_teacher_, maths_, class_a_, std::nullopt, true}));
      timetable::Calendar calendar;
      calendar.holidays = {{"Toussaint", "2026-10-17", "2026-11-01"}};
      CARTABLE_RETURN_IF_ERROR(timetable::setCalendar(db, calendar));
      CARTABLE_ASSIGN_OR_RETURN(maths_lesson_,
                                timetable::createLesson(db, {0,
                                                             maths_,
                                                             class_a_,
                                                             std::nullopt,
                                                             {maths_teacher_},
                                                             "B12",
                                                             1,
                                                             "08:00",
                                                             "09:00",
                                                             timetable::WeekPattern::all,
                                                             "2026-09-01",
                                                             "2027-07-04"}));
      CARTABLE_ASSIGN_OR_RETURN(spanish_lesson_,
                                timetable::createLesson(db, {0,
                                                             spanish_,
                                                             std::nullopt,
                                                             group_,
                                                             {spanish_teacher_},
                                                             "C3",
                                                             2,
                                                             "10:00",
                                                             "11:00",
                                                             timetable::WeekPattern::all,
                                                             "2026-09-01",
                                                             "2027-07-04"}));
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

  // Maths for class 6A, due Thursday 10 September, to hand in.
  Homework mathsHomework() const {
    Homework h;
    h.teacher_id = maths_teacher_;
    h.subject_id = maths_;
    h.class_id = class_a_;
    h.due_on = "2026-09-10";
    h.instructions = "Exercices 1 à 4 page 12";
    h.hand_in_expected = true;
    return h;
  }

  // Runs `work` in one write transaction; its error, if any.
  template <class Work>
  Status write(Work work) {
    return db_->write([&](storage::Connection& db) -> Status { return work(db); });
  }

  Result<std::int64_t> create(const Homework& h) {
    std::int64_t id = 0;
    Status status = write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(id, createHomework(db, h, clock_.now()));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return id;
  }

  Result<HandIn> handInAs(std::int64_t homework_id, std::int64_t student, const std::string& text,
                          bool* replaced = nullptr) {
    std::optional<HandIn> out;
    bool was_replaced = false;
    Status status = write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(
          out, handIn(db, homework_id, student, text, {}, clock_.now(), was_replaced));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    if (replaced) *replaced = was_replaced;
    return *out;
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

  std::int64_t count(const std::string& sql) {
    return read<std::int64_t>([&](storage::Connection& db) -> Result<std::int64_t> {
      CARTABLE_ASSIGN_OR_RETURN(auto value, db.scalarInt64(sql));
      return value.value_or(-1);
    });
  }

  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<storage::Database> db_;
  std::int64_t alice_ = 0, bob_ = 0, carol_ = 0, alice_mum_ = 0, bob_dad_ = 0;
  std::int64_t maths_teacher_ = 0, spanish_teacher_ = 0, admin_ = 0;
  std::int64_t maths_ = 0, spanish_ = 0, class_a_ = 0, class_b_ = 0, group_ = 0;
  std::int64_t maths_lesson_ = 0, spanish_lesson_ = 0;
};

}  // namespace cartable::homework
