// Formative quizzes (QCM): a teacher builds questions (single or multiple
// choice, a number with a tolerance, a short text with accepted answers) for
// a class, a group or chosen students of it, open from `opens_at` to
// `closes_at`; students answer in one or several attempts, each scored as it
// is submitted; the teacher reads the results per question and per student,
// and may feed the gradebook once with each student's best score on 20.
//
// A quiz is a draft until published (students see published quizzes only).
// Its questions and settings can change until a student has answered it; then
// it is frozen. Points are integer hundredths (1.5 is 150); the numbers of
// number questions are integer millionths (3.14 is 3140000).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "quizzes/scoring.h"

namespace cartable::quizzes {

// When a student sees the correct answers: once they have submitted an
// attempt (the default), or only once the quiz has closed. Before either,
// never; after the close, every student of the quiz sees them.
enum class Corrections { after_attempt, after_close };
std::string_view correctionsName(Corrections value);  // "after_attempt", "after_close"
std::optional<Corrections> parseCorrections(std::string_view name);

enum class State { draft, published };
std::string_view stateName(State value);  // "draft", "published"

struct Quiz {
  std::int64_t id = 0;
  std::optional<std::int64_t> teacher_id;  // who set it (empty once their account is gone)
  std::int64_t subject_id = 0;
  std::optional<std::int64_t> class_id;  // exactly one of class_id, group_id
  std::optional<std::int64_t> group_id;
  std::vector<std::int64_t> student_ids;  // chosen students; empty: the whole class or group
  std::string title;                      // 1..200 characters
  std::string instructions;               // up to 5000 characters
  State state = State::draft;
  Seconds opens_at = 0;
  Seconds closes_at = 0;  // after opens_at
  int max_attempts = 1;   // 1..10
  Corrections corrections = Corrections::after_attempt;
  std::vector<Question> questions;            // 1..100, numbered from 1 by their order
  std::optional<std::int64_t> evaluation_id;  // the evaluation it fed, once it has
  Seconds created_at = 0;
  Seconds updated_at = 0;

  Points outOf() const;  // the sum of the questions' points
};

// Checks `quiz` (set by quiz.teacher_id, who must teach its class or group,
// which access checks) and inserts it as a draft or published as `quiz.state`
// says; publishing notifies its students and their parents. invalid_argument
// names the field: "subject_id", "class_id", "group_id", "student_ids[i]",
// "title", "instructions", "opens_at", "closes_at" (not after opens_at, or
// already past), "max_attempts", "questions", "questions[i].<field>".
Result<std::int64_t> createQuiz(storage::Connection& db, const Quiz& quiz, Seconds now);

// The quiz with its questions and chosen students; not_found when absent.
Result<Quiz> getQuiz(storage::Connection& db, std::int64_t id);

// Replaces what may change of quiz `updated.id` (everything but the teacher,
// the class or group and the state), checked as by createQuiz. conflict once a
// student has answered it ("frozen"); invalid_argument on "class_id" when the
// class or group changes.
Status updateQuiz(storage::Connection& db, const Quiz& updated, Seconds now);

// Publishes a draft and notifies its students and their parents
// ("homework.quiz"); conflict when it is already published or closed.
Status publishQuiz(storage::Connection& db, std::int64_t id, Seconds now);

// Deletes the quiz; conflict once a student has answered it.
Status deleteQuiz(storage::Connection& db, std::int64_t id);

// The students who have the quiz: the chosen ones, or the class or group.
Result<std::vector<std::int64_t>> studentsOfQuiz(storage::Connection& db, const Quiz& quiz);

// How many attempts have been submitted (by anyone).
Result<std::int64_t> attemptCount(storage::Connection& db, std::int64_t quiz_id);

// The quizzes set by `teacher_id`, the latest closing first (at most 200).
Result<std::vector<Quiz>> quizzesSetBy(storage::Connection& db, std::int64_t teacher_id);
// The published quizzes `student_id` has, the latest closing first (at most 200).
Result<std::vector<Quiz>> quizzesOfStudent(storage::Connection& db, std::int64_t student_id);

struct Attempt {
  std::int64_t id = 0;
  std::int64_t quiz_id = 0;
  std::int64_t student_id = 0;
  int number = 0;  // 1 for the student's first
  Points score = 0;
  Points out_of = 0;
  Seconds submitted_at = 0;
  std::vector<Answer> answers;  // one per question, in order
  std::vector<Points> points;   // earned per question
};

// Scores and records the answers of `student_id` (who must have the quiz,
// which access checks). conflict naming "opens_at" before the window,
// "closes_at" after it, "attempts" when every attempt is used, "state" for a
// draft. invalid_argument naming "answers" (not one per question) or
// "answers[i]" (an answer that does not fit its question: a choice that does
// not exist, a number that cannot be read). Nothing is written when refused.
Result<Attempt> submitAttempt(storage::Connection& db, std::int64_t quiz_id,
                              std::int64_t student_id, const std::vector<Answer>& answers,
                              Seconds now);

// The attempts of `student_id` at the quiz, in order.
Result<std::vector<Attempt>> attemptsOf(storage::Connection& db, std::int64_t quiz_id,
                                        std::int64_t student_id);

// True when `attempts` (a student's) let them see the quiz's correct answers at `now`.
bool correctionsVisible(const Quiz& quiz, std::size_t attempts, Seconds now);

// The highest score among `attempts`; none without an attempt.
std::optional<Points> bestScore(const std::vector<Attempt>& attempts);

// What the teacher reads.
struct StudentResult {
  std::int64_t student_id = 0;
  std::string name;  // "Given Family"
  int attempts = 0;
  std::optional<Points> best_score;  // none before a first attempt
  std::optional<Points> last_score;
  std::optional<Seconds> last_submitted_at;
};
// A wrong (or partly right) answer and how many students gave it.
struct WrongAnswer {
  std::string answer;  // choice labels joined by " ; ", a number as formatDecimal, a short
                       // text normalised (normaliseShortText)
  int students = 0;
};
// Per question, over each student's best attempt (their first best one).
struct QuestionResult {
  int position = 0;
  int answered = 0;        // students with an attempt who answered it (not left blank)
  int succeeded = 0;       // students whose best attempt earned its full points
  int students = 0;        // students with an attempt
  Points mean_points = 0;  // mean earned, rounded half up to hundredths
  // succeeded / students as a percentage rounded half up; none before any attempt
  std::optional<int> success_percent;
  // The answers given that did not earn the full points (blank ones aside),
  // the most frequent first, then by answer; at most 3.
  std::vector<WrongAnswer> wrong_answers;
};
struct SkillResult {
  std::string skill;
  std::vector<int> positions;  // the questions linked to it
  Points earned = 0;           // over every best attempt
  Points possible = 0;
  std::optional<int> percent;  // earned / possible, rounded half up
};
struct Results {
  Points out_of = 0;
  std::vector<StudentResult> students;  // every student of the quiz, by family then given name
  std::vector<QuestionResult> questions;
  std::vector<SkillResult> skills;  // by label
};
Result<Results> resultsOf(storage::Connection& db, const Quiz& quiz);

// A score on `out_of` brought to /20, rounded half up to hundredths.
Points onTwenty(Points score, Points out_of);

struct GradebookFeed {
  std::string date;                  // the evaluation's date (inside a period of the calendar)
  std::optional<std::string> title;  // default: the quiz's title
  Points coefficient = 100;
};
struct FedGradebook {
  std::int64_t evaluation_id = 0;
  int scores = 0;  // students scored
};
// Creates, once, an evaluation of the gradebook (the quiz's subject, class or
// group and teacher, out of 20, visible from `feed.date`) with each student's
// best score brought to /20. Students without an attempt, and students no
// longer in the class or group, get no score. conflict when the quiz is
// still open or already fed the gradebook (naming that evaluation); the
// evaluation's own checks name "date", "title" or "coefficient".
Result<FedGradebook> feedGradebook(storage::Connection& db, std::int64_t quiz_id,
                                   const GradebookFeed& feed, std::int64_t author_id, Seconds now);

}  // namespace cartable::quizzes
