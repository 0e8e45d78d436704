// A school with three trimesters, two classes, a language group, families and
// their teachers, in a fresh migrated database, for the grades' tests.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/storage/migrations.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "grades/grades.h"
#include "schema/schema.h"
#include "support/temp_dir.h"
#include "timetable/timetable.h"

namespace cartable::grades {

// Noon on `date` (YYYY-MM-DD) as Unix time.
inline Seconds noonOf(const std::string& date) {
  int year = 0;
  unsigned month = 0, day = 0;
  std::sscanf(date.c_str(), "%d-%u-%u", &year, &month, &day);
  const std::chrono::sys_days days{std::chrono::year{year} / month / day};
  return days.time_since_epoch().count() * 86400 + 12 * 3600;
}

inline Score points(std::int64_t student, Hundredths value, std::string comment = {}) {
  return Score{student, Mark::score, value, std::move(comment)};
}

inline Score marked(std::int64_t student, Mark mark) {
  return Score{student, mark, std::nullopt, ""};
}

class GradesSchool : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.set(noonOf("2026-10-01"));
    db_ = std::move(storage::Database::open(dir_.file("cartable.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
    Status built = db_->write([&](storage::Connection& db) -> Status {
      using directory::Role;
      alice_ = person(db, "alice", "Alice", "Martin", Role::student);
      bob_ = person(db, "bob", "Bob", "Petit", Role::student);
      dan_ = person(db, "dan", "Dan", "Roux", Role::student);
      carol_ = person(db, "carol", "Carol", "Blanc", Role::student);
      alice_mum_ = person(db, "alice.mum", "Anne", "Martin", Role::parent);
      bob_dad_ = person(db, "bob.dad", "Paul", "Petit", Role::parent);
      carol_mum_ = person(db, "carol.mum", "Claire", "Blanc", Role::parent);
      maths_teacher_ = person(db, "prof.maths", "Marie", "Curie", Role::teacher);
      french_teacher_ = person(db, "prof.french", "Victor", "Hugo", Role::teacher);
      spanish_teacher_ = person(db, "prof.spanish", "Rosa", "Diaz", Role::teacher);
      CARTABLE_ASSIGN_OR_RETURN(maths_,
                                directory::insertSubject(db, {0, "MATHS", "Mathématiques"}));
      CARTABLE_ASSIGN_OR_RETURN(french_, directory::insertSubject(db, {0, "FRANC", "Français"}));
      CARTABLE_ASSIGN_OR_RETURN(spanish_, directory::insertSubject(db, {0, "ESP", "Espagnol"}));
      CARTABLE_ASSIGN_OR_RETURN(class_a_,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(class_b_,
                                directory::insertClass(db, {0, "6B", "6e B", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(group_, directory::insertGroup(db, {0, "6_ESP", "Espagnol 6e"}));
      for (auto student : {alice_, bob_, dan_}) {
        CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student, class_a_, "2026-09-01"));
      }
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, carol_, class_b_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::addGroupMember(db, group_, alice_));
      CARTABLE_RETURN_IF_ERROR(directory::addGroupMember(db, group_, carol_));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {alice_mum_, alice_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {bob_dad_, bob_, true, "père"}));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {carol_mum_, carol_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(directory::insertAssignment(
          db, {0, maths_teacher_, maths_, class_a_, std::nullopt, true}));
      CARTABLE_RETURN_IF_ERROR(directory::insertAssignment(
          db, {0, french_teacher_, french_, class_a_, std::nullopt, false}));
      CARTABLE_RETURN_IF_ERROR(directory::insertAssignment(
          db, {0, spanish_teacher_, spanish_, std::nullopt, group_, false}));
      timetable::Calendar calendar;
      calendar.periods = {{"Trimestre 1", "2026-09-01", "2026-11-30"},
                          {"Trimestre 2", "2026-12-01", "2027-02-28"},
                          {"Trimestre 3", "2027-03-01", "2027-07-04"}};
      return timetable::setCalendar(db, calendar);
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }
  void TearDown() override { db_.reset(); }

  std::int64_t person(storage::Connection& db, const std::string& login, const std::string& given,
                      const std::string& family, directory::Role role) {
    directory::NewUser user;
    user.login = login;
    user.given_name = given;
    user.family_name = family;
    user.roles = {role};
    return directory::insertUser(db, user, clock_.now()).value();
  }

  // An evaluation of class 6A in maths by the maths teacher, 20 points, coefficient 1.
  Evaluation mathsTest(const std::string& date = "2026-09-20") const {
    Evaluation evaluation;
    evaluation.subject_id = maths_;
    evaluation.class_id = class_a_;
    evaluation.teacher_id = maths_teacher_;
    evaluation.date = date;
    evaluation.visible_from = date;
    evaluation.title = "Contrôle";
    return evaluation;
  }

  Evaluation scaled(Evaluation evaluation, Hundredths out_of, Hundredths coefficient) const {
    evaluation.out_of = out_of;
    evaluation.coefficient = coefficient;
    return evaluation;
  }

  Result<std::int64_t> create(const Evaluation& evaluation) {
    std::int64_t id = 0;
    Status status = db_->write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(id, createEvaluation(db, evaluation, clock_.now()));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return id;
  }

  // Creates `evaluation` and fails the test if it is refused.
  std::int64_t created(const Evaluation& evaluation) {
    auto id = create(evaluation);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  Status score(std::int64_t evaluation, const std::vector<Score>& scores, std::int64_t author = 0) {
    if (author == 0) author = maths_teacher_;
    return db_->write([&](storage::Connection& db) {
      return setScores(db, evaluation, scores, author, clock_.now());
    });
  }

  // Reads with `work` and fails the test on an error.
  template <class T, class Work>
  T read(Work work) {
    T out{};
    Status status = db_->read([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out, work(db));
      return okStatus();
    });
    EXPECT_TRUE(status.ok()) << status.error().message;
    return out;
  }

  StudentReport report(std::int64_t student, std::int64_t period = 1,
                       std::optional<std::string> visible_on = std::nullopt) {
    return read<StudentReport>(
        [&](storage::Connection& db) { return studentReport(db, student, period, visible_on); });
  }

  GradeGrid grid(std::int64_t evaluation) {
    return read<GradeGrid>([&](storage::Connection& db) { return gradeGrid(db, evaluation); });
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
  std::int64_t alice_ = 0, bob_ = 0, dan_ = 0, carol_ = 0;
  std::int64_t alice_mum_ = 0, bob_dad_ = 0, carol_mum_ = 0;
  std::int64_t maths_teacher_ = 0, french_teacher_ = 0, spanish_teacher_ = 0;
  std::int64_t maths_ = 0, french_ = 0, spanish_ = 0, class_a_ = 0, class_b_ = 0, group_ = 0;
};

}  // namespace cartable::grades
