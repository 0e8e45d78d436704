// The timetable through the HTTP API: status codes and problem fields a client sees.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "directory/structure.h"
#include "support/test_node.h"

namespace cartable {
namespace {

using directory::Role;
using testing::Credentials;
using testing::TestNode;

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

class TimetableApi : public ::testing::Test {
 protected:
  void SetUp() override {
    student_ = node_.addPerson("eleve.un", {Role::student});
    other_student_ = node_.addPerson("eleve.deux", {Role::student});
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
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, other_student_, other, "2026-09-01"));
      return directory::linkGuardian(db, {parent_, student_, true, "mère"});
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
    admin_session_ = node_.sessionFor(admin_);
  }

  std::string lessonBody(const std::string& room, std::int64_t teacher) const {
    return R"({"subject_id":)" + std::to_string(subject_) + R"(,"class_id":)" +
           std::to_string(class_) + R"(,"teacher_ids":[)" + std::to_string(teacher) +
           R"(],"room":")" + room +
           R"(","weekday":1,"starts_at":"08:00","ends_at":"09:00","valid_from":"2026-09-01",)"
           R"("valid_until":"2027-07-04"})";
  }

  std::int64_t createLesson() {
    const auto created = node_.request("POST", "/api/v1/timetable/lessons",
                                       lessonBody("B12", teacher_), &admin_session_);
    EXPECT_EQ(created.status, 201) << created.body;
    return parse(created.body)->getValue<std::int64_t>("id");
  }

  TestNode node_;
  Credentials admin_session_;
  std::int64_t student_ = 0, other_student_ = 0, parent_ = 0, teacher_ = 0, admin_ = 0;
  std::int64_t class_ = 0, subject_ = 0;
};

TEST_F(TimetableApi, AnOverlappingLessonIsAConflictNamingTheLessonAndTheField) {
  const std::int64_t first = createLesson();
  const auto again = node_.request("POST", "/api/v1/timetable/lessons", lessonBody("B13", teacher_),
                                   &admin_session_);
  EXPECT_EQ(again.status, 409);
  const auto problem = parse(again.body);
  EXPECT_EQ(problem->getValue<std::string>("field"), "teacher_ids");
  EXPECT_NE(problem->getValue<std::string>("detail").find("lesson " + std::to_string(first)),
            std::string::npos)
      << again.body;
}

TEST_F(TimetableApi, ATeacherIdThatIsNotATeacherIsRefusedWith422) {
  const auto refused = node_.request("POST", "/api/v1/timetable/lessons",
                                     lessonBody("B12", student_), &admin_session_);
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(parse(refused.body)->getValue<std::string>("field"), "teacher_ids");
  const auto listed = node_.request("GET", "/api/v1/timetable/lessons", "", &admin_session_);
  EXPECT_EQ(parse(listed.body)->getArray("items")->size(), 0u);
}

TEST_F(TimetableApi, AParentSeesTheirChildsWeekWithTheTeachersChangeAndIsNotified) {
  const std::int64_t lesson = createLesson();
  const Credentials teacher = node_.sessionFor(teacher_);
  const auto recorded = node_.request(
      "POST", "/api/v1/timetable/lessons/" + std::to_string(lesson) + "/changes",
      R"({"date":"2026-09-07","kind":"room","room":"CDI","note":"Travaux"})", &teacher);
  ASSERT_EQ(recorded.status, 201) << recorded.body;

  const Credentials parent = node_.sessionFor(parent_);
  const auto week = node_.request(
      "GET", "/api/v1/timetable/week?monday=2026-09-07&student_id=" + std::to_string(student_), "",
      &parent);
  ASSERT_EQ(week.status, 200) << week.body;
  const auto items = parse(week.body)->getArray("items");
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ(items->getObject(0)->getValue<std::string>("room"), "CDI");
  EXPECT_EQ(items->getObject(0)->getValue<std::string>("date"), "2026-09-07");

  std::int64_t parent_notes = 0;
  ASSERT_TRUE(node_.node()
                  .database()
                  .read([&](storage::Connection& db) -> Status {
                    CARTABLE_ASSIGN_OR_RETURN(
                        auto n, db.scalarInt64("SELECT count(*) FROM notifications WHERE user_id = "
                                               "? AND kind = 'timetable.room'",
                                               parent_));
                    parent_notes = n.value_or(0);
                    return okStatus();
                  })
                  .ok());
  EXPECT_EQ(parent_notes, 1);
}

TEST_F(TimetableApi, LessonsAreListedByTeacherOrClassAndDeletedByTheAdmin) {
  const std::int64_t lesson = createLesson();
  auto count = [&](const std::string& query) {
    const auto listed =
        node_.request("GET", "/api/v1/timetable/lessons" + query, "", &admin_session_);
    EXPECT_EQ(listed.status, 200) << listed.body;
    return parse(listed.body)->getArray("items")->size();
  };
  EXPECT_EQ(count("?teacher_id=" + std::to_string(teacher_)), 1u);
  EXPECT_EQ(count("?class_id=" + std::to_string(class_)), 1u);
  EXPECT_EQ(count("?teacher_id=" + std::to_string(admin_)), 0u);
  const std::string path = "/api/v1/timetable/lessons/" + std::to_string(lesson);
  EXPECT_EQ(node_.request("DELETE", path, "", &admin_session_).status, 204);
  EXPECT_EQ(node_.request("DELETE", path, "", &admin_session_).status, 404);
  EXPECT_EQ(count(""), 0u);
}

TEST_F(TimetableApi, AWeekWithoutAMondayIsRefusedNamingIt) {
  const auto missing = node_.request("GET", "/api/v1/timetable/week", "", &admin_session_);
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(parse(missing.body)->getValue<std::string>("field"), "monday");
  const auto tuesday =
      node_.request("GET", "/api/v1/timetable/week?monday=2026-09-08", "", &admin_session_);
  EXPECT_EQ(tuesday.status, 422);
}

TEST_F(TimetableApi, TheCalendarIsReplacedWholeAndABadRangeNamesItsField) {
  const std::string calendar =
      R"({"week_a_monday":"2026-09-07","periods":[{"label":"T1","starts_on":"2026-09-01",)"
      R"("ends_on":"2026-11-30"}],"holidays":[{"label":"Toussaint","starts_on":"2026-10-17",)"
      R"("ends_on":"2026-11-01"}]})";
  ASSERT_EQ(node_.request("PUT", "/api/v1/timetable/calendar", calendar, &admin_session_).status,
            200);
  const Credentials student = node_.sessionFor(student_);
  const auto read = node_.request("GET", "/api/v1/timetable/calendar", "", &student);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(parse(read.body)->getValue<std::string>("week_a_monday"), "2026-09-07");
  EXPECT_EQ(parse(read.body)->getArray("holidays")->getObject(0)->getValue<std::string>("label"),
            "Toussaint");

  const auto bad = node_.request(
      "PUT", "/api/v1/timetable/calendar",
      R"({"periods":[],"holidays":[{"label":"Noël","starts_on":"2027-01-03","ends_on":"2026-12-19"}]})",
      &admin_session_);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(parse(bad.body)->getValue<std::string>("field"), "holidays[0].ends_on");
  const auto unchanged = node_.request("GET", "/api/v1/timetable/calendar", "", &student);
  EXPECT_EQ(parse(unchanged.body)->getArray("holidays")->size(), 1u);
}

}  // namespace
}  // namespace cartable
