// The help desk through the HTTP API: opening tickets (with a screenshot),
// who sees which, the admins' handling and the conversation.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "support/multipart_form.h"
#include "support/test_node.h"

namespace cartable {
namespace {

using directory::Role;
using testing::Credentials;
using testing::HttpResult;
using testing::TestNode;

const std::string kPng("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
const std::string kPdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

class HelpDeskApi : public ::testing::Test {
 protected:
  void SetUp() override {
    parent_ = node_.addPerson("parent.un", {Role::parent});
    teacher_ = node_.addPerson("prof.un", {Role::teacher});
    admin_ = node_.addPerson("direction", {Role::admin});
    node_.enrollTotp(admin_);
  }

  HttpResult as(std::int64_t who, const std::string& method, const std::string& path,
                const std::string& body = {}) {
    const Credentials credentials = node_.sessionFor(who);
    return node_.request(method, path, body, &credentials);
  }

  HttpResult openWithForm(std::int64_t who, const std::vector<testing::FormPart>& parts) {
    const Credentials credentials = node_.sessionFor(who);
    return node_.request("POST", "/api/v1/helpdesk/tickets", testing::multipartForm(parts),
                         &credentials, {{"Content-Type", testing::multipartContentType()}});
  }

  std::int64_t open(std::int64_t who) {
    const auto opened = as(who, "POST", "/api/v1/helpdesk/tickets",
                           R"({"category":"grades","subject":"Note manquante",)"
                           R"("text":"La note du contrôle n'apparaît pas."})");
    EXPECT_EQ(opened.status, 201) << opened.body;
    return opened.status == 201 ? parse(opened.body)->getValue<std::int64_t>("id") : 0;
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
  std::int64_t parent_ = 0, teacher_ = 0, admin_ = 0;
};

TEST_F(HelpDeskApi, AnyoneOpensATicketAndTheAdminIsTold) {
  const auto id = open(parent_);
  const auto seen = as(parent_, "GET", "/api/v1/helpdesk/tickets/" + std::to_string(id));
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(parse(seen.body)->getValue<std::string>("status"), "open");
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'helpdesk.new' AND user_id = " +
                  std::to_string(admin_)),
            1);
}

TEST_F(HelpDeskApi, AScreenshotComesWithTheTicketAndIsShownToItsReporterAndAdmins) {
  const auto opened = openWithForm(teacher_, {{"category", "timetable"},
                                              {"subject", "Emploi du temps vide"},
                                              {"text", "Rien ne s'affiche."},
                                              {"screenshot", kPng, "capture.png", "image/png"}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  const auto json = parse(opened.body);
  EXPECT_TRUE(json->getValue<bool>("has_screenshot"));
  const std::string path =
      "/api/v1/helpdesk/tickets/" + std::to_string(json->getValue<std::int64_t>("id"));
  const auto screenshot = as(admin_, "GET", path + "/screenshot");
  ASSERT_EQ(screenshot.status, 200);
  EXPECT_EQ(screenshot.body, kPng);
  EXPECT_EQ(screenshot.header("content-type"), "image/png");
  EXPECT_EQ(as(parent_, "GET", path + "/screenshot").status, 403);
}

TEST_F(HelpDeskApi, ANonImageScreenshotIsRefusedAndNoTicketIsOpened) {
  const auto refused =
      openWithForm(teacher_, {{"category", "timetable"},
                              {"subject", "Emploi du temps vide"},
                              {"text", "Rien ne s'affiche."},
                              {"screenshot", kPdf, "capture.pdf", "application/pdf"}});
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(parse(refused.body)->getValue<std::string>("field"), "screenshot");
  EXPECT_EQ(count("SELECT count(*) FROM helpdesk_tickets"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM files"), 0);
}

TEST_F(HelpDeskApi, BadInputIsRefusedNamingTheField) {
  struct Case {
    std::string json;
    std::string field;
  };
  const std::vector<Case> cases = {
      {R"({"category":"printer","subject":"x","text":"y"})", "category"},
      {R"({"category":"other","subject":"x","text":""})", "text"},
      {R"({"category":"other","subject":"","text":"y"})", "subject"},
      {R"({"category":"other","subject":"x"})", "text"},
  };
  for (const Case& bad : cases) {
    const auto refused = as(parent_, "POST", "/api/v1/helpdesk/tickets", bad.json);
    EXPECT_EQ(refused.status, 422) << bad.json << " → " << refused.body;
    EXPECT_EQ(parse(refused.body)->getValue<std::string>("field"), bad.field) << refused.body;
  }
  EXPECT_EQ(count("SELECT count(*) FROM helpdesk_tickets"), 0);
}

TEST_F(HelpDeskApi, AUserCannotReadSomeoneElsesTicket) {
  const auto id = open(parent_);
  const std::string path = "/api/v1/helpdesk/tickets/" + std::to_string(id);
  EXPECT_EQ(as(teacher_, "GET", path).status, 403);
  EXPECT_EQ(as(teacher_, "POST", path + "/comments", R"({"text":"moi aussi"})").status, 403);
  const auto list = as(teacher_, "GET", "/api/v1/helpdesk/tickets");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(parse(list.body)->getArray("items")->size(), 0u);
}

TEST_F(HelpDeskApi, AdminsHandleTicketsAndListThemByStatus) {
  const auto id = open(parent_);
  open(teacher_);
  const std::string path = "/api/v1/helpdesk/tickets/" + std::to_string(id);
  EXPECT_EQ(as(parent_, "PATCH", path, R"({"status":"closed"})").status, 403);
  const auto patched =
      as(admin_, "PATCH", path,
         R"({"status":"in_progress","assignee_id":)" + std::to_string(admin_) + "}");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(parse(patched.body)->getValue<std::string>("status"), "in_progress");
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'helpdesk.update' AND "
                  "user_id = " +
                  std::to_string(parent_)),
            1);
  const auto bad = as(admin_, "PATCH", path, R"({"status":"done"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(parse(bad.body)->getValue<std::string>("field"), "status");
  const auto listed = as(admin_, "GET", "/api/v1/helpdesk/tickets?status=in_progress");
  ASSERT_EQ(listed.status, 200);
  const auto items = parse(listed.body)->getArray("items");
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ(items->getObject(0)->getValue<std::int64_t>("id"), id);
  EXPECT_EQ(as(admin_, "GET", "/api/v1/helpdesk/tickets?category=printer").status, 422);
}

TEST_F(HelpDeskApi, InternalNotesAreHiddenFromTheReporter) {
  const auto id = open(parent_);
  const std::string path = "/api/v1/helpdesk/tickets/" + std::to_string(id);
  ASSERT_EQ(as(admin_, "POST", path + "/comments", R"({"text":"Vu.","internal":true})").status,
            201);
  ASSERT_EQ(as(admin_, "POST", path + "/comments", R"({"text":"Corrigé."})").status, 201);
  // A reporter may reply, not write internal notes.
  EXPECT_EQ(as(parent_, "POST", path + "/comments", R"({"text":"x","internal":true})").status, 403);
  ASSERT_EQ(as(parent_, "POST", path + "/comments", R"({"text":"Merci !"})").status, 201);
  const auto reporter_view = parse(as(parent_, "GET", path).body)->getArray("comments");
  ASSERT_EQ(reporter_view->size(), 2u);
  EXPECT_EQ(reporter_view->getObject(0)->getValue<std::string>("text"), "Corrigé.");
  EXPECT_EQ(parse(as(admin_, "GET", path).body)->getArray("comments")->size(), 3u);
}

}  // namespace
}  // namespace cartable
