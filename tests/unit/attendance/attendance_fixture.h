// A school with a calendar, two classes, a language group, families and a
// Monday of lessons, in a fresh migrated database, for the attendance tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "attendance/attendance.h"
#include "core/base/clock.h"
#include "core/storage/migrations.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "schema/schema.h"
#include "school_time.h"
#include "support/temp_dir.h"
#include "timetable/timetable.h"

namespace cartable::attendance {

inline constexpr const char* kMonday = "2026-09-07";

class AttendanceSchool : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.set(at(kMonday, "18:00"));
    db_ = std::move(storage::Database::open(dir_.file("cartable.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
    Status built = db_->write([&](storage::Connection& db) -> Status {
      CARTABLE_RETURN_IF_ERROR(people(db));
      CARTABLE_RETURN_IF_ERROR(structure(db));
      return lessons(db);
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

  Status people(storage::Connection& db) {
    using directory::Role;
    alice_ = person(db, "alice", Role::student);
    bob_ = person(db, "bob", Role::student);
    carol_ = person(db, "carol", Role::student);
    alice_mum_ = person(db, "alice.mum", Role::parent);
    alice_dad_ = person(db, "alice.dad", Role::parent);
    bob_dad_ = person(db, "bob.dad", Role::parent);
    maths_teacher_ = person(db, "prof.maths", Role::teacher);
    french_teacher_ = person(db, "prof.french", Role::teacher);
    spanish_teacher_ = person(db, "prof.spanish", Role::teacher);
    substitute_ = person(db, "prof.sub", Role::teacher);
    cpe_ = person(db, "cpe", Role::staff);
    return okStatus();
  }

  Status structure(storage::Connection& db) {
    CARTABLE_ASSIGN_OR_RETURN(maths_, directory::insertSubject(db, {0, "MATHS", "Mathématiques"}));
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
    CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {alice_dad_, alice_, true, "père"}));
    CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {bob_dad_, bob_, true, "père"}));
    timetable::Calendar calendar;
    calendar.week_a_monday = kMonday;
    calendar.periods = {{"Trimestre 1", "2026-09-01", "2026-11-30"},
                        {"Trimestre 2", "2026-12-01", "2027-03-15"}};
    calendar.holidays = {{"Toussaint", "2026-10-17", "2026-11-01"}};
    return timetable::setCalendar(db, calendar);
  }

  timetable::Lesson lesson(std::int64_t subject, std::optional<std::int64_t> class_id,
                           std::optional<std::int64_t> group_id, std::int64_t teacher,
                           const std::string& starts_at, const std::string& ends_at) const {
    return timetable::Lesson{0,
                             subject,
                             class_id,
                             group_id,
                             {teacher},
                             "",
                             1,
                             starts_at,
                             ends_at,
                             timetable::WeekPattern::all,
                             "2026-09-01",
                             "2027-07-04"};
  }

  // Every Monday: 6A has maths 08-09, French 10-11, maths 14-15; the Spanish
  // group (Alice) 12-13; 6B has French 08-09.
  Status lessons(storage::Connection& db) {
    CARTABLE_ASSIGN_OR_RETURN(
        maths_morning_, timetable::createLesson(
                            db, lesson(maths_, class_a_, {}, maths_teacher_, "08:00", "09:00")));
    CARTABLE_ASSIGN_OR_RETURN(
        french_a_, timetable::createLesson(
                       db, lesson(french_, class_a_, {}, french_teacher_, "10:00", "11:00")));
    CARTABLE_ASSIGN_OR_RETURN(
        spanish_noon_, timetable::createLesson(
                           db, lesson(spanish_, {}, group_, spanish_teacher_, "12:00", "13:00")));
    CARTABLE_ASSIGN_OR_RETURN(
        maths_afternoon_, timetable::createLesson(
                              db, lesson(maths_, class_a_, {}, maths_teacher_, "14:00", "15:00")));
    CARTABLE_ASSIGN_OR_RETURN(
        french_b_, timetable::createLesson(
                       db, lesson(french_, class_b_, {}, french_teacher_, "08:00", "09:00")));
    return okStatus();
  }

  RollEntry absent(std::int64_t student) const { return {student, Presence::absent, 0}; }
  RollEntry late(std::int64_t student, int minutes) const {
    return {student, Presence::late, minutes};
  }

  Result<RollCall> take(std::int64_t lesson_id, const std::string& date,
                        const std::vector<RollEntry>& entries, std::int64_t author) {
    RollCall out;
    Status status = db_->write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out,
                                recordRollCall(db, lesson_id, date, entries, author, clock_.now()));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return out;
  }

  // Runs `work` in one write transaction and returns its value.
  template <class T, class Work>
  Result<T> write(Work work) {
    std::optional<T> out;
    Status status = db_->write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out, work(db));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return std::move(*out);
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

  RollCall roll(std::int64_t lesson_id, const std::string& date) {
    return read<RollCall>(
        [&](storage::Connection& db) { return getRollCall(db, lesson_id, date); });
  }

  StudentAttendance summary(std::int64_t student, const std::string& from = "2026-09-01",
                            const std::string& to = "2026-11-30") {
    return read<StudentAttendance>([&](storage::Connection& db) {
      return studentAttendance(db, student, DateSpan{from, to, ""});
    });
  }

  Result<Justification> justify(const NewJustification& input) {
    return write<Justification>([&](storage::Connection& db) {
      return recordJustification(db, input, cpe_, clock_.now());
    });
  }

  NewJustification wholeDay(std::int64_t student, const std::string& date) const {
    NewJustification out;
    out.student_id = student;
    out.from_date = date;
    out.to_date = date;
    out.reason = Reason::illness;
    out.text = "Grippe";
    return out;
  }

  std::int64_t count(const std::string& sql) {
    return read<std::int64_t>([&](storage::Connection& db) -> Result<std::int64_t> {
      CARTABLE_ASSIGN_OR_RETURN(auto value, db.scalarInt64(sql));
      return value.value_or(-1);
    });
  }

  std::int64_t notices(std::int64_t person, const std::string& kind) {
    return count("SELECT count(*) FROM notifications WHERE user_id = " + std::to_string(person) +
                 " AND kind = '" + kind + "'");
  }

  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<storage::Database> db_;
  std::int64_t alice_ = 0, bob_ = 0, carol_ = 0, alice_mum_ = 0, alice_dad_ = 0, bob_dad_ = 0;
  std::int64_t maths_teacher_ = 0, french_teacher_ = 0, spanish_teacher_ = 0, substitute_ = 0;
  std::int64_t cpe_ = 0;
  std::int64_t maths_ = 0, french_ = 0, spanish_ = 0, class_a_ = 0, class_b_ = 0, group_ = 0;
  std::int64_t maths_morning_ = 0, french_a_ = 0, spanish_noon_ = 0, maths_afternoon_ = 0;
  std::int64_t french_b_ = 0;
};

}  // namespace cartable::attendance
