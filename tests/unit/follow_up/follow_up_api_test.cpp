// Follow-up plans and recommendations through the HTTP API: who reads and
// edits a student's plans, what a family reads, bad input and closing twice,
// as a client sees them.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "directory/structure.h"
#include "support/test_node.h"

namespace cartable {
namespace {

using directory::Role;
using testing::Credentials;
using testing::HttpResult;
using testing::TestNode;

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

// Class 6A: student 1 (parent 1), taught by teacher 1; class 6B: student 2
// (parent 2), taught by teacher 2; the CPE.
class FollowUpApi : public ::testing::Test {
 protected:
  void SetUp() override {
    student1_ = node_.addPerson("eleve.un", {Role::student});
    student2_ = node_.addPerson("eleve.deux", {Role::student});
    parent1_ = node_.addPerson("parent.un", {Role::parent});
    parent2_ = node_.addPerson("parent.deux", {Role::parent});
    teacher1_ = node_.addPerson("prof.un", {Role::teacher});
    teacher2_ = node_.addPerson("prof.deux", {Role::teacher});
    staff_ = node_.addPerson("cpe", {Role::staff});
    node_.enrollTotp(staff_);
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(auto class1,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(auto class2,
                                directory::insertClass(db, {0, "6B", "6e B", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(auto maths, directory::insertSubject(db, {0, "MATHS", "Maths"}));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student1_, class1, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student2_, class2, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {parent1_, student1_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {parent2_, student2_, true, "père"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher1_, maths, class1, std::nullopt, true}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher2_, maths, class2, std::nullopt, true}));
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  HttpResult as(std::int64_t who, const std::string& method, const std::string& path,
                const std::string& body = {}) {
    const Credentials credentials = node_.sessionFor(who);
    return node_.request(method, path, body, &credentials);
  }

  std::string planBody(std::int64_t student) const {
    return R"({"student_id":)" + std::to_string(student) +
           R"(,"title":"Reprendre pied","reason":"Alerte : devoirs non rendus",)"
           R"("goals":["Rendre chaque devoir","10/20 en maths"],)"
           R"("actions":[{"what":"Tutorat le mardi","actor":"teacher","due_on":"2026-09-15"},)"
           R"({"what":"Signer l'agenda","actor":"parent"}],"review_on":"2026-10-16"})";
  }

  std::int64_t openPlan() {
    const HttpResult opened = as(teacher1_, "POST", "/api/v1/follow-up/plans", planBody(student1_));
    EXPECT_EQ(opened.status, 201) << opened.body;
    return parse(opened.body)->getValue<std::int64_t>("id");
  }

  std::string plan(std::int64_t id) const {
    return "/api/v1/follow-up/plans/" + std::to_string(id);
  }

  TestNode node_;
  std::int64_t student1_ = 0, student2_ = 0, parent1_ = 0, parent2_ = 0;
  std::int64_t teacher1_ = 0, teacher2_ = 0, staff_ = 0;
};

TEST_F(FollowUpApi, ATeacherOpensAPlanAndTheParentReadsItsGoalsAndActions) {
  const std::int64_t id = openPlan();
  const HttpResult read = as(parent1_, "GET", plan(id));
  ASSERT_EQ(read.status, 200) << read.body;
  const auto body = parse(read.body);
  EXPECT_EQ(body->getValue<std::string>("title"), "Reprendre pied");
  EXPECT_EQ(body->getValue<std::string>("state"), "open");
  EXPECT_EQ(body->getValue<std::string>("student_name"), "Prénom eleve.un");
  EXPECT_EQ(body->getArray("goals")->getElement<std::string>(1), "10/20 en maths");
  EXPECT_EQ(body->getArray("actions")->getObject(1)->getValue<std::string>("actor"), "parent");
  EXPECT_EQ(body->getValue<std::string>("opened_by_name"), "Prénom prof.un");

  const HttpResult listed = as(parent1_, "GET", "/api/v1/follow-up/plans");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(parse(listed.body)->getArray("items")->size(), 1u);
  const HttpResult notices = as(parent1_, "GET", "/api/v1/me/notifications");
  EXPECT_NE(notices.body.find("Plan d'accompagnement ouvert : Reprendre pied"), std::string::npos)
      << notices.body;
}

TEST_F(FollowUpApi, AnotherFamilyAndAnotherClassTeacherGet404) {
  const std::int64_t id = openPlan();
  EXPECT_EQ(as(parent2_, "GET", plan(id)).status, 404);
  EXPECT_EQ(as(student2_, "GET", plan(id)).status, 404);
  EXPECT_EQ(as(teacher2_, "GET", plan(id)).status, 404);
  EXPECT_EQ(
      as(parent2_, "GET", "/api/v1/follow-up/plans?student_id=" + std::to_string(student1_)).status,
      404);
  EXPECT_EQ(as(parent2_, "GET", "/api/v1/follow-up/plans").body, R"({"items":[]})");
  EXPECT_EQ(as(staff_, "GET", plan(id)).status, 200);
  EXPECT_EQ(as(staff_, "GET", plan(id + 100)).status, 404);
}

TEST_F(FollowUpApi, TheFamilyReadsButMayNotEdit) {
  const std::int64_t id = openPlan();
  EXPECT_EQ(as(student1_, "PATCH", plan(id), R"({"title":"Autre"})").status, 403);
  EXPECT_EQ(as(parent1_, "POST", plan(id) + "/notes", R"({"text":"Merci"})").status, 403);
  EXPECT_EQ(as(parent1_, "POST", "/api/v1/follow-up/plans", planBody(student1_)).status, 403);
}

TEST_F(FollowUpApi, EditingNotesAndClosingWithAnOutcome) {
  const std::int64_t id = openPlan();
  const HttpResult patched = as(teacher1_, "PATCH", plan(id),
                                R"({"goals":["Rendre chaque devoir"],"actions":[{"what":)"
                                R"("Tutorat le mardi","actor":"teacher","done":true}]})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_TRUE(parse(patched.body)->getArray("actions")->getObject(0)->getValue<bool>("done"));
  const HttpResult note =
      as(staff_, "POST", plan(id) + "/notes", R"({"text":"Entretien famille"})");
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_EQ(parse(note.body)->getValue<std::string>("author_name"), "Prénom cpe");

  const HttpResult closed =
      as(staff_, "POST", plan(id) + "/close", R"({"outcome":"goals_met","comment":"Bravo"})");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(parse(closed.body)->getValue<std::string>("outcome"), "goals_met");
  EXPECT_EQ(parse(closed.body)->getArray("notes")->size(), 1u);

  const HttpResult again = as(teacher1_, "POST", plan(id) + "/close", R"({"outcome":"not_met"})");
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body.find("(goals_met): it can no longer be closed"), std::string::npos)
      << again.body;
  EXPECT_NE(again.body.find(R"("field":"state")"), std::string::npos) << again.body;
  EXPECT_EQ(as(teacher1_, "PATCH", plan(id), R"({"title":"X"})").status, 409);
}

TEST_F(FollowUpApi, BadInputIs422NamingTheField) {
  const auto refused = [&](const std::string& body) {
    const HttpResult result = as(teacher1_, "POST", "/api/v1/follow-up/plans", body);
    EXPECT_EQ(result.status, 422) << body << " → " << result.body;
    return parse(result.body)->getValue<std::string>("field");
  };
  const std::string s = std::to_string(student1_);
  EXPECT_EQ(refused(R"({"title":"T"})"), "student_id");
  EXPECT_EQ(refused(R"({"student_id":)" + s + R"(,"title":""})"), "title");
  EXPECT_EQ(refused(R"({"student_id":)" + s + R"(,"title":"T","goals":"un"})"), "goals");
  EXPECT_EQ(refused(R"({"student_id":)" + s +
                    R"(,"title":"T","actions":[{"what":"x","actor":"cousin"}]})"),
            "actions[0].actor");
  EXPECT_EQ(refused(R"({"student_id":)" + s + R"(,"title":"T","review_on":"demain"})"),
            "review_on");
  EXPECT_EQ(refused(R"({"student_id":)" + s + R"(,"title":"T","colour":"red"})"), "colour");
  const std::int64_t id = openPlan();
  const HttpResult close = as(teacher1_, "POST", plan(id) + "/close", R"({"outcome":"done"})");
  EXPECT_EQ(close.status, 422);
  EXPECT_NE(close.body.find(R"("field":"outcome")"), std::string::npos);
}

TEST_F(FollowUpApi, ARecommendationIsListedForTheStudentAndTheirParent) {
  const std::string body =
      R"({"student_id":)" + std::to_string(student1_) + R"(,"text":"Refais les exercices 3 et 4"})";
  ASSERT_EQ(as(teacher1_, "POST", "/api/v1/follow-up/recommendations", body).status, 201);
  EXPECT_EQ(as(teacher2_, "POST", "/api/v1/follow-up/recommendations", body).status, 404);
  const HttpResult mine = as(student1_, "GET", "/api/v1/follow-up/recommendations");
  ASSERT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find("Refais les exercices 3 et 4"), std::string::npos);
  const HttpResult child = as(parent1_, "GET", "/api/v1/follow-up/recommendations");
  EXPECT_NE(child.body.find("Prénom prof.un"), std::string::npos) << child.body;
  EXPECT_EQ(as(parent2_, "GET", "/api/v1/follow-up/recommendations").body, R"({"items":[]})");
}

TEST_F(FollowUpApi, TheChildsDashboardShowsTheOpenPlanAndTheRecommendation) {
  const std::int64_t id = openPlan();
  const std::string body = R"({"student_id":)" + std::to_string(student1_) + R"(,"plan_id":)" +
                           std::to_string(id) + R"(,"text":"Relis la leçon chaque soir"})";
  ASSERT_EQ(as(teacher1_, "POST", "/api/v1/follow-up/recommendations", body).status, 201);
  const HttpResult dashboard = as(parent1_, "GET", "/api/v1/me/dashboard");
  ASSERT_EQ(dashboard.status, 200);
  const auto child = parse(dashboard.body)->getObject("parent")->getArray("children")->getObject(0);
  const auto follow_up = child->getObject("follow_up");
  ASSERT_EQ(follow_up->getArray("open_plans")->size(), 1u);
  EXPECT_EQ(follow_up->getArray("open_plans")->getObject(0)->getValue<std::string>("title"),
            "Reprendre pied");
  const auto advice = follow_up->getArray("recommendations")->getObject(0);
  EXPECT_EQ(advice->getValue<std::string>("text"), "Relis la leçon chaque soir");
  EXPECT_EQ(advice->getValue<std::int64_t>("plan_id"), id);
  const auto names = parse(dashboard.body)->getObject("names")->getObject("people");
  EXPECT_EQ(names->getValue<std::string>(std::to_string(teacher1_)), "Prénom prof.un");

  // Once closed, the plan leaves the dashboard; the other family's stays empty.
  ASSERT_EQ(as(teacher1_, "POST", plan(id) + "/close", R"({"outcome":"partly_met"})").status, 200);
  const auto after = parse(as(student1_, "GET", "/api/v1/me/dashboard").body);
  EXPECT_EQ(after->getObject("student")->getObject("follow_up")->getArray("open_plans")->size(),
            0u);
  const auto other = parse(as(student2_, "GET", "/api/v1/me/dashboard").body);
  EXPECT_EQ(
      other->getObject("student")->getObject("follow_up")->getArray("recommendations")->size(), 0u);
}

}  // namespace
}  // namespace cartable
