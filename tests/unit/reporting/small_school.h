// A small school built by hand for the reporting tests: three classes of
// 4, 3 and 5 students, and one Monday (2026-09-07) of roll calls, homework,
// hand-ins, grades, sign-ins, a message and a help-desk ticket, each figure
// of which the tests can count on their fingers.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/base/civil_date.h"
#include "core/storage/migrations.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable::reporting::testing {

inline constexpr const char* kMonday = "2026-09-07";
inline constexpr Seconds kMondayStart = 1'788'739'200;  // 2026-09-07T00:00:00Z

// Students s1-s4 are in 6A, s5-s7 in 6B (both 6e), s8-s12 in 5A (5e).
inline constexpr const char* kSmallSchoolSql = R"sql(
INSERT INTO users(id, login, given_name, family_name, ine, created_at, updated_at) VALUES
  (1, 's1', 'Amandine', 'Rousseau', '123456789AA', 0, 0), (2, 's2', 'Baptiste', 'Lemoine', NULL, 0, 0),
  (3, 's3', 'Chloé', 'Marchand', NULL, 0, 0), (4, 's4', 'Dylan', 'Perrin', NULL, 0, 0),
  (5, 's5', 'Emma', 'Roux', NULL, 0, 0), (6, 's6', 'Fanny', 'Brun', NULL, 0, 0),
  (7, 's7', 'Gaspard', 'Faure', NULL, 0, 0), (8, 's8', 'Hugo', 'Girard', NULL, 0, 0),
  (9, 's9', 'Inès', 'Bonnet', NULL, 0, 0), (10, 's10', 'Jules', 'Dupuis', NULL, 0, 0),
  (11, 's11', 'Kenza', 'Lambert', NULL, 0, 0), (12, 's12', 'Léo', 'Fontaine', NULL, 0, 0),
  (20, 't1', 'Marc', 'Vidal', NULL, 0, 0), (30, 'p1', 'Nadia', 'Rousseau', NULL, 0, 0);
INSERT INTO user_roles(user_id, role) SELECT id, 'student' FROM users WHERE id <= 12;
INSERT INTO user_roles(user_id, role) VALUES (20, 'teacher'), (30, 'parent');
INSERT INTO classes(id, code, label, level, school_year) VALUES
  (1, '6A', '6e A', '6e', '2026-2027'), (2, '6B', '6e B', '6e', '2026-2027'),
  (3, '5A', '5e A', '5e', '2026-2027');
INSERT INTO enrollments(student_id, class_id, since)
  SELECT id, CASE WHEN id <= 4 THEN 1 WHEN id <= 7 THEN 2 ELSE 3 END, '2026-09-01'
  FROM users WHERE id <= 12;
INSERT INTO subjects(id, code, label) VALUES (1, 'MATHS', 'Mathématiques'), (2, 'FRANC', 'Français');
INSERT INTO lessons(id, subject_id, class_id, weekday, starts_at, ends_at, week_pattern, valid_from,
                    valid_until) VALUES
  (1, 1, 1, 1, '08:00', '09:00', 'all', '2026-09-01', '2027-07-04'),
  (2, 2, 1, 1, '14:00', '15:00', 'all', '2026-09-01', '2027-07-04'),
  (3, 1, 3, 1, '10:00', '11:00', 'all', '2026-09-01', '2027-07-04');
INSERT INTO roll_calls(id, lesson_id, on_date, subject_id, starts_at, ends_at, taken_by, taken_at)
  VALUES (1, 1, '2026-09-07', 1, '08:00', '09:00', 20, 0),
         (2, 2, '2026-09-07', 2, '14:00', '15:00', 20, 0),
         (3, 3, '2026-09-07', 1, '10:00', '11:00', 20, 0);
INSERT INTO attendance_marks(roll_call_id, student_id, status, minutes_late) VALUES
  (1, 1, 'absent', 0), (2, 1, 'absent', 0), (1, 2, 'late', 5), (3, 8, 'absent', 0);
INSERT INTO absence_justifications(student_id, from_date, to_date, reason, state, submitted_at)
  VALUES (8, '2026-09-07', '2026-09-07', 'illness', 'accepted', 0),
         (1, '2026-09-07', '2026-09-07', 'other', 'refused', 0);
INSERT INTO homework(id, teacher_id, subject_id, class_id, due_on, instructions, hand_in_expected,
                     created_at, updated_at) VALUES
  (1, 20, 1, 1, '2026-09-07', 'Exercices 1 à 4', 1, 1788300000, 1788300000),
  (2, 20, 2, 3, '2026-09-07', 'Rédaction', 1, 1788300000, 1788300000),
  (3, 20, 1, 2, '2026-09-10', 'Leçon', 0, 1788768000, 1788768000);
INSERT INTO homework_students(homework_id, student_id) VALUES (2, 8), (2, 9);
INSERT INTO hand_ins(homework_id, student_id, handed_in_at, late) VALUES
  (1, 1, 1788700000, 0), (1, 2, 1788760000, 1), (2, 9, 1788700000, 0);
INSERT INTO evaluations(id, subject_id, class_id, date, title, out_of, coefficient, visible_from,
                        created_at, updated_at)
  VALUES (1, 1, 1, '2026-09-07', 'Fractions', 2000, 100, '2026-09-07', 0, 0);
INSERT INTO scores(evaluation_id, student_id, mark, value, updated_at) VALUES
  (1, 1, 'score', 1000, 0), (1, 2, 'score', 1200, 0), (1, 3, 'score', 1600, 0),
  (1, 4, 'absent', NULL, 0);
INSERT INTO sessions(token_hash, user_id, kind, created_at, last_seen_at, expires_at) VALUES
  (x'01', 20, 'browser', 1788771600, 1788775200, 1788800000),
  (x'02', 30, 'bearer', 1788400000, 1788780000, 1799999999),
  (x'03', 1, 'browser', 1788400000, 1788400100, 1788500000);
INSERT INTO conversations(id, subject, started_by, replies, created_at)
  VALUES (1, 'Sortie', 20, 'everyone', 1788771600);
INSERT INTO messages(conversation_id, author_id, text, created_at)
  VALUES (1, 20, 'Bonjour', 1788771600);
INSERT INTO helpdesk_tickets(reporter_id, category, subject, text, created_at, updated_at)
  VALUES (30, 'account', 'Mot de passe', 'Oublié', 1788771600, 1788771600);
)sql";

class SmallSchool : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(storage::Database::open(dir_.file("cartable.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
    const Status built =
        db_->write([](storage::Connection& conn) { return conn.script(kSmallSchoolSql); });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }
  void TearDown() override { db_.reset(); }

  civil::Day monday() const { return *civil::parseDay(kMonday); }

  cartable::testing::TempDir dir_;
  ManualClock clock_{kMondayStart + 86'400 + 3'600};
  std::unique_ptr<storage::Database> db_;
};

}  // namespace cartable::reporting::testing
