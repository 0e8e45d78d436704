// GET and PUT /api/v1/me/notification-preferences: defaults, changes of one
// category or all, the parent's required attendance feed, bad input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "notifications/notifications.h"
#include "support/test_node.h"

namespace cartable {
namespace {

using directory::Role;
using testing::HttpResult;
using testing::TestNode;

constexpr const char* kPath = "/api/v1/me/notification-preferences";

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

class PreferencesApi : public ::testing::Test {
 protected:
  explicit PreferencesApi(const std::function<void(config::Settings&)>& tweak = {})
      : node_(tweak) {}

  void SetUp() override {
    parent_ = node_.addPerson("parent.un", {Role::parent});
    teacher_ = node_.addPerson("prof.un", {Role::teacher});
  }

  HttpResult as(std::int64_t who, const std::string& method, const std::string& body = {}) {
    const auto credentials = node_.sessionFor(who);
    return node_.request(method, kPath, body, &credentials);
  }

  // "feed/email" of `category` in a response body.
  static std::string channels(const std::string& body, const std::string& category) {
    const auto object = parse(body)->getObject("categories")->getObject(category);
    return std::string(object->getValue<bool>("feed") ? "on" : "off") + "/" +
           (object->getValue<bool>("email") ? "on" : "off");
  }

  static void expectProblem(const HttpResult& result, const std::string& field,
                            const std::string& detail) {
    EXPECT_EQ(result.status, 422) << result.body;
    const auto problem = parse(result.body);
    EXPECT_EQ(problem->optValue<std::string>("field", ""), field);
    EXPECT_EQ(problem->optValue<std::string>("detail", ""), detail);
  }

  TestNode node_;
  std::int64_t parent_ = 0, teacher_ = 0;
};

TEST_F(PreferencesApi, EveryCategoryIsInTheFeedAndNotEmailedByDefault) {
  const auto result = as(teacher_, "GET");
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(result.body,
            R"({"categories":{"timetable":{"feed":true,"email":false},)"
            R"("homework":{"feed":true,"email":false},"grades":{"feed":true,"email":false},)"
            R"("attendance":{"feed":true,"email":false},"message":{"feed":true,"email":false},)"
            R"("announcement":{"feed":true,"email":false},)"
            R"("document":{"feed":true,"email":false},"helpdesk":{"feed":true,"email":false}},)"
            R"("required_feeds":[],"email_available":false})");
  EXPECT_EQ(parse(as(parent_, "GET").body)->getArray("required_feeds")->size(), 1u);
  EXPECT_EQ(parse(as(parent_, "GET").body)->getArray("required_feeds")->getElement<std::string>(0),
            "attendance");
}

TEST_F(PreferencesApi, ChangingOneCategoryKeepsTheOthers) {
  const auto changed = as(teacher_, "PUT", R"({"homework":{"feed":false}})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(channels(changed.body, "homework"), "off/off");
  EXPECT_EQ(channels(changed.body, "grades"), "on/off");
  const auto read = as(teacher_, "GET");
  EXPECT_EQ(channels(read.body, "homework"), "off/off");
  EXPECT_EQ(as(teacher_, "PUT", R"({"homework":{"feed":true}})").status, 200);
  EXPECT_EQ(channels(as(teacher_, "GET").body, "homework"), "on/off");
}

TEST_F(PreferencesApi, TheWholeSetCanBeSentBack) {
  const auto read = parse(as(teacher_, "GET").body);
  auto categories = read->getObject("categories");
  categories->getObject("message")->set("feed", false);
  std::ostringstream body;
  categories->stringify(body);
  const auto changed = as(teacher_, "PUT", body.str());
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(channels(changed.body, "message"), "off/off");
  EXPECT_EQ(channels(changed.body, "timetable"), "on/off");
}

TEST_F(PreferencesApi, AMutedCategoryNoLongerReachesThePersonsFeed) {
  ASSERT_EQ(as(teacher_, "PUT", R"({"helpdesk":{"feed":false}})").status, 200);
  ASSERT_TRUE(node_.node()
                  .database()
                  .write([&](storage::Connection& db) -> Status {
                    CARTABLE_RETURN_IF_ERROR(notifications::notify(
                        db, {teacher_}, {"helpdesk.update", "Demande traitée", "", "/helpdesk/1"},
                        0, node_.clock().now()));
                    return notifications::notify(db, {teacher_},
                                                 {"timetable.cancelled", "Cours annulé", "", ""}, 0,
                                                 node_.clock().now());
                  })
                  .ok());
  const auto credentials = node_.sessionFor(teacher_);
  const auto feed = parse(node_.request("GET", "/api/v1/me/notifications", "", &credentials).body);
  ASSERT_EQ(feed->getArray("items")->size(), 1u);
  EXPECT_EQ(feed->getArray("items")->getObject(0)->getValue<std::string>("title"), "Cours annulé");
}

TEST_F(PreferencesApi, AParentIsRefusedMutingAttendanceAndNothingChanges) {
  expectProblem(as(parent_, "PUT", R"({"homework":{"feed":false},"attendance":{"feed":false}})"),
                "attendance.feed",
                "\"attendance\" notices cannot be turned off in the feed: a parent must see "
                "their children's absences");
  EXPECT_EQ(channels(as(parent_, "GET").body, "homework"), "on/off");
  // A teacher may mute it.
  EXPECT_EQ(as(teacher_, "PUT", R"({"attendance":{"feed":false}})").status, 200);
}

TEST_F(PreferencesApi, AnUnknownCategoryIsNamed) {
  expectProblem(as(teacher_, "PUT", R"({"homework":{"feed":false},"weather":{"feed":false}})"),
                "weather",
                "unknown notification category \"weather\"; categories: timetable, homework, "
                "grades, attendance, message, announcement, document, helpdesk");
  EXPECT_EQ(channels(as(teacher_, "GET").body, "homework"), "on/off");
}

TEST_F(PreferencesApi, UnknownKeysAndWrongTypesAreRefused) {
  expectProblem(as(teacher_, "PUT", R"({"homework":{"sms":true}})"), "homework.sms",
                "unknown field \"homework.sms\"");
  expectProblem(as(teacher_, "PUT", R"({"homework":{"feed":"no"}})"), "homework.feed",
                "\"homework.feed\" must be true or false");
  expectProblem(as(teacher_, "PUT", R"({"homework":true})"), "homework",
                "\"homework\" must be an object");
}

TEST_F(PreferencesApi, EmailIsRefusedWhileTheNodeHasNoRelay) {
  expectProblem(as(teacher_, "PUT", R"({"grades":{"email":true}})"), "grades.email",
                "email is not available: this school's node has no mail relay configured");
  EXPECT_EQ(as(teacher_, "PUT", R"({"grades":{"email":false}})").status, 200);
}

class PreferencesApiWithRelay : public PreferencesApi {
 protected:
  PreferencesApiWithRelay()
      : PreferencesApi([](config::Settings& settings) {
          // Nothing listens there; no email is due while the test runs.
          settings.mail.smtp_host = "127.0.0.1";
          settings.mail.smtp_port = 9;
          settings.mail.from = "ent@college.example.fr";
        }) {}
};

TEST_F(PreferencesApiWithRelay, EmailCanBeTurnedOnPerCategory) {
  const auto changed = as(parent_, "PUT", R"({"grades":{"email":true}})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(channels(changed.body, "grades"), "on/on");
  EXPECT_EQ(channels(changed.body, "attendance"), "on/off");
  EXPECT_TRUE(parse(changed.body)->getValue<bool>("email_available"));
}

}  // namespace
}  // namespace cartable
