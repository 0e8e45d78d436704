// Early warning on a real database: the indicators read from attendance,
// homework, grades and quizzes, the alerts stored day after day, and the
// main teacher told once.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "core/base/clock.h"
#include "core/storage/migrations.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "early_warning/alerts.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable::early_warning {
namespace {

using storage::Connection;

Seconds at(const std::string& date, int hour = 18) {
  return Seconds{civil::parseDay(date)->time_since_epoch().count()} * 86400 + hour * 3600;
}

// Class 6A (Alice, Bob, Chloé), its main teacher and another teacher; the
// computations run on Monday 30 November 2026, whose window starts on 3 November.
class EarlyWarningSchool : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.set(at("2026-11-30"));
    db_ = std::move(storage::Database::open(dir_.file("cartable.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
    Status built = write([&](Connection& db) -> Status {
      using directory::Role;
      alice_ = person(db, "alice", Role::student);
      bob_ = person(db, "bob", Role::student);
      chloe_ = person(db, "chloe", Role::student);
      main_teacher_ = person(db, "principal", Role::teacher);
      teacher_ = person(db, "prof", Role::teacher);
      CARTABLE_ASSIGN_OR_RETURN(maths_, directory::insertSubject(db, {0, "MATHS", "Maths"}));
      CARTABLE_ASSIGN_OR_RETURN(class_,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      for (std::int64_t s : {alice_, bob_, chloe_}) {
        CARTABLE_RETURN_IF_ERROR(directory::enroll(db, s, class_, "2026-09-01"));
      }
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, main_teacher_, maths_, class_, std::nullopt, true}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher_, maths_, class_, std::nullopt, false}));
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  std::int64_t person(Connection& db, const std::string& login, directory::Role role) {
    directory::NewUser user;
    user.login = login;
    user.given_name = login;
    user.family_name = "Test";
    user.roles = {role};
    return directory::insertUser(db, user, clock_.now()).value();
  }

  template <class Work>
  Status write(Work work) {
    return db_->write([&](Connection& db) -> Status { return work(db); });
  }

  // One lesson's roll call on `date` at `starts`, with `student` absent or late.
  void mark(std::int64_t student, const std::string& date, const std::string& starts,
            const std::string& status) {
    ASSERT_TRUE(write([&](Connection& db) -> Status {
                  CARTABLE_RETURN_IF_ERROR(db.exec(
                      "INSERT INTO roll_calls(on_date, subject_id, starts_at, ends_at, taken_at) "
                      "VALUES (?, ?, ?, ?, 0)",
                      date, maths_, starts, starts.substr(0, 2) + ":55"));
                  return db.exec(
                      "INSERT INTO attendance_marks(roll_call_id, student_id, status, "
                      "minutes_late) VALUES (?, ?, ?, ?)",
                      db.lastInsertId(), student, status, status == "late" ? 10 : 0);
                }).ok());
  }

  void justify(std::int64_t student, const std::string& date, const std::string& state) {
    ASSERT_TRUE(write([&](Connection& db) {
                  return db.exec(
                      "INSERT INTO absence_justifications(student_id, from_date, to_date, reason, "
                      "state, submitted_at) VALUES (?, ?, ?, 'illness', ?, 0)",
                      student, date, date, state);
                }).ok());
  }

  // Class homework due on `due`; `late` by student: 0 on time, 1 late, absent: none.
  void homework(const std::string& due, const std::map<std::int64_t, int>& hand_ins) {
    ASSERT_TRUE(write([&](Connection& db) -> Status {
                  CARTABLE_RETURN_IF_ERROR(db.exec(
                      "INSERT INTO homework(teacher_id, subject_id, class_id, due_on, "
                      "instructions, hand_in_expected, created_at, updated_at) VALUES (?, ?, ?, "
                      "?, 'Exercice', 1, 0, 0)",
                      teacher_, maths_, class_, due));
                  const std::int64_t id = db.lastInsertId();
                  for (const auto& [student, late] : hand_ins) {
                    CARTABLE_RETURN_IF_ERROR(
                        db.exec("INSERT INTO hand_ins(homework_id, student_id, handed_in_at, late) "
                                "VALUES (?, ?, 0, ?)",
                                id, student, late));
                  }
                  return okStatus();
                }).ok());
  }

  // An evaluation on 20 dated `date` with each student's score in points.
  void evaluation(const std::string& date, const std::map<std::int64_t, int>& scores) {
    ASSERT_TRUE(write([&](Connection& db) -> Status {
                  CARTABLE_RETURN_IF_ERROR(db.exec(
                      "INSERT INTO evaluations(subject_id, class_id, teacher_id, date, title, "
                      "out_of, coefficient, visible_from, created_at, updated_at) VALUES (?, ?, "
                      "?, ?, 'Contrôle', 2000, 100, ?, 0, 0)",
                      maths_, class_, teacher_, date, date));
                  const std::int64_t id = db.lastInsertId();
                  for (const auto& [student, points] : scores) {
                    CARTABLE_RETURN_IF_ERROR(db.exec(
                        "INSERT INTO scores(evaluation_id, student_id, mark, value, updated_at) "
                        "VALUES (?, ?, 'score', ?, 0)",
                        id, student, points * 100));
                  }
                  return okStatus();
                }).ok());
  }

  StudentIndicators indicatorsOf(std::int64_t student) {
    std::vector<StudentIndicators> all;
    EXPECT_TRUE(db_->read([&](Connection& db) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(
                         all, computeIndicators(db, *civil::parseDay("2026-11-30")));
                     return okStatus();
                   })
                    .ok());
    for (const StudentIndicators& s : all) {
      if (s.student_id == student) return s;
    }
    ADD_FAILURE() << "student " << student << " not assessed";
    return {};
  }

  RunSummary run() {
    RunSummary summary;
    EXPECT_TRUE(write([&](Connection& db) -> Status {
                  CARTABLE_ASSIGN_OR_RETURN(summary, computeAlerts(db, clock_.now()));
                  return okStatus();
                }).ok());
    return summary;
  }

  std::int64_t scalar(const std::string& sql) {
    std::int64_t value = -1;
    EXPECT_TRUE(db_->read([&](Connection& db) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(auto found, db.scalarInt64(sql));
                     value = found.value_or(0);
                     return okStatus();
                   })
                    .ok());
    return value;
  }

  std::int64_t noticesTo(std::int64_t user) {
    return scalar("SELECT count(*) FROM notifications WHERE user_id = " + std::to_string(user) +
                  " AND kind = 'early_warning.alert'");
  }

  // Alice slips: absent three half-days over two weeks (one unjustified),
  // two missing hand-ins and one late.
  void aliceSlips() {
    mark(alice_, "2026-11-17", "08:00", "absent");
    mark(alice_, "2026-11-17", "10:00", "absent");  // the same morning
    mark(alice_, "2026-11-17", "14:00", "absent");
    mark(alice_, "2026-11-24", "09:00", "absent");
    justify(alice_, "2026-11-17", "accepted");
    homework("2026-11-10", {{bob_, 0}, {chloe_, 0}});
    homework("2026-11-20", {{alice_, 1}, {bob_, 0}, {chloe_, 0}});
    homework("2026-11-27", {{bob_, 0}, {chloe_, 0}});
  }

  // The school keeps the per-indicator thresholds rule.
  void useThresholdRule() {
    Thresholds t = defaultThresholds();
    t.rule = RuleKind::thresholds;
    ASSERT_TRUE(write([&](Connection& db) {
                  return saveThresholds(db, t, main_teacher_, clock_.now());
                }).ok());
  }

  std::vector<Alert> openAlerts() {
    std::vector<Alert> alerts;
    EXPECT_TRUE(db_->read([&](Connection& db) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(alerts, openAlertsOfClass(db, class_));
                     return okStatus();
                   })
                    .ok());
    return alerts;
  }

  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<storage::Database> db_;
  std::int64_t alice_ = 0, bob_ = 0, chloe_ = 0, main_teacher_ = 0, teacher_ = 0;
  std::int64_t maths_ = 0, class_ = 0;
};

TEST_F(EarlyWarningSchool, AbsencesCountByHalfDayAndOnlyUncoveredOnesAreUnjustified) {
  aliceSlips();
  mark(alice_, "2026-11-02", "08:00", "absent");  // the day before the window
  mark(bob_, "2026-11-25", "08:00", "absent");
  justify(bob_, "2026-11-25", "pending");  // on its way: not unjustified
  mark(bob_, "2026-11-26", "08:00", "late");
  mark(bob_, "2026-11-30", "15:00", "late");
  const StudentIndicators alice = indicatorsOf(alice_);
  EXPECT_EQ(alice.value(Indicator::absence_half_days), 3);
  EXPECT_EQ(alice.value(Indicator::unjustified_half_days), 1);
  EXPECT_EQ(alice.value(Indicator::lateness), 0);
  const StudentIndicators bob = indicatorsOf(bob_);
  EXPECT_EQ(bob.value(Indicator::absence_half_days), 1);
  EXPECT_EQ(bob.value(Indicator::unjustified_half_days), 0);
  EXPECT_EQ(bob.value(Indicator::lateness), 2);
  EXPECT_EQ(bob.weeks_with_signs, 1) << "25, 26 and 30 November: the week ending today";
}

TEST_F(EarlyWarningSchool, HandInsDueBeforeTodayAreMissingOrLate) {
  aliceSlips();
  homework("2026-11-30", {});  // due today: not missing yet
  homework("2026-10-30", {});  // before the window
  const StudentIndicators alice = indicatorsOf(alice_);
  EXPECT_EQ(alice.value(Indicator::missing_hand_ins), 2);
  EXPECT_EQ(alice.value(Indicator::late_hand_ins), 1);
  EXPECT_EQ(alice.weeks_with_signs, 3);  // weeks of 10, 17-20 and 24-27 November
  EXPECT_EQ(indicatorsOf(bob_).value(Indicator::missing_hand_ins), 0);
}

TEST_F(EarlyWarningSchool, GradesStandAgainstTheClassAndTheirTrendAgainstTheEarlierPeriod) {
  evaluation("2026-10-05", {{alice_, 14}, {bob_, 12}, {chloe_, 10}});  // mean 12: Alice +2
  evaluation("2026-10-19", {{alice_, 13}, {bob_, 12}, {chloe_, 11}});  // mean 12: Alice +1
  evaluation("2026-11-09", {{alice_, 8}, {bob_, 13}, {chloe_, 12}});   // mean 11: Alice -3
  evaluation("2026-11-23", {{alice_, 7}, {bob_, 12}, {chloe_, 14}});   // mean 11: Alice -4
  const StudentIndicators alice = indicatorsOf(alice_);
  EXPECT_EQ(alice.value(Indicator::grade_gap), 350);   // Maths 7.5 against 11
  EXPECT_EQ(alice.value(Indicator::grade_drop), 500);  // from +1.5 to -3.5
  ASSERT_EQ(alice.gaps.size(), 1u);
  EXPECT_EQ(alice.gaps[0].subject, "Maths");
  EXPECT_EQ(alice.gaps[0].student, 750);
  EXPECT_EQ(alice.gaps[0].class_mean, 1100);
  EXPECT_EQ(alice.weeks_with_signs, 2) << "two grades 3 points or more below the mean";
  EXPECT_EQ(indicatorsOf(bob_).value(Indicator::grade_gap), -150);
  EXPECT_FALSE(indicatorsOf(bob_).value(Indicator::quiz_mean).has_value());
}

TEST_F(EarlyWarningSchool, TheQuizMeanTakesEachQuizsBestAttemptInTheWindow) {
  ASSERT_TRUE(write([&](Connection& db) -> Status {
                for (int quiz = 1; quiz <= 2; ++quiz) {
                  CARTABLE_RETURN_IF_ERROR(db.exec(
                      "INSERT INTO quizzes(id, teacher_id, subject_id, class_id, title, state, "
                      "opens_at, closes_at, max_attempts, corrections, created_at, updated_at) "
                      "VALUES (?, ?, ?, ?, 'QCM', 'published', ?, ?, 3, 'after_attempt', 0, 0)",
                      quiz, teacher_, maths_, class_, at("2026-11-02"), at("2026-11-28")));
                }
                const auto attempt = [&](int quiz, int number, int score, const char* day) {
                  return db.exec(
                      "INSERT INTO quiz_attempts(quiz_id, student_id, number, score, out_of, "
                      "submitted_at) VALUES (?, ?, ?, ?, 400, ?)",
                      quiz, alice_, number, score, at(day));
                };
                CARTABLE_RETURN_IF_ERROR(attempt(1, 1, 100, "2026-11-05"));  // 5/20
                CARTABLE_RETURN_IF_ERROR(attempt(1, 2, 200, "2026-11-06"));  // 10/20, the best
                CARTABLE_RETURN_IF_ERROR(attempt(2, 1, 120, "2026-11-20"));  // 6/20
                return attempt(2, 2, 400, "2026-10-20");                     // before the window
              }).ok());
  const StudentIndicators alice = indicatorsOf(alice_);
  EXPECT_EQ(alice.value(Indicator::quiz_mean), 1000) << "quiz 1's best; quiz 2 began before";
  EXPECT_EQ(alice.usualValue(Indicator::quiz_mean), 2000);
}

TEST_F(EarlyWarningSchool, ANewAlertTellsTheMainTeacherOnceWithItsReasons) {
  useThresholdRule();
  aliceSlips();
  mark(alice_, "2026-11-12", "08:00", "absent");     // a fourth half-day, unjustified
  homework("2026-11-25", {{bob_, 0}, {chloe_, 0}});  // a third missing hand-in: none before
  const RunSummary first = run();
  EXPECT_EQ(first.students, 3);
  EXPECT_EQ(first.raised, 1);
  EXPECT_EQ(first.notices, 1);
  EXPECT_EQ(noticesTo(main_teacher_), 1);
  EXPECT_EQ(noticesTo(teacher_), 0);
  std::vector<Alert> alerts;
  ASSERT_TRUE(db_->read([&](Connection& db) -> Status {
                   CARTABLE_ASSIGN_OR_RETURN(alerts, openAlertsOfClass(db, class_));
                   return okStatus();
                 })
                  .ok());
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].student_id, alice_);
  EXPECT_EQ(alerts[0].level, 1);
  EXPECT_EQ(alerts[0].first_seen_on, "2026-11-30");
  EXPECT_EQ(alerts[0].class_code, "6A");
  ASSERT_EQ(alerts[0].reasons.size(), 3u);
  EXPECT_EQ(alerts[0].reasons[0], (Reason{Indicator::absence_half_days, 4, 4, 8, false, 0,
                                          "sur 3 semaines", std::nullopt, std::nullopt}));
  EXPECT_EQ(alerts[0].reasons[1], (Reason{Indicator::unjustified_half_days, 2, 2, 4, false, 0,
                                          "sur 2 semaines", std::nullopt, std::nullopt}));
  // Under its threshold of 4, but 3 above the usual 0: it rose.
  EXPECT_EQ(alerts[0].reasons[2].value, 3);
  EXPECT_EQ(alerts[0].reasons[2].threshold, 4);
  EXPECT_EQ(alerts[0].reasons[2].detail, "sur 2 semaines, +3 par rapport à l'habitude");
  EXPECT_EQ(alerts[0].weeks_with_signs, 3);  // the weeks ending 16, 23 and 30 November
}

TEST_F(EarlyWarningSchool, TheMainTeacherIsToldAgainOnlyWhenTheAlertRisesToLevelTwo) {
  useThresholdRule();
  aliceSlips();
  mark(alice_, "2026-11-12", "08:00", "absent");
  homework("2026-11-25", {{bob_, 0}, {chloe_, 0}});
  run();
  clock_.set(at("2026-11-30", 20));
  EXPECT_EQ(run().raised, 0) << "the same day again: nothing new";
  EXPECT_EQ(noticesTo(main_teacher_), 1);
  for (const char* day : {"2026-11-18", "2026-11-19", "2026-11-24"}) {
    mark(alice_, day, "08:00", "late");  // lateness, in two weeks: a third kind of sign
  }
  const RunSummary rose = run();
  EXPECT_EQ(rose.rose, 1);
  EXPECT_EQ(rose.notices, 1);
  EXPECT_EQ(noticesTo(main_teacher_), 2);
  EXPECT_EQ(scalar("SELECT level2_since = '2026-11-30' FROM early_warning_alerts"), 1);
  run();
  EXPECT_EQ(noticesTo(main_teacher_), 2) << "level 2 is told once";
  EXPECT_EQ(scalar("SELECT count(*) FROM early_warning_alerts"), 1);
}

TEST_F(EarlyWarningSchool, AnAlertNoLongerFoundIsClearedAndKeptInTheStudentsHistory) {
  useThresholdRule();
  aliceSlips();
  mark(alice_, "2026-11-12", "08:00", "absent");
  homework("2026-11-25", {{bob_, 0}, {chloe_, 0}});
  run();
  clock_.set(at("2027-01-11"));  // weeks later, nothing new happened
  const RunSummary later = run();
  EXPECT_EQ(later.cleared, 1);
  EXPECT_EQ(later.open_alerts, 0);
  std::vector<Alert> history;
  ASSERT_TRUE(db_->read([&](Connection& db) -> Status {
                   CARTABLE_ASSIGN_OR_RETURN(history, alertsOfStudent(db, alice_));
                   return okStatus();
                 })
                  .ok());
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].cleared_on, "2027-01-11");
  EXPECT_EQ(history[0].first_seen_on, "2026-11-30");
}

TEST_F(EarlyWarningSchool, TheClasssUsualIsTheMeanOfItsStudentsEarlierCounts) {
  mark(bob_, "2026-10-01", "08:00", "absent");  // the earlier period
  mark(bob_, "2026-10-01", "14:00", "absent");
  mark(chloe_, "2026-10-08", "08:00", "late");
  const StudentIndicators alice = indicatorsOf(alice_);
  const auto at = [](Indicator i) { return static_cast<std::size_t>(i); };
  // Two half-days among three students over eight weeks: 1/3 over four weeks.
  EXPECT_NEAR(alice.class_usual[at(Indicator::absence_half_days)], 1.0 / 3, 1e-9);
  EXPECT_NEAR(alice.class_usual[at(Indicator::lateness)], 1.0 / 6, 1e-9);
  EXPECT_EQ(alice.earlier[at(Indicator::absence_half_days)], 0);
  EXPECT_EQ(indicatorsOf(bob_).earlier[at(Indicator::absence_half_days)], 2);
}

TEST_F(EarlyWarningSchool, TheEvidenceRuleStoresEachReasonsEvidenceAndShare) {
  aliceSlips();
  mark(alice_, "2026-11-12", "08:00", "absent");
  for (const char* day : {"2026-11-18", "2026-11-19", "2026-11-24"}) {
    mark(alice_, day, "08:00", "late");
  }
  homework("2026-11-25", {{bob_, 0}, {chloe_, 0}});
  homework("2026-11-26", {{bob_, 0}, {chloe_, 0}});  // four missing hand-ins in all
  const StudentIndicators alice = indicatorsOf(alice_);
  const Assessment expected = assess(alice, defaultThresholds());
  EXPECT_GE(expected.level, 1);
  EXPECT_EQ(run().raised, 1);
  const std::vector<Alert> alerts = openAlerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].level, expected.level);
  EXPECT_EQ(alerts[0].reasons, expected.reasons) << "stored and read back as assessed";
  int shares = 0;
  for (const Reason& reason : alerts[0].reasons) {
    ASSERT_TRUE(reason.evidence && reason.share);
    EXPECT_GT(*reason.evidence, 0);
    shares += *reason.share;
  }
  EXPECT_NEAR(shares, 100, 1);
  EXPECT_EQ(alerts[0].reasons[0].indicator, Indicator::absence_half_days);
}

TEST_F(EarlyWarningSchool, TheDailyRunHappensOnceADay) {
  std::optional<RunSummary> first, second;
  ASSERT_TRUE(write([&](Connection& db) -> Status {
                CARTABLE_ASSIGN_OR_RETURN(first, computeAlertsIfDue(db, clock_.now()));
                CARTABLE_ASSIGN_OR_RETURN(second, computeAlertsIfDue(db, clock_.now() + 60));
                return okStatus();
              }).ok());
  EXPECT_TRUE(first.has_value());
  EXPECT_FALSE(second.has_value());
}

TEST_F(EarlyWarningSchool, TheSchoolsThresholdsOverrideTheDefaults) {
  Thresholds mine = defaultThresholds();
  mine.of(Indicator::lateness) = {5, 10};
  mine.min_weeks = 3;
  mine.rule = RuleKind::thresholds;
  mine.evidence = {350, 700, 900, 1200};
  Thresholds read;
  ASSERT_TRUE(write([&](Connection& db) -> Status {
                CARTABLE_RETURN_IF_ERROR(saveThresholds(db, mine, main_teacher_, clock_.now()));
                CARTABLE_ASSIGN_OR_RETURN(read, loadThresholds(db));
                return okStatus();
              }).ok());
  EXPECT_EQ(read, mine);
  mine.vigilance_count = 0;
  Status refused =
      write([&](Connection& db) { return saveThresholds(db, mine, main_teacher_, clock_.now()); });
  EXPECT_EQ(refused.error().field, "vigilance_count");
}

}  // namespace
}  // namespace cartable::early_warning
