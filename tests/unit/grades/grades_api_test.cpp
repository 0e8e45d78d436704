// Grades through the HTTP API: status codes, problem fields and the bodies a
// teacher, a student and a parent see.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <chrono>

#include "directory/structure.h"
#include "grades/grades.h"
#include "support/test_node.h"
#include "timetable/timetable.h"

namespace cartable {
namespace {

using directory::Role;
using testing::Credentials;
using testing::TestNode;

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

Seconds noonOf(int year, unsigned month, unsigned day) {
  const std::chrono::sys_days days{std::chrono::year{year} / month / day};
  return days.time_since_epoch().count() * 86400 + 12 * 3600;
}

class GradesApi : public ::testing::Test {
 protected:
  void SetUp() override {
    node_.clock().set(noonOf(2026, 10, 1));
    student_ = node_.addPerson("eleve.un", {Role::student});
    classmate_ = node_.addPerson("eleve.deux", {Role::student});
    outsider_ = node_.addPerson("eleve.trois", {Role::student});
    parent_ = node_.addPerson("parent.un", {Role::parent});
    teacher_ = node_.addPerson("prof.un", {Role::teacher});
    admin_ = node_.addPerson("direction", {Role::admin});
    node_.enrollTotp(admin_);
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(class_,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(auto other,
                                directory::insertClass(db, {0, "6B", "6e B", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(subject_,
                                directory::insertSubject(db, {0, "MATHS", "Mathématiques"}));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student_, class_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, classmate_, class_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, outsider_, other, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {parent_, student_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher_, subject_, class_, std::nullopt, false}));
      timetable::Calendar calendar;
      calendar.periods = {{"Trimestre 1", "2026-09-01", "2026-11-30"},
                          {"Trimestre 2", "2026-12-01", "2027-02-28"}};
      return timetable::setCalendar(db, calendar);
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
    teacher_session_ = node_.sessionFor(teacher_);
  }

  // Creates an evaluation of the class as its teacher; returns its id.
  std::int64_t createEvaluation(const std::string& extra = "") {
    const auto created =
        node_.request("POST", "/api/v1/evaluations",
                      R"({"subject_id":)" + std::to_string(subject_) + R"(,"class_id":)" +
                          std::to_string(class_) +
                          R"(,"date":"2026-09-28","title":"Contrôle","out_of":20)" + extra + "}",
                      &teacher_session_);
    EXPECT_EQ(created.status, 201) << created.body;
    return parse(created.body)->getValue<std::int64_t>("id");
  }

  testing::HttpResult putScores(std::int64_t evaluation, const std::string& items) {
    return node_.request("PUT", "/api/v1/evaluations/" + std::to_string(evaluation) + "/scores",
                         R"({"scores":[)" + items + "]}", &teacher_session_);
  }

  std::string scoreItem(std::int64_t student, const std::string& value) const {
    return R"({"student_id":)" + std::to_string(student) + R"(,"value":)" + value + "}";
  }

  testing::HttpResult grades(const Credentials& who, const std::string& query) {
    return node_.request("GET", "/api/v1/grades" + query, "", &who);
  }

  static void expectProblem(const testing::HttpResult& result, int status, const std::string& field,
                            const std::string& detail = {}) {
    EXPECT_EQ(result.status, status) << result.body;
    const auto problem = parse(result.body);
    EXPECT_EQ(problem->getValue<std::string>("field"), field) << result.body;
    if (!detail.empty()) {
      EXPECT_EQ(problem->getValue<std::string>("detail"), detail);
    }
  }

  TestNode node_;
  Credentials teacher_session_;
  std::int64_t student_ = 0, classmate_ = 0, outsider_ = 0, parent_ = 0, teacher_ = 0, admin_ = 0;
  std::int64_t class_ = 0, subject_ = 0;
};

TEST_F(GradesApi, ATeacherCreatesAnEvaluationVisibleFromItsDateByDefault) {
  const auto created = node_.request(
      "POST", "/api/v1/evaluations",
      R"({"subject_id":)" + std::to_string(subject_) + R"(,"class_id":)" + std::to_string(class_) +
          R"(,"date":"2026-09-28","title":"QCM","out_of":10,"coefficient":0.5})",
      &teacher_session_);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto body = parse(created.body);
  EXPECT_EQ(body->getValue<double>("out_of"), 10);
  EXPECT_EQ(body->getValue<double>("coefficient"), 0.5);
  EXPECT_EQ(body->getValue<std::string>("visible_from"), "2026-09-28");
  EXPECT_EQ(body->getValue<int>("period"), 1);
  EXPECT_EQ(body->getValue<std::int64_t>("teacher_id"), teacher_);
}

TEST_F(GradesApi, BadEvaluationsAre422NamingTheField) {
  const std::string start =
      R"({"subject_id":)" + std::to_string(subject_) + R"(,"class_id":)" + std::to_string(class_);
  auto post = [&](const std::string& rest) {
    return node_.request("POST", "/api/v1/evaluations", start + rest, &teacher_session_);
  };
  expectProblem(post(R"(,"date":"2026-08-20","title":"T","out_of":20})"), 422, "date",
                "\"date\" 2026-08-20 is outside every period of the school calendar");
  expectProblem(post(R"(,"date":"2026-09-20","title":"T","out_of":120})"), 422, "out_of");
  expectProblem(post(R"(,"date":"2026-09-20","title":"T"})"), 422, "out_of");
  expectProblem(post(R"(,"date":"2026-09-20","title":"T","out_of":20,"coefficient":0.125})"), 422,
                "coefficient", "\"coefficient\" must be a number with at most 2 decimals");
  const auto listed = node_.request("GET", "/api/v1/evaluations", "", &teacher_session_);
  EXPECT_EQ(parse(listed.body)->getArray("items")->size(), 0u);
}

TEST_F(GradesApi, ABulkEntryWithOneBadItemWritesNothing) {
  const std::int64_t id = createEvaluation();
  ASSERT_EQ(putScores(id, scoreItem(student_, "12")).status, 200);
  expectProblem(putScores(id, scoreItem(student_, "14") + "," + scoreItem(classmate_, "21")), 422,
                "scores[1].value", "\"scores[1].value\" 21 is above the evaluation's maximum 20");
  expectProblem(putScores(id, scoreItem(student_, "14") + "," + scoreItem(outsider_, "15")), 422,
                "scores[1].student_id");
  expectProblem(putScores(id, scoreItem(student_, "14.125")), 422, "scores[0].value",
                "\"scores[0].value\" must be a number with at most 2 decimals");
  expectProblem(
      putScores(id, R"({"student_id":)" + std::to_string(student_) + R"(,"mark":"sick"})"), 422,
      "scores[0].mark");

  const auto grid =
      node_.request("GET", "/api/v1/evaluations/" + std::to_string(id), "", &teacher_session_);
  ASSERT_EQ(grid.status, 200) << grid.body;
  const auto rows = parse(grid.body)->getArray("scores");
  ASSERT_EQ(rows->size(), 2u);
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const auto row = rows->getObject(static_cast<unsigned>(i));
    if (row->getValue<std::int64_t>("student_id") == student_) {
      EXPECT_EQ(row->getObject("score")->getValue<double>("value"), 12) << grid.body;
    } else {
      EXPECT_TRUE(row->isNull("score")) << grid.body;
    }
  }
}

TEST_F(GradesApi, StudentsSeeAGradeOnlyFromItsVisibleDateAndParentsAreToldThen) {
  const std::int64_t id = createEvaluation(R"(,"visible_from":"2026-10-05","coefficient":2)");
  const auto entered =
      putScores(id, scoreItem(student_, "15.5") + R"(,{"student_id":)" +
                        std::to_string(classmate_) + R"(,"mark":"absent","comment":"Malade"})");
  ASSERT_EQ(entered.status, 200) << entered.body;

  const Credentials student = node_.sessionFor(student_);
  const auto hidden = grades(student, "?period=1");
  ASSERT_EQ(hidden.status, 200) << hidden.body;
  EXPECT_EQ(parse(hidden.body)->getArray("subjects")->size(), 0u);
  EXPECT_TRUE(parse(hidden.body)->isNull("general_average"));
  // The teacher sees it already.
  const auto teacher_view =
      grades(teacher_session_, "?period=1&student_id=" + std::to_string(student_));
  EXPECT_EQ(parse(teacher_view.body)->getArray("subjects")->size(), 1u);

  node_.clock().set(noonOf(2026, 10, 5));
  ASSERT_TRUE(node_.node()
                  .database()
                  .write([&](storage::Connection& db) -> Status {
                    return grades::publishDueEvaluations(db, node_.clock().now()).ok()
                               ? okStatus()
                               : makeError(Errc::internal, "publish failed");
                  })
                  .ok());
  const Credentials parent = node_.sessionFor(parent_);
  const auto shown = grades(parent, "?student_id=" + std::to_string(student_));  // period: today's
  ASSERT_EQ(shown.status, 200) << shown.body;
  const auto report = parse(shown.body);
  EXPECT_EQ(report->getObject("period")->getValue<std::string>("label"), "Trimestre 1");
  const auto maths = report->getArray("subjects")->getObject(0);
  EXPECT_EQ(maths->getValue<std::string>("subject"), "Mathématiques");
  EXPECT_EQ(maths->getValue<double>("average"), 15.5);
  const auto line = maths->getArray("evaluations")->getObject(0);
  EXPECT_EQ(line->getObject("score")->getValue<std::string>("mark"), "score");
  EXPECT_EQ(line->getObject("score")->getValue<double>("value"), 15.5);
  EXPECT_EQ(line->getObject("stats")->getValue<int>("count"), 1);
  EXPECT_EQ(report->getValue<double>("general_average"), 15.5);

  std::int64_t told = 0;
  ASSERT_TRUE(node_.node()
                  .database()
                  .read([&](storage::Connection& db) -> Status {
                    CARTABLE_ASSIGN_OR_RETURN(
                        auto n, db.scalarInt64("SELECT count(*) FROM notifications WHERE "
                                               "user_id = ? AND kind = 'grades.published'",
                                               parent_));
                    told = n.value_or(0);
                    return okStatus();
                  })
                  .ok());
  EXPECT_EQ(told, 1);
}

TEST_F(GradesApi, CorrectionsAreListedInTheHistory) {
  const std::int64_t id = createEvaluation();
  ASSERT_EQ(putScores(id, scoreItem(student_, "12")).status, 200);
  ASSERT_EQ(putScores(id, scoreItem(student_, "13.25")).status, 200);
  const auto history = node_.request(
      "GET", "/api/v1/evaluations/" + std::to_string(id) + "/history", "", &teacher_session_);
  ASSERT_EQ(history.status, 200) << history.body;
  const auto items = parse(history.body)->getArray("items");
  ASSERT_EQ(items->size(), 2u);
  EXPECT_TRUE(items->getObject(0)->isNull("before"));
  EXPECT_EQ(items->getObject(1)->getObject("before")->getValue<double>("value"), 12);
  EXPECT_EQ(items->getObject(1)->getObject("after")->getValue<double>("value"), 13.25);
  EXPECT_EQ(items->getObject(1)->getValue<std::int64_t>("changed_by"), teacher_);
}

TEST_F(GradesApi, TheClassAveragesTableHasARowPerStudent) {
  const std::int64_t id = createEvaluation();
  ASSERT_EQ(putScores(id, scoreItem(student_, "12") + "," + scoreItem(classmate_, "15")).status,
            200);
  const auto table =
      node_.request("GET", "/api/v1/classes/" + std::to_string(class_) + "/averages?period=1", "",
                    &teacher_session_);
  ASSERT_EQ(table.status, 200) << table.body;
  const auto body = parse(table.body);
  const auto subjects = body->getArray("subjects");
  ASSERT_EQ(subjects->size(), 1u);
  EXPECT_EQ(subjects->getObject(0)->getObject("stats")->getValue<double>("mean"), 13.5);
  EXPECT_EQ(body->getArray("students")->size(), 2u);
  EXPECT_EQ(body->getObject("general_stats")->getValue<double>("max"), 15);
}

TEST_F(GradesApi, AnEvaluationIsEditedThenDeleted) {
  const std::int64_t id = createEvaluation();
  const std::string path = "/api/v1/evaluations/" + std::to_string(id);
  const auto edited =
      node_.request("PATCH", path, R"({"title":"Contrôle 2","coefficient":3})", &teacher_session_);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(parse(edited.body)->getValue<std::string>("title"), "Contrôle 2");
  EXPECT_EQ(parse(edited.body)->getValue<double>("coefficient"), 3);
  expectProblem(node_.request("PATCH", path, R"({"class_id":1})", &teacher_session_), 422,
                "class_id");
  EXPECT_EQ(node_.request("DELETE", path, "", &teacher_session_).status, 204);
  const Credentials admin = node_.sessionFor(admin_);
  EXPECT_EQ(node_.request("GET", path, "", &admin).status, 404);
}

TEST_F(GradesApi, WithoutAPeriodTheOneHoldingTodayIsUsedElse422) {
  const Credentials student = node_.sessionFor(student_);
  EXPECT_EQ(grades(student, "").status, 200);
  expectProblem(grades(student, "?period=3"), 422, "period",
                "\"period\" must be from 1 to 2 (the periods of the school calendar)");
  node_.clock().set(noonOf(2027, 8, 1));
  expectProblem(grades(node_.sessionFor(student_), ""), 422, "period",
                "\"period\" is required: 2027-08-01 is outside every period of the school "
                "calendar");
}

}  // namespace
}  // namespace cartable
