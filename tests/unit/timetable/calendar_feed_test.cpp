// The private iCalendar subscription, fetched as a calendar client would and
// read back by a real iCalendar parser (python3-icalendar).
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <cstdio>
#include <fstream>

#include "directory/structure.h"
#include "directory/users.h"
#include "homework/homework.h"
#include "support/test_node.h"
#include "timetable/timetable.h"

namespace cartable {
namespace {

using directory::Role;
using testing::TestNode;

constexpr Seconds kWednesday = 1789560000;  // 2026-09-16 12:00 UTC, a Wednesday

class CalendarFeed : public ::testing::Test {
 protected:
  void SetUp() override {
    node_.clock().set(kWednesday);
    student_ = node_.addPerson("eleve.un", {Role::student});
    parent_ = node_.addPerson("parent.un", {Role::parent});
    teacher_ = node_.addPerson("prof.un", {Role::teacher});
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(auto class_id,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(auto maths,
                                directory::insertSubject(db, {0, "MATHS", "Mathématiques"}));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student_, class_id, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {parent_, student_, true, "mère"}));
      timetable::Lesson lesson{0,
                               maths,
                               class_id,
                               std::nullopt,
                               {teacher_},
                               "B12",
                               1,
                               "08:00",
                               "09:00",
                               timetable::WeekPattern::all,
                               "2026-09-14",
                               "2026-09-25"};
      CARTABLE_ASSIGN_OR_RETURN(lesson_, timetable::createLesson(db, lesson));
      timetable::LessonChange cancelled;
      cancelled.lesson_id = lesson_;
      cancelled.on_date = "2026-09-21";
      cancelled.note =
          "Sortie scolaire au musée : les élèves de 6e A rejoignent le car devant "
          "le gymnase, retour prévu à 17 h; prévoir un pique-nique, des chaussures";
      homework::Homework work;
      work.teacher_id = teacher_;
      work.subject_id = maths;
      work.class_id = class_id;
      work.due_on = "2026-09-18";
      work.due_at = "08:00";
      work.instructions = "Exercices 1 à 3, page 12";
      if (!homework::createHomework(db, work, kWednesday).ok()) {
        return Status(makeError(Errc::internal, "homework refused"));
      }
      return timetable::recordChange(db, cancelled, teacher_, kWednesday).ok()
                 ? okStatus()
                 : Status(makeError(Errc::internal, "change refused"));
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  // Issues the person's feed and returns its path and query (the URL minus host).
  std::string issue(std::int64_t person) {
    auto session = node_.sessionFor(person);
    const auto result = node_.request("POST", "/api/v1/me/calendar-feed", "", &session);
    EXPECT_EQ(result.status, 201) << result.body;
    const auto body = Poco::JSON::Parser().parse(result.body).extract<Poco::JSON::Object::Ptr>();
    const std::string url = body->getValue<std::string>("url");
    return url.substr(url.find("/ical/"));
  }

  // The events of the feed at `path`, one line each, as the parser reads them.
  std::string events(const std::string& path) {
    const auto result = node_.request("GET", path);
    EXPECT_EQ(result.status, 200) << result.body;
    EXPECT_EQ(result.header("content-type"), "text/calendar; charset=utf-8");
    const std::string file = dir_.file("feed.ics");
    std::ofstream(file, std::ios::binary) << result.body;
    const char* source_dir = std::getenv("CARTABLE_SOURCE_DIR");
    if (source_dir == nullptr) {
      ADD_FAILURE() << "CARTABLE_SOURCE_DIR is not set (run through ctest)";
      return "";
    }
    const std::string command = "/usr/bin/python3 " + std::string(source_dir) +
                                "/tests/unit/timetable/ics_events.py " + file + " 2>&1";
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    char buffer[4096];
    while (pipe && std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
    EXPECT_EQ(pipe ? pclose(pipe) : -1, 0) << out;
    return out;
  }

  TestNode node_;
  testing::TempDir dir_;
  std::int64_t student_ = 0, parent_ = 0, teacher_ = 0, lesson_ = 0;
};

TEST_F(CalendarFeed, AStudentsFeedHoldsTheirLessonsWithChangesInParisTime) {
  const std::string uid = "lesson-" + std::to_string(lesson_);
  const std::string me = std::to_string(student_) + "@0541234Y";
  EXPECT_EQ(events(issue(student_)),
            uid + "-20260914-" + me +
                " | 2026-09-14T08:00:00+02:00 | 2026-09-14T09:00:00+02:00 | Mathématiques (6e A) | "
                "Salle B12 |  | Prénom prof.un\n" +
                uid + "-20260921-" + me +
                " | 2026-09-21T08:00:00+02:00 | 2026-09-21T09:00:00+02:00 | Annulé : "
                "Mathématiques (6e A) | Salle B12 | CANCELLED | Prénom prof.un\\nSortie scolaire "
                "au musée : les élèves de 6e A rejoignent le car devant le gymnase, retour prévu à "
                "17 h; prévoir un pique-nique, des chaussures\n" +
                "homework-1-" + me +
                " | 2026-09-18 | 2026-09-19 | Devoir : Mathématiques |  |  | À rendre avant "
                "08:00.\\nExercices 1 à 3, page 12\n");
}

TEST_F(CalendarFeed, AParentsFeedNamesTheChild) {
  const std::string out = events(issue(parent_));
  EXPECT_NE(out.find("| Prénom · Mathématiques (6e A) |"), std::string::npos) << out;
  EXPECT_NE(out.find("| Prénom · Annulé : Mathématiques (6e A) |"), std::string::npos) << out;
}

TEST_F(CalendarFeed, ATeacherSeesTheirOwnLessons) {
  const std::string out = events(issue(teacher_));
  EXPECT_NE(out.find("2026-09-14T08:00:00+02:00"), std::string::npos) << out;
}

TEST_F(CalendarFeed, ANewTokenRevokesTheOldOneAndRevokingEndsTheFeed) {
  const std::string first = issue(student_);
  const std::string second = issue(student_);
  EXPECT_EQ(node_.request("GET", first).status, 404);
  EXPECT_EQ(node_.request("GET", second).status, 200);
  auto session = node_.sessionFor(student_);
  EXPECT_EQ(node_.request("DELETE", "/api/v1/me/calendar-feed", "", &session).status, 204);
  EXPECT_EQ(node_.request("GET", second).status, 404);
  EXPECT_EQ(node_.request("DELETE", "/api/v1/me/calendar-feed", "", &session).status, 404);
  const auto state = node_.request("GET", "/api/v1/me/calendar-feed", "", &session);
  EXPECT_EQ(state.body, R"({"active":false})");
}

TEST_F(CalendarFeed, ADisabledAccountsFeedIsGone) {
  const std::string path = issue(student_);
  ASSERT_TRUE(node_.node()
                  .database()
                  .write([&](storage::Connection& db) {
                    return directory::setDisabled(db, student_, kWednesday, kWednesday);
                  })
                  .ok());
  EXPECT_EQ(node_.request("GET", path).status, 404);
}

TEST_F(CalendarFeed, AMissingOrWrongTokenIsNotFound) {
  issue(student_);
  EXPECT_EQ(node_.request("GET", "/ical/feed.ics").status, 404);
  EXPECT_EQ(node_.request("GET", "/ical/feed.ics?token=AAAA").status, 404);
}

}  // namespace
}  // namespace cartable
