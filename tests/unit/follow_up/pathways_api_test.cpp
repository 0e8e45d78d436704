// Differentiated pathways through the HTTP API: the suggestion with the
// figure that placed each student, groups kept by the teacher, homework given
// to one group through the ordinary chosen-students targeting, and what the
// students of the other group (and families) see of it: nothing. Then
// methodological guides as students browse them.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "directory/structure.h"
#include "documents/documents.h"
#include "files/files.h"
#include "grades/grades.h"
#include "support/test_node.h"
#include "timetable/timetable.h"

namespace cartable {
namespace {

using directory::Role;
using testing::Credentials;
using testing::HttpResult;
using testing::TestNode;

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

bool mentions(const std::string& body, const std::string& text) {
  return body.find(text) != std::string::npos;
}

// Class 6A: Ana (8/20 in maths), Bruno (12/20), Chloé (17/20) and Dylan (no
// grade), taught maths by teacher 1; Ana's parent. Teacher 2 teaches 6B.
class PathwaysApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ana_ = node_.addPerson("ana", {Role::student});
    bruno_ = node_.addPerson("bruno", {Role::student});
    chloe_ = node_.addPerson("chloe", {Role::student});
    dylan_ = node_.addPerson("dylan", {Role::student});
    parent_ = node_.addPerson("parent.ana", {Role::parent});
    teacher1_ = node_.addPerson("prof.un", {Role::teacher});
    teacher2_ = node_.addPerson("prof.deux", {Role::teacher});
    node_.clock().set(1790589600);  // 2026-09-28 10:00
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(class_,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(auto other,
                                directory::insertClass(db, {0, "6B", "6e B", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(maths_, directory::insertSubject(db, {0, "MATHS", "Maths"}));
      for (auto student : {ana_, bruno_, chloe_, dylan_}) {
        CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student, class_, "2026-09-01"));
      }
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {parent_, ana_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher1_, maths_, class_, std::nullopt, true}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher2_, maths_, other, std::nullopt, true}));
      timetable::Calendar calendar;
      calendar.periods = {{"Trimestre 1", "2026-09-01", "2026-11-30"}};
      CARTABLE_RETURN_IF_ERROR(timetable::setCalendar(db, calendar));
      grades::Evaluation evaluation;
      evaluation.subject_id = maths_;
      evaluation.class_id = class_;
      evaluation.teacher_id = teacher1_;
      evaluation.date = evaluation.visible_from = "2026-09-20";
      evaluation.title = "Fractions";
      CARTABLE_ASSIGN_OR_RETURN(auto id, grades::createEvaluation(db, evaluation, 0));
      const std::vector<grades::Score> scores = {{ana_, grades::Mark::score, 800, ""},
                                                 {bruno_, grades::Mark::score, 1200, ""},
                                                 {chloe_, grades::Mark::score, 1700, ""}};
      return grades::setScores(db, id, scores, teacher1_, 0);
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  // A small PDF by teacher 1 in 6A's space (students of 6A read it), or in
  // teacher 1's personal space (nobody else reads it).
  std::int64_t addDocument(const std::string& name, bool personal = false) {
    std::int64_t id = 0;
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      files::FileStore store(node_.settings().data_dir + "/files", 1 << 20);
      CARTABLE_ASSIGN_OR_RETURN(auto staged,
                                store.stage({name, "application/pdf", "%PDF-1.7\n", "file"}));
      CARTABLE_ASSIGN_OR_RETURN(auto info, store.record(db, staged, teacher1_, 0));
      CARTABLE_ASSIGN_OR_RETURN(auto space, personal ? documents::personalRoot(db, teacher1_, 0)
                                                     : documents::classRoot(db, class_, 0));
      CARTABLE_ASSIGN_OR_RETURN(
          auto added, documents::addFiles(db, space.id, {info}, teacher1_, {1 << 20, 1 << 30}, 0));
      id = added.front().id;
      return okStatus();
    });
    EXPECT_TRUE(built.ok()) << built.error().message;
    return id;
  }

  HttpResult placeGuide(std::int64_t who, std::int64_t document, const std::string& topic) {
    return as(who, "POST", "/api/v1/guides",
              R"({"document_id":)" + std::to_string(document) + R"(,"topic":")" + topic + "\"}");
  }

  HttpResult as(std::int64_t who, const std::string& method, const std::string& path,
                const std::string& body = {}) {
    const Credentials credentials = node_.sessionFor(who);
    return node_.request(method, path, body, &credentials);
  }

  std::string suggestionPath() const {
    return "/api/v1/pathway-suggestions?class_id=" + std::to_string(class_) +
           "&subject_id=" + std::to_string(maths_) + "&from=2026-09-01";
  }

  // Ana in consolidation, the others in the core group.
  std::int64_t keepGroups() {
    const std::string body = R"({"class_id":)" + std::to_string(class_) + R"(,"subject_id":)" +
                             std::to_string(maths_) +
                             R"(,"title":"Fractions","groups":[{"label":"Consolidation",)"
                             R"("student_ids":[)" +
                             std::to_string(ana_) + R"(]},{"label":"Cœur","student_ids":[)" +
                             std::to_string(bruno_) + "," + std::to_string(chloe_) + "]}]}";
    const HttpResult created = as(teacher1_, "POST", "/api/v1/pathways", body);
    EXPECT_EQ(created.status, 201) << created.body;
    return parse(created.body)->getValue<std::int64_t>("id");
  }

  TestNode node_;
  std::int64_t ana_ = 0, bruno_ = 0, chloe_ = 0, dylan_ = 0, parent_ = 0;
  std::int64_t teacher1_ = 0, teacher2_ = 0, class_ = 0, maths_ = 0;
};

TEST_F(PathwaysApi, TheSuggestionPlacesEachStudentByTheirRecentMeanAndShowsIt) {
  const HttpResult suggested = as(teacher1_, "GET", suggestionPath());
  ASSERT_EQ(suggested.status, 200) << suggested.body;
  const auto groups = parse(suggested.body)->getArray("groups");
  ASSERT_EQ(groups->size(), 3u);
  const auto members = [&](unsigned index) {
    std::vector<std::pair<std::int64_t, std::string>> out;
    auto list = groups->getObject(index)->getArray("members");
    for (unsigned i = 0; i < list->size(); ++i) {
      auto member = list->getObject(i);
      out.emplace_back(member->getValue<std::int64_t>("student_id"),
                       member->isNull("mean") ? "none" : member->get("mean").toString());
    }
    return out;
  };
  EXPECT_EQ(groups->getObject(0)->getValue<std::string>("label"), "Consolidation");
  using Placed = std::vector<std::pair<std::int64_t, std::string>>;
  EXPECT_EQ(members(0), (Placed{{ana_, "8"}}));
  EXPECT_EQ(members(1), (Placed{{bruno_, "12"}, {dylan_, "none"}}));
  EXPECT_EQ(members(2), (Placed{{chloe_, "17"}}));
}

TEST_F(PathwaysApi, HomeworkForOneGroupIsSeenOnlyByThatGroup) {
  const std::int64_t grouping = keepGroups();
  const HttpResult read = as(teacher1_, "GET", "/api/v1/pathways/" + std::to_string(grouping));
  ASSERT_EQ(read.status, 200);
  // The teacher gives the consolidation group its own homework: its student_ids.
  const auto ids = parse(read.body)->getArray("groups")->getObject(0)->getArray("student_ids");
  std::string list;
  for (unsigned i = 0; i < ids->size(); ++i) list += (i ? "," : "") + ids->get(i).toString();
  const HttpResult homework =
      as(teacher1_, "POST", "/api/v1/homework",
         R"({"subject_id":)" + std::to_string(maths_) + R"(,"class_id":)" + std::to_string(class_) +
             R"(,"student_ids":[)" + list +
             R"(],"due_on":"2026-10-02","instructions":"Fiche de consolidation : fractions"})");
  ASSERT_EQ(homework.status, 201) << homework.body;
  const std::string path =
      "/api/v1/homework/" + std::to_string(parse(homework.body)->getValue<std::int64_t>("id"));

  EXPECT_EQ(as(ana_, "GET", path).status, 200);
  EXPECT_EQ(as(parent_, "GET", path).status, 200);
  EXPECT_NE(as(bruno_, "GET", path).status, 200);
  const std::string week = "/api/v1/homework?from=2026-09-28&to=2026-10-04";
  EXPECT_TRUE(mentions(as(ana_, "GET", week).body, "Fiche de consolidation"));
  EXPECT_FALSE(mentions(as(bruno_, "GET", week).body, "Fiche de consolidation"));
  // Nobody on the family side ever sees the groups or their labels.
  for (auto who : {ana_, bruno_, parent_}) {
    const HttpResult groups = as(who, "GET", "/api/v1/pathways/" + std::to_string(grouping));
    EXPECT_EQ(groups.status, 404) << who;
    EXPECT_FALSE(mentions(groups.body, "Consolidation"));
    EXPECT_FALSE(mentions(as(who, "GET", "/api/v1/pathways").body, "Consolidation"));
  }
  EXPECT_EQ(as(teacher2_, "GET", "/api/v1/pathways/" + std::to_string(grouping)).status, 404);
}

TEST_F(PathwaysApi, AStudentInTwoGroupsOrOutsideTheClassIsRefusedNamingThem) {
  const std::string start = R"({"class_id":)" + std::to_string(class_) + R"(,"subject_id":)" +
                            std::to_string(maths_) + R"(,"title":"T","groups":[)";
  const std::string a = std::to_string(ana_);
  HttpResult refused = as(teacher1_, "POST", "/api/v1/pathways",
                          start + R"({"label":"A","student_ids":[)" + a +
                              R"(]},{"label":"B","student_ids":[)" + a + "]}]}");
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(mentions(refused.body, R"("field":"groups[1].student_ids[0]")")) << refused.body;
  refused = as(teacher1_, "POST", "/api/v1/pathways",
               start + R"({"label":"A","student_ids":[)" + std::to_string(parent_) + "]}]}");
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(mentions(refused.body, "is not a current student of the class")) << refused.body;
  EXPECT_EQ(as(teacher2_, "POST", "/api/v1/pathways", start + "]}").status, 403);
}

TEST_F(PathwaysApi, StudentsBrowseTheGuidesTheirDocumentsLetThemRead) {
  const std::int64_t readable = addDocument("apprendre-une-lecon.pdf");
  const std::int64_t personal = addDocument("brouillon.pdf", true);
  ASSERT_EQ(placeGuide(teacher1_, readable, "Apprendre une leçon").status, 201);
  ASSERT_EQ(placeGuide(teacher1_, personal, "Brouillon").status, 201);
  const HttpResult listed = as(ana_, "GET", "/api/v1/guides");
  ASSERT_EQ(listed.status, 200);
  EXPECT_TRUE(mentions(listed.body, "apprendre-une-lecon.pdf")) << listed.body;
  EXPECT_FALSE(mentions(listed.body, "brouillon.pdf"));  // a personal document stays private
  EXPECT_EQ(as(ana_, "POST", "/api/v1/guides", R"({"document_id":1,"topic":"x"})").status, 403);
  const HttpResult empty_topic = placeGuide(teacher1_, readable, "");
  EXPECT_EQ(empty_topic.status, 422);
  EXPECT_TRUE(mentions(empty_topic.body, R"("field":"topic")"));
}

TEST_F(PathwaysApi, WhoPlacedAGuideOrStaffTakeItOutAndAnUnknownOneIsNotFound) {
  const std::int64_t staff = node_.addPerson("cpe", {Role::staff});
  node_.enrollTotp(staff);  // staff sign in with a second factor
  const std::int64_t lesson = addDocument("apprendre-une-lecon.pdf");
  const std::string path = "/api/v1/guides/" + std::to_string(lesson);
  ASSERT_EQ(placeGuide(teacher1_, lesson, "Apprendre une leçon").status, 201);

  EXPECT_EQ(as(teacher2_, "DELETE", path).status, 403);  // not who placed it
  EXPECT_EQ(as(ana_, "DELETE", path).status, 403);
  EXPECT_EQ(as(parent_, "DELETE", path).status, 403);
  EXPECT_EQ(as(teacher1_, "DELETE", path).status, 204);
  EXPECT_FALSE(mentions(as(ana_, "GET", "/api/v1/guides").body, "apprendre-une-lecon.pdf"));

  const HttpResult again = as(teacher1_, "DELETE", path);
  EXPECT_EQ(again.status, 404);
  EXPECT_TRUE(mentions(again.body, "is not a guide")) << again.body;
  EXPECT_TRUE(mentions(again.body, R"("field":"id")")) << again.body;
  EXPECT_EQ(as(staff, "DELETE", "/api/v1/guides/999999").status, 404);
  EXPECT_EQ(as(ana_, "DELETE", "/api/v1/guides/999999").status, 403);

  // Staff take out a teacher's guide; the document itself stays in the class's space.
  ASSERT_EQ(placeGuide(teacher1_, lesson, "Apprendre une leçon").status, 201);
  EXPECT_EQ(as(staff, "DELETE", path).status, 204);
  EXPECT_FALSE(mentions(as(teacher1_, "GET", "/api/v1/guides").body, "apprendre-une-lecon.pdf"));
  EXPECT_TRUE(
      mentions(as(ana_, "GET", "/api/v1/classes/" + std::to_string(class_) + "/documents").body,
               "apprendre-une-lecon.pdf"));
}

}  // namespace
}  // namespace cartable
