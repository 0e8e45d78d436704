// Attendance through the HTTP API: what a teacher, a CPE and a parent see.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "directory/structure.h"
#include "school_time.h"
#include "support/multipart_form.h"
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

std::string fieldOf(const HttpResult& result) {
  return parse(result.body)->getValue<std::string>("field");
}

class AttendanceApi : public ::testing::Test {
 protected:
  void SetUp() override {
    node_.clock().set(attendance::at("2026-09-07", "08:10"));
    student_ = node_.addPerson("eleve.un", {Role::student});
    classmate_ = node_.addPerson("eleve.deux", {Role::student});
    parent_ = node_.addPerson("parent.un", {Role::parent});
    teacher_ = node_.addPerson("prof.un", {Role::teacher});
    staff_ = node_.addPerson("cpe.un", {Role::staff});
    node_.enrollTotp(staff_);
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(class_,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(auto maths,
                                directory::insertSubject(db, {0, "MATHS", "Mathématiques"}));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student_, class_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, classmate_, class_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {parent_, student_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher_, maths, class_, std::nullopt, true}));
      timetable::Calendar calendar;
      calendar.periods = {{"Trimestre 1", "2026-09-01", "2026-11-30"}};
      CARTABLE_RETURN_IF_ERROR(timetable::setCalendar(db, calendar));
      timetable::Lesson lesson{0,
                               maths,
                               class_,
                               std::nullopt,
                               {teacher_},
                               "B12",
                               1,
                               "08:00",
                               "09:00",
                               timetable::WeekPattern::all,
                               "2026-09-01",
                               "2027-07-04"};
      CARTABLE_ASSIGN_OR_RETURN(lesson_, timetable::createLesson(db, lesson));
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
    teacher_session_ = node_.sessionFor(teacher_);
    staff_session_ = node_.sessionFor(staff_);
    parent_session_ = node_.sessionFor(parent_);
  }

  std::string rollPath(const std::string& date) const {
    return "/api/v1/timetable/lessons/" + std::to_string(lesson_) + "/roll-calls/" + date;
  }

  std::string absentBody(std::int64_t student) const {
    return R"({"entries":[{"student_id":)" + std::to_string(student) + R"(,"status":"absent"}]})";
  }

  std::string justificationBody(const std::string& text) const {
    return R"({"student_id":)" + std::to_string(student_) +
           R"(,"reason":"illness","from_date":"2026-09-07","to_date":"2026-09-07","text":")" +
           text + R"("})";
  }

  Poco::JSON::Object::Ptr summary(const Credentials& who) {
    const auto result =
        node_.request("GET", "/api/v1/attendance/students/" + std::to_string(student_), "", &who);
    EXPECT_EQ(result.status, 200) << result.body;
    return parse(result.body);
  }

  TestNode node_;
  Credentials teacher_session_, staff_session_, parent_session_;
  std::int64_t student_ = 0, classmate_ = 0, parent_ = 0, teacher_ = 0, staff_ = 0;
  std::int64_t class_ = 0, lesson_ = 0;
};

TEST_F(AttendanceApi, TheTeacherTicksAnAbsenteeAndTheParentSeesTheHalfDay) {
  const auto taken =
      node_.request("PUT", rollPath("2026-09-07"), absentBody(student_), &teacher_session_);
  ASSERT_EQ(taken.status, 200) << taken.body;
  const auto roll = parse(taken.body);
  EXPECT_TRUE(roll->getValue<bool>("taken"));
  const auto students = roll->getArray("students");
  ASSERT_EQ(students->size(), 2u);
  for (std::size_t i = 0; i < students->size(); ++i) {
    const auto one = students->getObject(static_cast<unsigned>(i));
    const bool absentee = one->getValue<std::int64_t>("student_id") == student_;
    EXPECT_EQ(one->getValue<std::string>("status"), absentee ? "absent" : "present");
  }

  const auto seen = summary(parent_session_);
  EXPECT_EQ(seen->getValue<int>("half_days_absent"), 1);
  EXPECT_EQ(seen->getValue<int>("half_days_unjustified"), 1);
  EXPECT_EQ(seen->getObject("period")->getValue<std::string>("label"), "Trimestre 1");
  const auto event = seen->getArray("events")->getObject(0);
  EXPECT_EQ(event->getValue<std::string>("status"), "absent");
  EXPECT_EQ(event->getValue<std::string>("justification"), "unjustified");
}

TEST_F(AttendanceApi, TheRollOfAnOccurrenceIsReadBeforeAndAfterItIsTaken) {
  const auto before = node_.request("GET", rollPath("2026-09-07"), "", &teacher_session_);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_FALSE(parse(before.body)->getValue<bool>("taken"));
  EXPECT_TRUE(parse(before.body)->get("taken_by").isEmpty());
  ASSERT_EQ(
      node_.request("PUT", rollPath("2026-09-07"), R"({"entries":[]})", &teacher_session_).status,
      200);
  const auto after = node_.request("GET", rollPath("2026-09-07"), "", &staff_session_);
  EXPECT_EQ(parse(after.body)->getValue<std::int64_t>("taken_by"), teacher_);
}

TEST_F(AttendanceApi, BadRollCallsAreRefusedNamingTheFieldAndChangeNothing) {
  const auto stranger =
      node_.request("PUT", rollPath("2026-09-07"), absentBody(staff_), &teacher_session_);
  EXPECT_EQ(stranger.status, 422);
  EXPECT_EQ(fieldOf(stranger), "entries[0].student_id");
  const auto tuesday =
      node_.request("PUT", rollPath("2026-09-08"), absentBody(student_), &teacher_session_);
  EXPECT_EQ(tuesday.status, 422);
  EXPECT_EQ(fieldOf(tuesday), "date");
  const auto status = node_.request(
      "PUT", rollPath("2026-09-07"),
      R"({"entries":[{"student_id":)" + std::to_string(student_) + R"(,"status":"sick"}]})",
      &teacher_session_);
  EXPECT_EQ(status.status, 422);
  EXPECT_EQ(fieldOf(status), "entries[0].status");
  const auto late = node_.request(
      "PUT", rollPath("2026-09-07"),
      R"({"entries":[{"student_id":)" + std::to_string(student_) + R"(,"status":"late"}]})",
      &teacher_session_);
  EXPECT_EQ(late.status, 422);
  EXPECT_EQ(fieldOf(late), "entries[0].minutes_late");
  const auto missing = node_.request("PUT", rollPath("2026-09-07"), "{}", &teacher_session_);
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(fieldOf(missing), "entries");
  const auto read = node_.request("GET", rollPath("2026-09-07"), "", &teacher_session_);
  EXPECT_FALSE(parse(read.body)->getValue<bool>("taken"));
}

TEST_F(AttendanceApi, StaffSeeTheRollCallsNotTakenUntilTheTeacherTakesThem) {
  auto missing = [&] {
    const auto result =
        node_.request("GET", "/api/v1/attendance/missing-roll-calls", "", &staff_session_);
    EXPECT_EQ(result.status, 200) << result.body;
    return parse(result.body)->getArray("items")->size();
  };
  EXPECT_EQ(missing(), 1u);
  ASSERT_EQ(
      node_.request("PUT", rollPath("2026-09-07"), R"({"entries":[]})", &teacher_session_).status,
      200);
  EXPECT_EQ(missing(), 0u);
  const auto past = node_.request("GET", "/api/v1/attendance/missing-roll-calls?date=2026-09-14",
                                  "", &staff_session_);
  EXPECT_EQ(parse(past.body)->getArray("items")->size(), 0u);  // not started yet
  const auto bad = node_.request("GET", "/api/v1/attendance/missing-roll-calls?date=tomorrow", "",
                                 &staff_session_);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(fieldOf(bad), "date");
}

TEST_F(AttendanceApi, AParentJustifiesAndTheCpeAcceptsItThenTheAbsenceIsJustified) {
  ASSERT_EQ(
      node_.request("PUT", rollPath("2026-09-07"), absentBody(student_), &teacher_session_).status,
      200);
  const auto submitted = node_.request("POST", "/api/v1/attendance/justifications",
                                       justificationBody("Fièvre"), &parent_session_);
  ASSERT_EQ(submitted.status, 201) << submitted.body;
  EXPECT_EQ(parse(submitted.body)->getValue<std::string>("state"), "pending");
  EXPECT_EQ(parse(submitted.body)->getValue<std::string>("reason_label"), "Maladie");
  const std::int64_t id = parse(submitted.body)->getValue<std::int64_t>("id");

  const auto pending =
      node_.request("GET", "/api/v1/attendance/justifications?state=pending", "", &staff_session_);
  ASSERT_EQ(pending.status, 200) << pending.body;
  EXPECT_EQ(parse(pending.body)->getArray("items")->size(), 1u);

  const std::string decision =
      "/api/v1/attendance/justifications/" + std::to_string(id) + "/decision";
  const auto refused_bare =
      node_.request("POST", decision, R"({"decision":"refuse"})", &staff_session_);
  EXPECT_EQ(refused_bare.status, 422);
  EXPECT_EQ(fieldOf(refused_bare), "comment");
  const auto accepted =
      node_.request("POST", decision, R"({"decision":"accept"})", &staff_session_);
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(parse(accepted.body)->getValue<std::string>("state"), "accepted");
  EXPECT_EQ(node_.request("POST", decision, R"({"decision":"accept"})", &staff_session_).status,
            409);

  const auto seen = summary(parent_session_);
  EXPECT_EQ(seen->getValue<int>("half_days_unjustified"), 0);
  EXPECT_EQ(seen->getArray("events")->getObject(0)->getValue<std::string>("justification"),
            "justified");
  const auto own = node_.request("GET", "/api/v1/attendance/justifications", "", &parent_session_);
  EXPECT_EQ(parse(own.body)->getArray("items")->size(), 1u);
}

TEST_F(AttendanceApi, AParentAttachesACertificateThatStaffDownloadUntilItIsDecided) {
  const auto submitted = node_.request("POST", "/api/v1/attendance/justifications",
                                       justificationBody("Fièvre"), &parent_session_);
  ASSERT_EQ(submitted.status, 201) << submitted.body;
  const std::string document = "/api/v1/attendance/justifications/" +
                               std::to_string(parse(submitted.body)->getValue<std::int64_t>("id")) +
                               "/document";
  EXPECT_EQ(node_.request("GET", document, "", &staff_session_).status, 404);
  const std::string pdf = "%PDF-1.7\ncertificat\n%%EOF\n";
  const auto form = testing::multipartForm({{"file", pdf, "certificat.pdf", "application/pdf"}});
  const std::map<std::string, std::string> headers = {
      {"Content-Type", testing::multipartContentType()}};
  const auto attached = node_.request("PUT", document, form, &parent_session_, headers);
  ASSERT_EQ(attached.status, 200) << attached.body;
  EXPECT_TRUE(parse(attached.body)->getValue<std::int64_t>("file_id") > 0);

  const auto downloaded = node_.request("GET", document, "", &staff_session_);
  ASSERT_EQ(downloaded.status, 200) << downloaded.body;
  EXPECT_EQ(downloaded.body, pdf);
  EXPECT_EQ(downloaded.header("content-type"), "application/pdf");

  const auto refused = node_.request(
      "PUT", document,
      testing::multipartForm({{"file", "not a pdf", "certificat.pdf", "application/pdf"}}),
      &parent_session_, headers);
  EXPECT_EQ(refused.status, 422) << refused.body;
  const std::string decision = document.substr(0, document.size() - 9) + "/decision";
  ASSERT_EQ(node_.request("POST", decision, R"({"decision":"accept"})", &staff_session_).status,
            200);
  EXPECT_EQ(node_.request("PUT", document, form, &parent_session_, headers).status, 409);
  EXPECT_EQ(node_.request("GET", document, "", &parent_session_).body, pdf);
}

TEST_F(AttendanceApi, ABadJustificationIsRefusedNamingTheField) {
  const auto silent = node_.request("POST", "/api/v1/attendance/justifications",
                                    justificationBody(""), &parent_session_);
  EXPECT_EQ(silent.status, 422);
  EXPECT_EQ(fieldOf(silent), "text");
  const auto reason =
      node_.request("POST", "/api/v1/attendance/justifications",
                    R"({"student_id":)" + std::to_string(student_) +
                        R"(,"reason":"holiday","from_date":"2026-09-07","to_date":"2026-09-07"})",
                    &staff_session_);
  EXPECT_EQ(reason.status, 422);
  EXPECT_EQ(fieldOf(reason), "reason");
  const auto state =
      node_.request("GET", "/api/v1/attendance/justifications?state=maybe", "", &staff_session_);
  EXPECT_EQ(state.status, 422);
  EXPECT_EQ(fieldOf(state), "state");
}

TEST_F(AttendanceApi, StaffRecordAnAcceptedJustificationWithoutText) {
  const auto recorded = node_.request(
      "POST", "/api/v1/attendance/justifications",
      R"({"student_id":)" + std::to_string(student_) +
          R"(,"reason":"exam","from_date":"2026-09-07","from_time":"08:00","to_date":"2026-09-07","to_time":"12:00"})",
      &staff_session_);
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  EXPECT_EQ(parse(recorded.body)->getValue<std::string>("state"), "accepted");
  EXPECT_EQ(parse(recorded.body)->getValue<std::string>("from_time"), "08:00");
  EXPECT_TRUE(parse(recorded.body)->get("file_id").isEmpty());
}

TEST_F(AttendanceApi, TheClassSummaryListsEachStudentForAPeriodOrDates) {
  ASSERT_EQ(node_.request("PUT", rollPath("2026-09-07"), absentBody(classmate_), &teacher_session_)
                .status,
            200);
  const std::string path = "/api/v1/classes/" + std::to_string(class_) + "/attendance";
  const auto by_period = node_.request("GET", path + "?period=1", "", &teacher_session_);
  ASSERT_EQ(by_period.status, 200) << by_period.body;
  const auto items = parse(by_period.body)->getArray("items");
  ASSERT_EQ(items->size(), 2u);
  int absent_half_days = 0;
  for (std::size_t i = 0; i < items->size(); ++i) {
    absent_half_days +=
        items->getObject(static_cast<unsigned>(i))->getValue<int>("half_days_absent");
  }
  EXPECT_EQ(absent_half_days, 1);
  const auto later =
      node_.request("GET", path + "?from=2026-09-08&to=2026-09-30", "", &staff_session_);
  ASSERT_EQ(later.status, 200) << later.body;
  EXPECT_EQ(parse(later.body)->getArray("items")->getObject(0)->getValue<int>("half_days_absent"),
            0);
  const auto bad = node_.request("GET", path + "?period=2", "", &staff_session_);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(fieldOf(bad), "period");
}

TEST_F(AttendanceApi, TheReasonsAreListedWithTheirLabels) {
  const auto listed = node_.request("GET", "/api/v1/attendance/reasons", "", &parent_session_);
  ASSERT_EQ(listed.status, 200);
  const auto first = parse(listed.body)->getArray("items")->getObject(0);
  EXPECT_EQ(first->getValue<std::string>("code"), "illness");
  EXPECT_EQ(first->getValue<std::string>("label"), "Maladie");
}

}  // namespace
}  // namespace cartable
