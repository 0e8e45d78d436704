// A school week through the HTTP API alone, as the people of one family and
// one class live it: homework set, handed in, returned and seen by the parent;
// a roll call that reaches the parent's notifications the same day; grades
// that appear to the family, with averages and class statistics, only from
// their visibility date.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "directory/structure.h"
#include "support/multipart_form.h"
#include "support/test_node.h"
#include "timetable/timetable.h"

namespace cartable {
namespace {

using directory::Role;
using testing::Credentials;
using testing::HttpResult;
using testing::TestNode;

constexpr Seconds kMonday0900 = 1789376400;  // 2026-09-14 09:00 UTC, a Monday
constexpr Seconds kDay = 86400;

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

class SchoolWeek : public ::testing::Test {
 protected:
  void SetUp() override {
    node_.clock().set(kMonday0900);
    student_ = node_.addPerson("lea.martin", {Role::student});
    classmate_ = node_.addPerson("hugo.petit", {Role::student});
    parent_ = node_.addPerson("claire.martin", {Role::parent});
    teacher_ = node_.addPerson("prof.maths", {Role::teacher});
    admin_ = node_.addPerson("direction", {Role::admin});
    node_.enrollTotp(admin_);
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(class_,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(maths_,
                                directory::insertSubject(db, {0, "MATHS", "Mathématiques"}));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student_, class_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, classmate_, class_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {parent_, student_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher_, maths_, class_, std::nullopt, true}).ok()
              ? okStatus()
              : Status(makeError(Errc::internal, "assignment refused")));
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
    // The admin sets the calendar and the weekly maths lesson through the API.
    const auto calendar = as(admin_, "PUT", "/api/v1/timetable/calendar",
                             R"({"periods":[{"label":"Trimestre 1","starts_on":"2026-09-01",)"
                             R"("ends_on":"2026-11-30"}],"holidays":[]})");
    ASSERT_EQ(calendar.status, 200) << calendar.body;
    const auto lesson =
        as(admin_, "POST", "/api/v1/timetable/lessons",
           R"({"subject_id":)" + id(maths_) + R"(,"class_id":)" + id(class_) +
               R"(,"teacher_ids":[)" + id(teacher_) +
               R"(],"room":"B12","weekday":1,"starts_at":"08:00","ends_at":"09:00",)"
               R"("valid_from":"2026-09-01","valid_until":"2026-11-30"})");
    ASSERT_EQ(lesson.status, 201) << lesson.body;
    lesson_ = parse(lesson.body)->getValue<std::int64_t>("id");
  }

  static std::string id(std::int64_t value) { return std::to_string(value); }

  HttpResult as(std::int64_t who, const std::string& method, const std::string& path,
                const std::string& body = {}) {
    const Credentials credentials = node_.sessionFor(who);
    return node_.request(method, path, body, &credentials);
  }

  // The kinds of the person's unread notifications, newest first.
  std::vector<std::string> unreadKinds(std::int64_t who) {
    const auto feed = as(who, "GET", "/api/v1/me/notifications?unread=1");
    EXPECT_EQ(feed.status, 200) << feed.body;
    std::vector<std::string> kinds;
    const auto items = parse(feed.body)->getArray("items");
    for (std::size_t i = 0; i < items->size(); ++i) {
      kinds.push_back(items->getObject(static_cast<unsigned>(i))->getValue<std::string>("kind"));
    }
    return kinds;
  }

  // The progress of the first homework the parent sees for their child.
  Poco::JSON::Object::Ptr childsProgress() {
    const auto list = as(parent_, "GET", "/api/v1/homework?student_id=" + id(student_));
    EXPECT_EQ(list.status, 200) << list.body;
    const auto items = parse(list.body)->getArray("items");
    EXPECT_EQ(items->size(), 1u) << list.body;
    return items->getObject(0)->getObject("progress");
  }

  TestNode node_;
  std::int64_t student_ = 0, classmate_ = 0, parent_ = 0, teacher_ = 0, admin_ = 0;
  std::int64_t class_ = 0, maths_ = 0, lesson_ = 0;
};

TEST_F(SchoolWeek, HomeworkIsSetHandedInReturnedAndFollowedByTheParent) {
  const auto set = as(teacher_, "POST", "/api/v1/homework",
                      R"({"subject_id":)" + id(maths_) + R"(,"class_id":)" + id(class_) +
                          R"(,"due_on":"2026-09-17","instructions":"Exercices 1 à 4 page 23",)"
                          R"("estimated_minutes":30,"hand_in_expected":true})");
  ASSERT_EQ(set.status, 201) << set.body;
  const std::string homework = "/api/v1/homework/" + parse(set.body)->getValue<std::string>("id");
  EXPECT_EQ(unreadKinds(parent_), std::vector<std::string>{"homework.new"});

  const auto to_do = as(student_, "GET", "/api/v1/homework");
  ASSERT_EQ(to_do.status, 200) << to_do.body;
  const auto item = parse(to_do.body)->getArray("items")->getObject(0);
  EXPECT_EQ(item->getValue<std::string>("instructions"), "Exercices 1 à 4 page 23");
  EXPECT_EQ(item->getObject("progress")->getValue<std::string>("status"), "to_do");
  EXPECT_EQ(childsProgress()->getValue<std::string>("status"), "to_do");

  node_.clock().advance(kDay);
  const Credentials student = node_.sessionFor(student_);
  const auto handed = node_.request("POST", homework + "/hand-in",
                                    testing::multipartForm({{"text", "Voici mes exercices."},
                                                            {"file", "%PDF-1.7\ncopie\n%%EOF\n",
                                                             "copie.pdf", "application/pdf"}}),
                                    &student, {{"Content-Type", testing::multipartContentType()}});
  ASSERT_EQ(handed.status, 201) << handed.body;
  EXPECT_FALSE(parse(handed.body)->getValue<bool>("late"));
  EXPECT_EQ(childsProgress()->getValue<std::string>("status"), "handed_in");

  const auto hand_ins = as(teacher_, "GET", homework + "/hand-ins");
  ASSERT_EQ(hand_ins.status, 200) << hand_ins.body;
  const auto rows = parse(hand_ins.body)->getArray("items");
  ASSERT_EQ(rows->size(), 2u);  // Léa handed in; Hugo did not (yet)
  std::string hand_in;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const auto row = rows->getObject(static_cast<unsigned>(i));
    if (row->getValue<std::int64_t>("student_id") == student_) {
      hand_in = row->getObject("hand_in")->getValue<std::string>("id");
    } else {
      EXPECT_EQ(row->getValue<std::string>("status"), "to_do");
    }
  }
  ASSERT_FALSE(hand_in.empty()) << hand_ins.body;
  const auto returned =
      as(teacher_, "PUT", "/api/v1/hand-ins/" + hand_in + "/feedback",
         R"({"feedback":"Très bien, attention au 3.","score":1700,"out_of":2000})");
  ASSERT_EQ(returned.status, 200) << returned.body;

  const auto progress = childsProgress();
  EXPECT_EQ(progress->getValue<std::string>("status"), "returned");
  EXPECT_EQ(unreadKinds(parent_), (std::vector<std::string>{"homework.feedback", "homework.new"}));
}

TEST_F(SchoolWeek, AnAbsenceAtTheRollCallReachesTheParentTheSameDay) {
  const auto roll =
      as(teacher_, "PUT", "/api/v1/timetable/lessons/" + id(lesson_) + "/roll-calls/2026-09-14",
         R"({"entries":[{"student_id":)" + id(student_) + R"(,"status":"absent"}]})");
  ASSERT_EQ(roll.status, 200) << roll.body;
  const auto feed = as(parent_, "GET", "/api/v1/me/notifications?unread=1");
  const auto notice = parse(feed.body)->getArray("items")->getObject(0);
  EXPECT_EQ(notice->getValue<std::string>("kind"), "attendance.absence");
  EXPECT_NE(notice->getValue<std::string>("title").find("2026-09-14"), std::string::npos)
      << feed.body;
  EXPECT_TRUE(unreadKinds(classmate_).empty());  // present: nobody is told anything

  const auto summary = as(parent_, "GET", "/api/v1/attendance/students/" + id(student_));
  ASSERT_EQ(summary.status, 200) << summary.body;
  EXPECT_EQ(parse(summary.body)->getValue<int>("half_days_absent"), 1);
  EXPECT_EQ(parse(summary.body)->getValue<int>("half_days_unjustified"), 1);
}

TEST_F(SchoolWeek, GradesAppearWithAveragesFromTheirVisibilityDate) {
  // Two tests: 14/20 coefficient 2, then 8/10 coefficient 1. Léa's average is
  // (14 × 2 + 16 × 1) / 3 = 44 / 3 = 14.666… → 14.67 (8/10 is 16/20); Hugo's
  // (10 × 2 + 10 × 1) / 3 = 10; the class mean of the averages is
  // (44/3 + 10) / 2 = 74 / 6 = 12.333… → 12.33.
  const auto evaluation = [&](const std::string& date, const std::string& out_of,
                              const std::string& coefficient, const std::string& lea,
                              const std::string& hugo) {
    const auto created =
        as(teacher_, "POST", "/api/v1/evaluations",
           R"({"subject_id":)" + id(maths_) + R"(,"class_id":)" + id(class_) + R"(,"date":")" +
               date + R"(","visible_from":"2026-09-18","title":"Contrôle","out_of":)" + out_of +
               R"(,"coefficient":)" + coefficient + "}");
    ASSERT_EQ(created.status, 201) << created.body;
    const auto scored =
        as(teacher_, "PUT",
           "/api/v1/evaluations/" + parse(created.body)->getValue<std::string>("id") + "/scores",
           R"({"scores":[{"student_id":)" + id(student_) + R"(,"value":)" + lea +
               R"(},{"student_id":)" + id(classmate_) + R"(,"value":)" + hugo + "}]}");
    ASSERT_EQ(scored.status, 200) << scored.body;
  };
  evaluation("2026-09-14", "20", "2", "14", "10");
  evaluation("2026-09-15", "10", "1", "8", "5");

  const auto hidden = parse(as(student_, "GET", "/api/v1/grades?period=1").body);
  EXPECT_EQ(hidden->getArray("subjects")->size(), 0u);
  EXPECT_TRUE(hidden->isNull("general_average"));
  EXPECT_TRUE(unreadKinds(parent_).empty());

  node_.clock().set(kMonday0900 + 4 * kDay);  // Friday 18 September
  const auto shown = as(parent_, "GET", "/api/v1/grades?period=1&student_id=" + id(student_));
  ASSERT_EQ(shown.status, 200) << shown.body;
  const auto report = parse(shown.body);
  const auto subject = report->getArray("subjects")->getObject(0);
  EXPECT_EQ(subject->getValue<std::string>("average"), "14.67");
  EXPECT_EQ(subject->getObject("class_average")->getValue<std::string>("mean"), "12.33");
  EXPECT_EQ(subject->getObject("class_average")->getValue<std::string>("min"), "10");
  EXPECT_EQ(subject->getObject("class_average")->getValue<std::string>("max"), "14.67");
  const auto first = subject->getArray("evaluations")->getObject(0);
  EXPECT_EQ(first->getObject("score")->getValue<std::string>("value"), "14");
  EXPECT_EQ(first->getObject("stats")->getValue<std::string>("mean"), "12");
  EXPECT_EQ(report->getValue<std::string>("general_average"), "14.67");
}

}  // namespace
}  // namespace cartable
