// Quizzes through the HTTP API: what each role sees and may do, answers
// hidden until a student may see them, instant feedback, results and the
// gradebook feed, as a client reads them.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <chrono>
#include <map>

#include "directory/structure.h"
#include "support/test_node.h"
#include "timetable/timetable.h"

namespace cartable {
namespace {

using directory::Role;
using testing::Credentials;
using testing::HttpResult;
using testing::TestNode;

Seconds at(int year, unsigned month, unsigned day, int hour = 0, int minute = 0) {
  const std::chrono::sys_days days{std::chrono::year{year} / std::chrono::month{month} /
                                   std::chrono::day{day}};
  return Seconds{days.time_since_epoch().count()} * 86400 + hour * 3600 + minute * 60;
}

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

bool mentions(const std::string& body, const std::string& text) {
  return body.find(text) != std::string::npos;
}

// Class 6A: student 1 (parent 1), taught maths by teacher 1; class 6B:
// student 2 (parent 2), taught by teacher 2. Monday 7 September 2026, 10:00.
class QuizApi : public ::testing::Test {
 protected:
  void SetUp() override {
    student1_ = node_.addPerson("eleve.un", {Role::student});
    student2_ = node_.addPerson("eleve.deux", {Role::student});
    parent1_ = node_.addPerson("parent.un", {Role::parent});
    parent2_ = node_.addPerson("parent.deux", {Role::parent});
    teacher1_ = node_.addPerson("prof.un", {Role::teacher});
    teacher2_ = node_.addPerson("prof.deux", {Role::teacher});
    admin_ = node_.addPerson("direction", {Role::admin});
    node_.enrollTotp(admin_);
    node_.clock().set(at(2026, 9, 7, 10, 0));
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(class1_,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(auto class2,
                                directory::insertClass(db, {0, "6B", "6e B", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(maths_, directory::insertSubject(db, {0, "MATHS", "Maths"}));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student1_, class1_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student2_, class2, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {parent1_, student1_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {parent2_, student2_, true, "père"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher1_, maths_, class1_, std::nullopt, true}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher2_, maths_, class2, std::nullopt, true}));
      timetable::Calendar calendar;
      calendar.periods = {{"Trimestre 1", "2026-09-01", "2026-11-30"}};
      return timetable::setCalendar(db, calendar);
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  HttpResult as(std::int64_t who, const std::string& method, const std::string& path,
                const std::string& body = {}) {
    const Credentials credentials = node_.sessionFor(who);
    return node_.request(method, path, body, &credentials);
  }

  // Open Monday 14:00 to Friday 18:00; two attempts; a question of each kind.
  std::string quizBody(const std::string& extra = "") const {
    return R"({"subject_id":)" + std::to_string(maths_) + R"(,"class_id":)" +
           std::to_string(class1_) + R"(,"title":"Fractions","opens_at":)" +
           std::to_string(at(2026, 9, 7, 14)) + R"(,"closes_at":)" +
           std::to_string(at(2026, 9, 11, 18)) + R"(,"max_attempts":2,"questions":[)" +
           R"({"kind":"single_choice","prompt":"1/2 + 1/4 ?","choices":["2/6","3/4"],"correct":[1]},)" +
           R"({"kind":"multiple_choice","prompt":"Égales à 1/2 ?","choices":["2/4","3/6","2/3"],"correct":[0,1],"points":2},)" +
           R"({"kind":"number","prompt":"3/4 en décimal ?","value":0.75,"tolerance":0.01,"skills":["Calcul"]},)" +
           R"({"kind":"short_text","prompt":"Le nombre du bas ?","accepted":["dénominateur"]}])" +
           extra + "}";
  }

  std::string quizPath(std::int64_t id) const { return "/api/v1/quizzes/" + std::to_string(id); }

  std::int64_t createQuiz(const std::string& extra = "") {
    const auto created = as(teacher1_, "POST", "/api/v1/quizzes", quizBody(extra));
    EXPECT_EQ(created.status, 201) << created.body;
    return parse(created.body)->getValue<std::int64_t>("id");
  }

  std::int64_t publishedQuiz(const std::string& extra = "") {
    const std::int64_t id = createQuiz(extra);
    const auto published = as(teacher1_, "POST", quizPath(id) + "/publish");
    EXPECT_EQ(published.status, 200) << published.body;
    return id;
  }

  HttpResult answer(std::int64_t who, std::int64_t id, const std::string& answers) {
    return as(who, "POST", quizPath(id) + "/attempts", R"({"answers":)" + answers + "}");
  }

  std::int64_t count(const std::string& sql) {
    std::int64_t n = -1;
    EXPECT_TRUE(node_.node()
                    .database()
                    .read([&](storage::Connection& db) -> Status {
                      CARTABLE_ASSIGN_OR_RETURN(auto value, db.scalarInt64(sql));
                      n = value.value_or(-1);
                      return okStatus();
                    })
                    .ok());
    return n;
  }

  TestNode node_;
  std::int64_t student1_ = 0, student2_ = 0, parent1_ = 0, parent2_ = 0;
  std::int64_t teacher1_ = 0, teacher2_ = 0, admin_ = 0, class1_ = 0, maths_ = 0;
};

TEST_F(QuizApi, AStudentAnswersAndGetsInstantScoredFeedback) {
  const std::int64_t id = publishedQuiz();
  const auto early = answer(student1_, id, R"([1,[0,1],"0,75","Dénominateur"])");
  EXPECT_EQ(early.status, 409);
  EXPECT_TRUE(mentions(early.body, "opens on 07/09/2026 à 14:00")) << early.body;
  node_.clock().set(at(2026, 9, 8, 17, 30));
  const auto answered = answer(student1_, id, R"([1,[0],"0.76"," DENOMINATEUR "])");
  ASSERT_EQ(answered.status, 201) << answered.body;
  const auto feedback = parse(answered.body);
  EXPECT_EQ(feedback->getValue<double>("score"), 4.0);  // 1 + 1 (partial) + 1 + 1
  EXPECT_EQ(feedback->getValue<double>("out_of"), 5.0);
  EXPECT_EQ(feedback->getValue<int>("attempts_left"), 1);
  const auto answers = feedback->getArray("answers");
  EXPECT_EQ(answers->getObject(0)->getValue<std::string>("result"), "right");
  EXPECT_EQ(answers->getObject(1)->getValue<std::string>("result"), "partly_right");
  EXPECT_EQ(answers->getObject(1)->getValue<double>("points"), 1.0);
  EXPECT_EQ(answers->getObject(2)->getValue<std::string>("result"), "right");
  // Corrections come after the attempt, by default.
  EXPECT_TRUE(feedback->getObject("quiz")->getValue<bool>("corrections_visible"));
  EXPECT_TRUE(mentions(answered.body, R"("correction":{"correct":[0,1]})")) << answered.body;
}

TEST_F(QuizApi, StudentsNeverSeeTheAnswersBeforeSubmitting) {
  const std::int64_t id = publishedQuiz();
  node_.clock().set(at(2026, 9, 8, 9, 0));
  for (std::int64_t who : {student1_, parent1_}) {
    const auto read = as(who, "GET", quizPath(id));
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_FALSE(mentions(read.body, "\"correction\"")) << read.body;
    EXPECT_FALSE(mentions(read.body, "accepted")) << read.body;
    EXPECT_FALSE(mentions(read.body, "dénominateur")) << read.body;
    EXPECT_FALSE(mentions(read.body, "0.75")) << read.body;
  }
  const auto teacher = as(teacher1_, "GET", quizPath(id));
  EXPECT_TRUE(mentions(teacher.body, R"("accepted":["dénominateur"])")) << teacher.body;
  EXPECT_TRUE(mentions(teacher.body, R"("value":0.75,"tolerance":0.01)")) << teacher.body;
}

TEST_F(QuizApi, CorrectionsAfterTheCloseStayHiddenUntilTheQuizCloses) {
  const std::int64_t id = publishedQuiz(R"(,"corrections":"after_close")");
  node_.clock().set(at(2026, 9, 8, 9, 0));
  const auto answered = answer(student1_, id, R"([0,null,null,"numérateur"])");
  ASSERT_EQ(answered.status, 201) << answered.body;
  EXPECT_FALSE(mentions(answered.body, "correction\":")) << answered.body;
  EXPECT_FALSE(mentions(as(student1_, "GET", quizPath(id)).body, "\"correction\""));
  node_.clock().set(at(2026, 9, 11, 18, 0));
  const auto closed = as(student1_, "GET", quizPath(id));
  EXPECT_TRUE(mentions(closed.body, R"("correction":{"accepted":["dénominateur"]})"))
      << closed.body;
  const auto parent = as(parent1_, "GET", quizPath(id));
  EXPECT_TRUE(mentions(parent.body, R"("correction":{"correct":[1]})")) << parent.body;
  const auto late = answer(student1_, id, R"([1,null,null,null])");
  EXPECT_EQ(late.status, 409);
  EXPECT_TRUE(mentions(late.body, "closed on 11/09/2026 à 18:00")) << late.body;
}

TEST_F(QuizApi, WhoSeesAQuizAndWhoGets404) {
  const std::int64_t draft = createQuiz();
  // A draft: the teacher side only.
  EXPECT_EQ(as(teacher1_, "GET", quizPath(draft)).status, 200);
  EXPECT_EQ(as(admin_, "GET", quizPath(draft)).status, 200);
  EXPECT_EQ(as(student1_, "GET", quizPath(draft)).status, 404);
  EXPECT_EQ(as(parent1_, "GET", quizPath(draft)).status, 404);
  const std::int64_t id = publishedQuiz();
  EXPECT_EQ(as(student1_, "GET", quizPath(id)).status, 200);
  const auto parent = as(parent1_, "GET", quizPath(id));
  ASSERT_EQ(parent.status, 200);
  EXPECT_EQ(
      parse(parent.body)->getArray("children")->getObject(0)->getValue<std::int64_t>("student_id"),
      student1_);
  // Another class's student, family and teacher: as if it did not exist.
  for (std::int64_t outsider : {student2_, parent2_, teacher2_}) {
    const auto hidden = as(outsider, "GET", quizPath(id));
    EXPECT_EQ(hidden.status, 404) << hidden.body;
    EXPECT_EQ(answer(outsider, id, "[1,null,null,null]").status, 404);
    EXPECT_EQ(as(outsider, "GET", quizPath(id) + "/results").status, 404);
  }
  // Those who see it but may not act: 403.
  EXPECT_EQ(as(student1_, "GET", quizPath(id) + "/results").status, 403);
  EXPECT_EQ(as(parent1_, "POST", quizPath(id) + "/attempts", R"({"answers":[]})").status, 403);
  EXPECT_EQ(as(student1_, "PATCH", quizPath(id), R"({"title":"x"})").status, 403);
  EXPECT_EQ(as(teacher1_, "GET", quizPath(id) + "/results").status, 200);
}

TEST_F(QuizApi, AnotherTeacherOfTheClassReadsTheKeyAndResultsButCannotChangeIt) {
  const std::int64_t french_teacher = node_.addPerson("prof.francais", {Role::teacher});
  Status added = node_.node().database().write([&](storage::Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(auto french, directory::insertSubject(db, {0, "FR", "Français"}));
    CARTABLE_RETURN_IF_ERROR(
        directory::insertAssignment(db, {0, french_teacher, french, class1_, std::nullopt, false}));
    return okStatus();
  });
  ASSERT_TRUE(added.ok()) << added.error().message;
  const std::int64_t id = publishedQuiz();
  const auto read = as(french_teacher, "GET", quizPath(id));
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_TRUE(mentions(read.body, R"("correction":{"correct":[1]})")) << read.body;
  EXPECT_EQ(as(french_teacher, "GET", quizPath(id) + "/results").status, 200);
  EXPECT_EQ(as(french_teacher, "PATCH", quizPath(id), R"({"title":"Autre"})").status, 403);
  EXPECT_EQ(as(french_teacher, "POST", quizPath(id) + "/gradebook", "").status, 403);
}

TEST_F(QuizApi, AnOutsiderCannotTellAHiddenQuizFromAMissingOne) {
  const std::int64_t id = publishedQuiz();
  const auto hidden = as(student2_, "GET", quizPath(id));
  const auto missing = as(student2_, "GET", quizPath(id + 1000));
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(mentions(hidden.body, "no quiz with id " + std::to_string(id))) << hidden.body;
  EXPECT_TRUE(mentions(missing.body, "no quiz with id " + std::to_string(id + 1000)));
}

TEST_F(QuizApi, ABadQuestionIsNamedAndNothingIsWritten) {
  const std::string body = quizBody();
  std::string bad = body;
  bad.replace(bad.find(R"("tolerance":0.01)"), 16, R"("tolerance":-1)");
  const auto refused = as(teacher1_, "POST", "/api/v1/quizzes", bad);
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(mentions(refused.body, R"("field":"questions[2].tolerance")")) << refused.body;
  EXPECT_TRUE(mentions(refused.body, "must be a number >= 0")) << refused.body;
  bad = body;
  bad.replace(bad.find(R"("correct":[1])"), 13, R"("correct":[4])");
  const auto no_choice = as(teacher1_, "POST", "/api/v1/quizzes", bad);
  EXPECT_EQ(no_choice.status, 422);
  EXPECT_TRUE(mentions(no_choice.body, R"("field":"questions[0].correct[0]")")) << no_choice.body;
  bad = body;
  bad.replace(bad.find(R"("kind":"number")"), 15, R"("kind":"essay")");
  EXPECT_TRUE(mentions(as(teacher1_, "POST", "/api/v1/quizzes", bad).body,
                       R"("field":"questions[2].kind")"));
  EXPECT_EQ(count("SELECT count(*) FROM quizzes"), 0);
}

TEST_F(QuizApi, APublishedQuizIsFrozenOnceAStudentHasAnswered) {
  const std::int64_t id = publishedQuiz();
  EXPECT_EQ(as(teacher1_, "PATCH", quizPath(id), R"({"title":"Fractions 1"})").status, 200);
  node_.clock().set(at(2026, 9, 8, 9, 0));
  ASSERT_EQ(answer(student1_, id, "[1,null,null,null]").status, 201);
  const auto frozen = as(teacher1_, "PATCH", quizPath(id), R"({"title":"Fractions 2"})");
  EXPECT_EQ(frozen.status, 409);
  EXPECT_TRUE(mentions(frozen.body, "is frozen: 1 student has already answered it")) << frozen.body;
  EXPECT_EQ(as(teacher1_, "DELETE", quizPath(id)).status, 409);
}

TEST_F(QuizApi, ResultsAndAOneTimeGradebookFeed) {
  const std::int64_t id = publishedQuiz();
  node_.clock().set(at(2026, 9, 8, 9, 0));
  ASSERT_EQ(answer(student1_, id, R"([0,[0],"1",null])").status, 201);                 // 1/5
  ASSERT_EQ(answer(student1_, id, R"([1,[0,1],"0.75","Dénominateur"])").status, 201);  // 5/5
  const auto results = as(teacher1_, "GET", quizPath(id) + "/results");
  ASSERT_EQ(results.status, 200) << results.body;
  const auto read = parse(results.body);
  const auto student = read->getArray("students")->getObject(0);
  EXPECT_EQ(student->getValue<int>("attempts"), 2);
  EXPECT_EQ(student->getValue<double>("best_score"), 5.0);
  EXPECT_EQ(student->getValue<double>("best_on_twenty"), 20.0);
  EXPECT_EQ(read->getArray("questions")->getObject(3)->getValue<int>("success_percent"), 100);

  const auto open = as(teacher1_, "POST", quizPath(id) + "/gradebook", "");
  EXPECT_EQ(open.status, 409);
  EXPECT_TRUE(mentions(open.body, "once it has closed")) << open.body;
  node_.clock().set(at(2026, 9, 12, 9, 0));
  const auto fed =
      as(teacher1_, "POST", quizPath(id) + "/gradebook", R"({"title":"Quiz fractions"})");
  ASSERT_EQ(fed.status, 201) << fed.body;
  const std::int64_t evaluation = parse(fed.body)->getValue<std::int64_t>("evaluation_id");
  EXPECT_EQ(parse(fed.body)->getValue<int>("scores"), 1);
  const auto grid = as(teacher1_, "GET", "/api/v1/evaluations/" + std::to_string(evaluation));
  EXPECT_TRUE(mentions(grid.body, R"("title":"Quiz fractions")")) << grid.body;
  EXPECT_TRUE(mentions(grid.body, R"("value":20)")) << grid.body;
  const auto again = as(teacher1_, "POST", quizPath(id) + "/gradebook", "");
  EXPECT_EQ(again.status, 409);
  EXPECT_TRUE(
      mentions(again.body, "already fed the gradebook: evaluation " + std::to_string(evaluation)))
      << again.body;
  EXPECT_EQ(count("SELECT count(*) FROM evaluations"), 1);
}

TEST_F(QuizApi, ListsShowEachStudentTheirQuizzesWithProgress) {
  const std::int64_t draft = createQuiz();
  const std::int64_t id = publishedQuiz();
  node_.clock().set(at(2026, 9, 8, 9, 0));
  ASSERT_EQ(answer(student1_, id, "[1,null,null,null]").status, 201);
  const auto mine = as(student1_, "GET", "/api/v1/quizzes");
  ASSERT_EQ(mine.status, 200) << mine.body;
  const auto items = parse(mine.body)->getArray("items");
  ASSERT_EQ(items->size(), 1u);  // not the draft
  EXPECT_EQ(items->getObject(0)->getObject("progress")->getValue<int>("attempts_left"), 1);
  const auto child = as(parent1_, "GET", "/api/v1/quizzes?student_id=" + std::to_string(student1_));
  EXPECT_EQ(parse(child.body)->getArray("items")->size(), 1u);
  EXPECT_EQ(as(parent2_, "GET", "/api/v1/quizzes?student_id=" + std::to_string(student1_)).status,
            403);
  const auto set = as(teacher1_, "GET", "/api/v1/quizzes");
  EXPECT_EQ(parse(set.body)->getArray("items")->size(), 2u);
  EXPECT_NE(draft, id);
}

TEST_F(QuizApi, TheTeachersListSaysHowManyStudentsAnsweredEachQuiz) {
  const std::int64_t draft = createQuiz();
  const std::int64_t id = publishedQuiz();
  node_.clock().set(at(2026, 9, 8, 9, 0));
  ASSERT_EQ(answer(student1_, id, "[1,null,null,null]").status, 201);
  ASSERT_EQ(answer(student1_, id, "[0,null,null,null]").status, 201);
  const auto set = as(teacher1_, "GET", "/api/v1/quizzes");
  ASSERT_EQ(set.status, 200) << set.body;
  std::map<std::int64_t, int> answered;
  const auto items = parse(set.body)->getArray("items");
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto item = items->getObject(static_cast<unsigned>(i));
    answered[item->getValue<std::int64_t>("id")] = item->getValue<int>("answered_by");
  }
  EXPECT_EQ(answered, (std::map<std::int64_t, int>{{draft, 0}, {id, 1}}));
}

TEST_F(QuizApi, ResultsListTheCommonWrongAnswersOfEachQuestion) {
  const std::int64_t id = publishedQuiz();
  node_.clock().set(at(2026, 9, 8, 9, 0));
  // The best attempt counts: the first one (0/5) is not read.
  ASSERT_EQ(answer(student1_, id, R"([0,null,"2",null])").status, 201);
  ASSERT_EQ(answer(student1_, id, R"([1,[2,0],"0,80"," Numérateur "])").status, 201);  // 1/5
  const auto results = as(teacher1_, "GET", quizPath(id) + "/results");
  ASSERT_EQ(results.status, 200) << results.body;
  const auto questions = parse(results.body)->getArray("questions");
  const auto wrong = [&](unsigned position) {
    const auto list = questions->getObject(position)->getArray("wrong_answers");
    std::vector<std::pair<std::string, int>> out;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto item = list->getObject(static_cast<unsigned>(i));
      out.emplace_back(item->getValue<std::string>("answer"), item->getValue<int>("count"));
    }
    return out;
  };
  using Answers = std::vector<std::pair<std::string, int>>;
  EXPECT_EQ(wrong(0), Answers{});
  EXPECT_EQ(wrong(1), (Answers{{"2/4 ; 2/3", 1}}));  // the ticks in the choices' order
  EXPECT_EQ(wrong(2), (Answers{{"0.8", 1}}));
  EXPECT_EQ(wrong(3), (Answers{{"numerateur", 1}}));
}

TEST_F(QuizApi, EveryBodyRouteRefusesMalformedJsonAndNamesUnknownFields) {
  const std::int64_t id = publishedQuiz();
  node_.clock().set(at(2026, 9, 8, 9, 0));
  const std::vector<std::pair<std::int64_t, std::string>> routes = {
      {teacher1_, "/api/v1/quizzes"},
      {teacher1_, quizPath(id)},
      {student1_, quizPath(id) + "/attempts"},
      {teacher1_, quizPath(id) + "/gradebook"}};
  for (const auto& [who, path] : routes) {
    const std::string method = path == quizPath(id) ? "PATCH" : "POST";
    EXPECT_EQ(as(who, method, path, "{\"title\":").status, 400) << path;
    const auto unknown = as(who, method, path, R"({"surprise":1})");
    EXPECT_EQ(unknown.status, 422) << path << " " << unknown.body;
    EXPECT_TRUE(mentions(unknown.body, R"("field":"surprise")")) << path << " " << unknown.body;
  }
  const auto mistyped = answer(student1_, id, R"(["1",null,null,null])");
  EXPECT_EQ(mistyped.status, 422);
  EXPECT_TRUE(mentions(mistyped.body, R"("field":"answers[0]")")) << mistyped.body;
  EXPECT_EQ(count("SELECT count(*) FROM quiz_attempts"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM quizzes"), 1);
}

}  // namespace
}  // namespace cartable
