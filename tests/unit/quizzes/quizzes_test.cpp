// The quizzes module on a real database: building, the window, attempts,
// freezing, results and the gradebook feed.
#include "quizzes/quizzes.h"

#include "quizzes/audience.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "core/base/clock.h"
#include "core/storage/migrations.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "grades/grades.h"
#include "schema/schema.h"
#include "support/temp_dir.h"
#include "timetable/timetable.h"

namespace cartable::quizzes {
namespace {

Seconds at(int year, unsigned month, unsigned day, int hour = 0, int minute = 0) {
  const std::chrono::sys_days days{std::chrono::year{year} / std::chrono::month{month} /
                                   std::chrono::day{day}};
  return Seconds{days.time_since_epoch().count()} * 86400 + hour * 3600 + minute * 60;
}

Answer picked(int index) {
  Answer a;
  a.blank = false;
  a.choice = index;
  return a;
}

Answer typed(std::string text) {
  Answer a;
  a.blank = false;
  a.text = std::move(text);
  return a;
}

// Class 6A (Alice, Bob) and 6B (Carol), a maths teacher, the first trimester,
// on Monday 7 September 2026 at 10:00.
class QuizSchool : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.set(at(2026, 9, 7, 10, 0));
    db_ = std::move(storage::Database::open(dir_.file("cartable.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
    Status built = write([&](storage::Connection& db) -> Status {
      using directory::Role;
      alice_ = person(db, "alice", "Martin", Role::student);
      bob_ = person(db, "bob", "Durand", Role::student);
      carol_ = person(db, "carol", "Petit", Role::student);
      teacher_ = person(db, "prof", "Maths", Role::teacher);
      CARTABLE_ASSIGN_OR_RETURN(maths_, directory::insertSubject(db, {0, "MATHS", "Maths"}));
      CARTABLE_ASSIGN_OR_RETURN(class_a_,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(class_b_,
                                directory::insertClass(db, {0, "6B", "6e B", "6e", "2026-2027"}));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, alice_, class_a_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, bob_, class_a_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, carol_, class_b_, "2026-09-01"));
      timetable::Calendar calendar;
      calendar.periods = {{"Trimestre 1", "2026-09-01", "2026-11-30"}};
      return timetable::setCalendar(db, calendar);
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  std::int64_t person(storage::Connection& db, const std::string& given, const std::string& family,
                      directory::Role role) {
    directory::NewUser user;
    user.login = given;
    user.given_name = given;
    user.family_name = family;
    user.roles = {role};
    return directory::insertUser(db, user, clock_.now()).value();
  }

  template <class Work>
  Status write(Work work) {
    return db_->write([&](storage::Connection& db) -> Status { return work(db); });
  }

  // Three questions worth 1 + 2 + 1 points, open Monday 14:00 to Friday 18:00.
  Quiz quiz() const {
    Quiz q;
    q.teacher_id = teacher_;
    q.subject_id = maths_;
    q.class_id = class_a_;
    q.title = "Fractions";
    q.opens_at = at(2026, 9, 7, 14, 0);
    q.closes_at = at(2026, 9, 11, 18, 0);
    q.max_attempts = 2;
    Question first;
    first.kind = Kind::single_choice;
    first.prompt = "1/2 + 1/4 ?";
    first.choices = {"2/6", "3/4", "1/8"};
    first.correct = {1};
    Question second;
    second.kind = Kind::number;
    second.prompt = "3/4 en décimal ?";
    second.points = 200;
    second.value = 750000;
    second.tolerance = 0;
    second.skills = {"Calcul"};
    Question third;
    third.kind = Kind::short_text;
    third.prompt = "Le nombre du bas s'appelle ?";
    third.accepted = {"dénominateur"};
    third.skills = {"Calcul", "Vocabulaire"};
    q.questions = {first, second, third};
    return q;
  }

  Result<std::int64_t> create(Quiz q) {
    std::int64_t id = 0;
    Status status = write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(id, createQuiz(db, q, clock_.now()));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return id;
  }

  std::int64_t published() {
    Quiz q = quiz();
    q.state = State::published;
    return create(q).value();
  }

  Result<Attempt> answer(std::int64_t quiz_id, std::int64_t student, std::vector<Answer> answers) {
    std::optional<Attempt> out;
    Status status = write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out, submitAttempt(db, quiz_id, student, answers, clock_.now()));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return *out;
  }

  std::vector<Answer> allRight() const { return {picked(1), typed("0,75"), typed("Denominateur")}; }

  Result<FedGradebook> feedGradebookNow(std::int64_t id, const GradebookFeed& feed) {
    std::optional<FedGradebook> out;
    Status status = write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out, feedGradebook(db, id, feed, teacher_, clock_.now()));
      return okStatus();
    });
    if (!status.ok()) return status.error();
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
  std::int64_t alice_ = 0, bob_ = 0, carol_ = 0, teacher_ = 0;
  std::int64_t maths_ = 0, class_a_ = 0, class_b_ = 0;
};

TEST_F(QuizSchool, ABadQuestionIsNamedAndNothingIsWritten) {
  Quiz q = quiz();
  q.questions[2].accepted.clear();
  q.questions[1].tolerance = -10000;
  auto created = create(q);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, Errc::invalid_argument);
  EXPECT_EQ(created.error().message, "\"questions[1].tolerance\" must be a number >= 0");
  EXPECT_EQ(count("SELECT count(*) FROM quizzes"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM quiz_questions"), 0);
}

TEST_F(QuizSchool, TheWindowMustBeInOrderAndNotOver) {
  Quiz q = quiz();
  q.closes_at = q.opens_at;
  EXPECT_EQ(create(q).error().field, "closes_at");
  q.opens_at = at(2026, 9, 1, 8, 0);
  q.closes_at = at(2026, 9, 7, 9, 0);
  EXPECT_EQ(create(q).error().message, "\"closes_at\" 07/09/2026 à 09:00 is already past");
  q = quiz();
  q.student_ids = {carol_};
  EXPECT_EQ(create(q).error().message,
            "\"student_ids[0]\" " + std::to_string(carol_) + " is not a student of the class");
}

TEST_F(QuizSchool, AnAttemptBeforeOrAfterTheWindowIsRefusedWithItsDate) {
  const std::int64_t id = published();
  auto early = answer(id, alice_, allRight());
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, Errc::conflict);
  EXPECT_EQ(early.error().field, "opens_at");
  EXPECT_EQ(early.error().message,
            "quiz " + std::to_string(id) + " opens on 07/09/2026 à 14:00; come back then");
  clock_.set(at(2026, 9, 11, 18, 0));
  auto late = answer(id, alice_, allRight());
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().field, "closes_at");
  EXPECT_EQ(late.error().message, "quiz " + std::to_string(id) +
                                      " closed on 11/09/2026 à 18:00: answers are no longer taken");
  clock_.set(at(2026, 9, 11, 17, 59));
  EXPECT_TRUE(answer(id, alice_, allRight()).ok());
}

TEST_F(QuizSchool, AQuizForChosenStudentsConcernsThemOnly) {
  Quiz q = quiz();
  q.student_ids = {bob_};
  const std::int64_t id = create(q).value();
  EXPECT_TRUE(read<bool>([&](storage::Connection& db) { return isAssignedTo(db, id, bob_); }));
  EXPECT_FALSE(read<bool>([&](storage::Connection& db) { return isAssignedTo(db, id, alice_); }));
  EXPECT_FALSE(read<bool>([&](storage::Connection& db) { return isAssignedTo(db, id, carol_); }));
  const std::int64_t whole = create(quiz()).value();
  EXPECT_TRUE(read<bool>([&](storage::Connection& db) { return isAssignedTo(db, whole, alice_); }));
}

TEST_F(QuizSchool, ADraftTakesNoAnswer) {
  const std::int64_t id = create(quiz()).value();
  clock_.set(at(2026, 9, 8, 9, 0));
  EXPECT_EQ(answer(id, alice_, allRight()).error().field, "state");
}

TEST_F(QuizSchool, AttemptsAreScoredAndLimited) {
  const std::int64_t id = published();
  clock_.set(at(2026, 9, 8, 9, 0));
  auto first = answer(id, alice_, {picked(0), typed("0.7"), typed("  DÉNOMINATEUR ")});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->number, 1);
  EXPECT_EQ(first->score, 100);
  EXPECT_EQ(first->out_of, 400);
  EXPECT_EQ(first->points, (std::vector<Points>{0, 0, 100}));
  auto second = answer(id, alice_, allRight());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->number, 2);
  EXPECT_EQ(second->score, 400);
  auto third = answer(id, alice_, allRight());
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().field, "attempts");
  EXPECT_EQ(third.error().message,
            "every attempt at quiz " + std::to_string(id) + " is used (2 allowed)");
  EXPECT_EQ(count("SELECT count(*) FROM quiz_attempts"), 2);
}

TEST_F(QuizSchool, StoredAttemptsReadBackWithTheAnswersGiven) {
  const std::int64_t id = published();
  clock_.set(at(2026, 9, 8, 9, 0));
  Answer blank;
  ASSERT_TRUE(answer(id, alice_, {picked(2), typed("0,7"), typed(" Numérateur ")}).ok());
  ASSERT_TRUE(answer(id, alice_, {blank, blank, typed("dénominateur")}).ok());
  const auto attempts = read<std::vector<Attempt>>(
      [&](storage::Connection& db) { return attemptsOf(db, id, alice_); });
  ASSERT_EQ(attempts.size(), 2u);
  const std::vector<Answer>& first = attempts[0].answers;
  ASSERT_EQ(first.size(), 3u);
  EXPECT_FALSE(first[0].blank);
  EXPECT_EQ(first[0].choice, 2);
  EXPECT_FALSE(first[1].blank);
  EXPECT_EQ(first[1].text, "0,7");
  EXPECT_EQ(first[2].text, " Numérateur ");
  EXPECT_TRUE(attempts[1].answers[0].blank);
  EXPECT_TRUE(attempts[1].answers[1].blank);
  EXPECT_EQ(attempts[1].answers[2].text, "dénominateur");
}

TEST_F(QuizSchool, AnUnreadableAnswerIsRefusedWithoutUsingAnAttempt) {
  const std::int64_t id = published();
  clock_.set(at(2026, 9, 8, 9, 0));
  auto refused = answer(id, alice_, {picked(1), typed("trois quarts"), Answer{}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "answers[1]");
  auto short_list = answer(id, alice_, {picked(1)});
  EXPECT_EQ(short_list.error().message, "\"answers\" must hold one answer per question (3), not 1");
  EXPECT_EQ(count("SELECT count(*) FROM quiz_attempts"), 0);
  EXPECT_EQ(answer(id, alice_, allRight())->number, 1);
}

TEST_F(QuizSchool, AQuizIsEditableUntilAStudentAnswersThenFrozen) {
  const std::int64_t id = published();
  Quiz changed = quiz();
  changed.id = id;
  changed.title = "Fractions (bis)";
  EXPECT_TRUE(
      write([&](storage::Connection& db) { return updateQuiz(db, changed, clock_.now()); }).ok());
  clock_.set(at(2026, 9, 8, 9, 0));
  ASSERT_TRUE(answer(id, bob_, allRight()).ok());
  Status frozen =
      write([&](storage::Connection& db) { return updateQuiz(db, changed, clock_.now()); });
  ASSERT_FALSE(frozen.ok());
  EXPECT_EQ(frozen.error().code, Errc::conflict);
  EXPECT_EQ(frozen.error().message,
            "quiz " + std::to_string(id) +
                " is frozen: 1 student has already answered it, so it can no longer be changed");
  Status deleted = write([&](storage::Connection& db) { return deleteQuiz(db, id); });
  EXPECT_EQ(deleted.error().code, Errc::conflict);
}

TEST_F(QuizSchool, CorrectionsFollowTheQuizSetting) {
  Quiz q = quiz();
  EXPECT_FALSE(correctionsVisible(q, 0, at(2026, 9, 8)));
  EXPECT_TRUE(correctionsVisible(q, 1, at(2026, 9, 8)));
  q.corrections = Corrections::after_close;
  EXPECT_FALSE(correctionsVisible(q, 1, at(2026, 9, 8)));
  EXPECT_TRUE(correctionsVisible(q, 1, q.closes_at));
}

TEST_F(QuizSchool, ResultsGivePerQuestionSuccessAndPerStudentScores) {
  const std::int64_t id = published();
  clock_.set(at(2026, 9, 8, 9, 0));
  // Alice: 1/4 then 4/4 (her best counts). Bob: 3/4 once. Nobody else.
  ASSERT_TRUE(answer(id, alice_, {picked(0), Answer{}, typed("denominateur")}).ok());
  ASSERT_TRUE(answer(id, alice_, allRight()).ok());
  ASSERT_TRUE(answer(id, bob_, {picked(1), typed("0,75"), typed("numérateur")}).ok());
  const Quiz stored = read<Quiz>([&](storage::Connection& db) { return getQuiz(db, id); });
  const Results results =
      read<Results>([&](storage::Connection& db) { return resultsOf(db, stored); });
  EXPECT_EQ(results.out_of, 400);
  ASSERT_EQ(results.students.size(), 2u);  // 6A only, by family name
  EXPECT_EQ(results.students[0].name, "bob Durand");
  EXPECT_EQ(results.students[0].attempts, 1);
  EXPECT_EQ(results.students[0].best_score, 300);
  EXPECT_EQ(results.students[1].name, "alice Martin");
  EXPECT_EQ(results.students[1].attempts, 2);
  EXPECT_EQ(results.students[1].best_score, 400);
  EXPECT_EQ(results.students[1].last_score, 400);
  ASSERT_EQ(results.questions.size(), 3u);
  EXPECT_EQ(results.questions[0].success_percent, 100);
  EXPECT_EQ(results.questions[1].success_percent, 100);
  EXPECT_EQ(results.questions[2].success_percent, 50);
  EXPECT_EQ(results.questions[2].mean_points, 50);
  ASSERT_EQ(results.skills.size(), 2u);
  EXPECT_EQ(results.skills[0].skill, "Calcul");
  EXPECT_EQ(results.skills[0].percent, 83);  // (2+2+1+0) / (3+3)
  EXPECT_EQ(results.skills[1].percent, 50);
}

TEST_F(QuizSchool, TheGradebookIsFedOnceWithBestScoresOnTwenty) {
  const std::int64_t id = published();
  clock_.set(at(2026, 9, 8, 9, 0));
  ASSERT_TRUE(answer(id, alice_, {picked(1), typed("0,8"), typed("dénominateur")}).ok());
  ASSERT_TRUE(answer(id, bob_, {picked(1), Answer{}, Answer{}}).ok());
  const GradebookFeed feed{"2026-09-14", std::nullopt, 200};
  auto open = feedGradebookNow(id, feed);
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.error().field, "closes_at");
  clock_.set(at(2026, 9, 12, 9, 0));
  auto fed = feedGradebookNow(id, feed);
  ASSERT_TRUE(fed.ok()) << fed.error().message;
  EXPECT_EQ(fed->scores, 2);
  const auto grid = read<grades::GradeGrid>(
      [&](storage::Connection& db) { return grades::gradeGrid(db, fed->evaluation_id); });
  EXPECT_EQ(grid.evaluation.title, "Fractions");
  EXPECT_EQ(grid.evaluation.out_of, 2000);
  EXPECT_EQ(grid.evaluation.coefficient, 200);
  ASSERT_EQ(grid.rows.size(), 2u);
  EXPECT_EQ(grid.rows[0].student_id, bob_);  // 1/4 → 5/20
  EXPECT_EQ(grid.rows[0].score->value, 500);
  EXPECT_EQ(grid.rows[1].student_id, alice_);  // 2/4 → 10/20
  EXPECT_EQ(grid.rows[1].score->value, 1000);
  auto again = feedGradebookNow(id, feed);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::conflict);
  EXPECT_EQ(again.error().message,
            "quiz " + std::to_string(id) + " already fed the gradebook: evaluation " +
                std::to_string(fed->evaluation_id) + " holds its scores; correct them there");
  EXPECT_EQ(count("SELECT count(*) FROM evaluations"), 1);
}

TEST_F(QuizSchool, OnTwentyRoundsHalfUp) {
  EXPECT_EQ(onTwenty(100, 300), 667);  // 6.666... → 6.67
  EXPECT_EQ(onTwenty(300, 400), 1500);
  EXPECT_EQ(onTwenty(0, 400), 0);
}

}  // namespace
}  // namespace cartable::quizzes
