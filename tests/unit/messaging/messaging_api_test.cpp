// Messaging through the HTTP API: the policy's refusals as a client sees them,
// the admin switching a rule, files in replies and who may download them,
// reports, unread counts, search, the recipient picker and bad input.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "directory/structure.h"
#include "files/files.h"
#include "support/multipart_form.h"
#include "support/test_node.h"

namespace cartable {
namespace {

using directory::Role;
using testing::Credentials;
using testing::HttpResult;
using testing::TestNode;

const std::string kPdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

class MessagingApi : public ::testing::Test {
 protected:
  void SetUp() override {
    student_ = node_.addPerson("eleve.un", {Role::student});
    classmate_ = node_.addPerson("eleve.deux", {Role::student});
    other_student_ = node_.addPerson("eleve.trois", {Role::student});
    parent_ = node_.addPerson("parent.un", {Role::parent});
    other_parent_ = node_.addPerson("parent.trois", {Role::parent});
    teacher_ = node_.addPerson("prof.un", {Role::teacher});
    admin_ = node_.addPerson("direction", {Role::admin});
    node_.enrollTotp(admin_);
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(auto a,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(auto b,
                                directory::insertClass(db, {0, "6B", "6e B", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(auto maths, directory::insertSubject(db, {0, "MATHS", "Maths"}));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student_, a, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, classmate_, a, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, other_student_, b, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {parent_, student_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::linkGuardian(db, {other_parent_, other_student_, true, "père"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher_, maths, a, std::nullopt, true}));
      class_a_ = a;
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  HttpResult as(std::int64_t who, const std::string& method, const std::string& path,
                const std::string& body = {}) {
    const Credentials credentials = node_.sessionFor(who);
    return node_.request(method, path, body, &credentials);
  }

  HttpResult form(std::int64_t who, const std::string& path,
                  const std::vector<testing::FormPart>& parts) {
    const Credentials credentials = node_.sessionFor(who);
    return node_.request("POST", path, testing::multipartForm(parts), &credentials,
                         {{"Content-Type", testing::multipartContentType()}});
  }

  static std::string startBody(std::int64_t to, const std::string& text = "Bonjour") {
    return R"({"subject":"Rendez-vous","recipients":[)" + std::to_string(to) + R"(],"text":")" +
           text + R"("})";
  }

  // Starts a conversation; its id and its first message's id.
  std::pair<std::int64_t, std::int64_t> start(std::int64_t from, std::int64_t to) {
    const auto created = as(from, "POST", "/api/v1/conversations", startBody(to));
    EXPECT_EQ(created.status, 201) << created.body;
    auto message = parse(created.body);
    return {message->getValue<std::int64_t>("conversation_id"),
            message->getValue<std::int64_t>("id")};
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
  std::int64_t student_ = 0, classmate_ = 0, other_student_ = 0, parent_ = 0, other_parent_ = 0;
  std::int64_t teacher_ = 0, admin_ = 0, class_a_ = 0;
};

TEST_F(MessagingApi, AStudentWritesToAClassmateOnlyOnceTheAdminAllowsIt) {
  const auto refused = as(student_, "POST", "/api/v1/conversations", startBody(classmate_));
  ASSERT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(parse(refused.body)->getValue<std::string>("field"), "recipients[0]");
  EXPECT_EQ(parse(refused.body)->getValue<std::string>("detail"),
            "the school's policy \"student_classmates\" does not allow students to write to "
            "classmates");
  EXPECT_EQ(count("SELECT count(*) FROM conversations"), 0);

  EXPECT_EQ(
      as(teacher_, "PUT", "/api/v1/messaging/policy", R"({"rules":{"student_classmates":true}})")
          .status,
      403);
  const auto changed =
      as(admin_, "PUT", "/api/v1/messaging/policy", R"({"rules":{"student_classmates":true}})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE event = 'messaging.policy'"), 1);
  const auto policy = parse(as(student_, "GET", "/api/v1/messaging/policy").body);
  auto rule = policy->getArray("rules")->getObject(2);
  EXPECT_EQ(rule->getValue<std::string>("name"), "student_classmates");
  EXPECT_TRUE(rule->getValue<bool>("allowed"));
  EXPECT_FALSE(rule->getValue<bool>("default"));

  EXPECT_EQ(as(student_, "POST", "/api/v1/conversations", startBody(classmate_)).status, 201);
}

TEST_F(MessagingApi, AnUnknownRuleChangesNothing) {
  const auto refused = as(admin_, "PUT", "/api/v1/messaging/policy",
                          R"({"rules":{"student_classmates":true,"parent_parent":true}})");
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(parse(refused.body)->getValue<std::string>("field"), "rules.parent_parent");
  EXPECT_EQ(count("SELECT allowed FROM messaging_policy WHERE rule = 'student_classmates'"), 0);
}

TEST_F(MessagingApi, AParentCannotWriteToAnotherFamilysChild) {
  const auto refused = as(parent_, "POST", "/api/v1/conversations", startBody(other_student_));
  ASSERT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(parse(refused.body)->getValue<std::string>("field"), "recipients[0]");
  EXPECT_EQ(as(parent_, "POST", "/api/v1/conversations", startBody(teacher_)).status, 201);
}

TEST_F(MessagingApi, AFileInAReplyIsForItsParticipantsAndForAdminsOnceReported) {
  const auto [conversation, first] = start(teacher_, parent_);
  const std::string path = "/api/v1/conversations/" + std::to_string(conversation);
  const auto replied = form(parent_, path + "/messages",
                            {{"text", "Voici le certificat.\r\nCordialement"},
                             {"file", kPdf, "certificat médical.pdf", "application/pdf"}});
  ASSERT_EQ(replied.status, 201) << replied.body;
  auto message = parse(replied.body);
  EXPECT_EQ(message->getValue<std::string>("text"), "Voici le certificat.\nCordialement");
  const std::string message_id = message->getValue<std::string>("id");
  const std::string download =
      "/api/v1/messages/" + message_id + "/attachments/" +
      message->getArray("attachments")->getObject(0)->getValue<std::string>("id");

  const auto got = as(teacher_, "GET", download);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body, kPdf);
  EXPECT_EQ(got.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(as(other_parent_, "GET", download).status, 403);
  EXPECT_EQ(as(admin_, "GET", download).status, 403);
  EXPECT_EQ(as(admin_, "GET", path).status, 403);
  EXPECT_EQ(as(other_parent_, "GET", path).status, 403);

  const auto reported = as(teacher_, "POST", "/api/v1/messages/" + message_id + "/report",
                           R"({"reason":"Document sans rapport"})");
  ASSERT_EQ(reported.status, 201) << reported.body;
  EXPECT_EQ(as(admin_, "GET", download).status, 200);
  const auto context = as(admin_, "GET", path);
  ASSERT_EQ(context.status, 200) << context.body;
  EXPECT_EQ(parse(context.body)->getObject("messages")->getArray("items")->size(), 2u);
  const auto reports = parse(as(admin_, "GET", "/api/v1/messaging/reports").body);
  ASSERT_EQ(reports->getArray("items")->size(), 1u);
  auto item = reports->getArray("items")->getObject(0);
  EXPECT_EQ(item->getValue<std::string>("reason"), "Document sans rapport");
  EXPECT_EQ(item->getObject("conversation")->getValue<std::string>("subject"), "Rendez-vous");
  const auto handled =
      as(admin_, "POST",
         "/api/v1/messaging/reports/" + item->getValue<std::string>("id") + "/handled");
  ASSERT_EQ(handled.status, 200) << handled.body;
  EXPECT_EQ(parse(as(admin_, "GET", "/api/v1/messaging/reports").body)->getArray("items")->size(),
            0u);
  EXPECT_EQ(first, parse(context.body)
                       ->getObject("messages")
                       ->getArray("items")
                       ->getObject(0)
                       ->getValue<std::int64_t>("id"));
}

TEST_F(MessagingApi, BadMessagesAreRefusedAndNothingIsStored) {
  const auto [conversation, first] = start(teacher_, parent_);
  const std::string path = "/api/v1/conversations/" + std::to_string(conversation) + "/messages";
  const auto invalid = form(parent_, path, {{"text", "caf\xc3"}});
  ASSERT_EQ(invalid.status, 422) << invalid.body;
  EXPECT_EQ(parse(invalid.body)->getValue<std::string>("field"), "text");
  const auto empty = as(parent_, "POST", path, R"({"text":"  "})");
  ASSERT_EQ(empty.status, 422);
  EXPECT_EQ(parse(empty.body)->getValue<std::string>("detail"), "\"text\" must not be empty");
  const auto oversized =
      as(parent_, "POST", path, R"({"text":")" + std::string(20001, 'a') + R"("})");
  ASSERT_EQ(oversized.status, 422);
  EXPECT_EQ(parse(oversized.body)->getValue<std::string>("field"), "text");
  EXPECT_EQ(as(parent_, "POST", path, "{\"text\":\"caf\xc3\"}").status, 400);
  const auto refused_file =
      form(parent_, path, {{"text", "Voici"}, {"file", "MZ\x90", "virus.exe", "application/pdf"}});
  ASSERT_EQ(refused_file.status, 422) << refused_file.body;
  const auto unknown = as(teacher_, "POST", "/api/v1/conversations",
                          R"({"subject":"Sujet","recipients":[)" + std::to_string(parent_) +
                              R"(,{"kind":"class_parents","class_id":999}],"text":"x"})");
  ASSERT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(parse(unknown.body)->getValue<std::string>("field"), "recipients[1]");
  const auto bad_kind = as(teacher_, "POST", "/api/v1/conversations",
                           R"({"subject":"Sujet","recipients":[{"kind":"everyone"}],"text":"x"})");
  ASSERT_EQ(bad_kind.status, 422) << bad_kind.body;
  EXPECT_EQ(parse(bad_kind.body)->getValue<std::string>("field"), "recipients[0].kind");
  EXPECT_EQ(count("SELECT count(*) FROM messages"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM conversations"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM files"), 0);
  EXPECT_EQ(first, count("SELECT max(id) FROM messages"));
}

TEST_F(MessagingApi, AGroupMessageAndItsUnreadCountReachEachParent) {
  const auto sent = as(teacher_, "POST", "/api/v1/conversations",
                       R"({"subject":"Sortie","recipients":[{"kind":"class_parents","class_id":)" +
                           std::to_string(class_a_) + R"(}],"text":"Départ 8 h"})");
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string path =
      "/api/v1/conversations/" + parse(sent.body)->getValue<std::string>("conversation_id");
  auto unread = parse(as(parent_, "GET", "/api/v1/me/unread-messages").body);
  EXPECT_EQ(unread->getValue<std::int64_t>("messages"), 1);
  auto list = parse(as(parent_, "GET", "/api/v1/conversations").body)->getArray("items");
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->getObject(0)->getValue<std::string>("replies"), "author");
  EXPECT_EQ(list->getObject(0)->getObject("last_message")->getValue<std::string>("excerpt"),
            "Départ 8 h");
  const auto read = as(parent_, "POST", path + "/read");
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(parse(read.body)->getValue<std::int64_t>("messages"), 0);
  const auto feed = parse(as(parent_, "GET", "/api/v1/me/notifications").body);
  EXPECT_EQ(feed->getValue<std::int64_t>("unread"), 0);
  EXPECT_EQ(feed->getArray("items")->getObject(0)->getValue<std::string>("kind"), "message.new");
  EXPECT_EQ(as(other_parent_, "GET", path).status, 403);
}

TEST_F(MessagingApi, AConversationStartedFromAFormKeepsItsFileThroughTheSweep) {
  const auto created = form(teacher_, "/api/v1/conversations",
                            {{"subject", "Sortie"},
                             {"recipients", "[" + std::to_string(parent_) + "]"},
                             {"text", "L'autorisation à signer"},
                             {"file", kPdf, "autorisation.pdf", "application/pdf"}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto message = parse(created.body);
  const std::string download =
      "/api/v1/messages/" + message->getValue<std::string>("id") + "/attachments/" +
      message->getArray("attachments")->getObject(0)->getValue<std::string>("id");
  files::FileStore store(node_.settings().data_dir + "/files", 1 << 20);
  auto swept = store.sweepUnreferenced(node_.node().database());
  ASSERT_TRUE(swept.ok()) << swept.error().message;
  EXPECT_EQ(swept->rows, 0);
  EXPECT_EQ(as(parent_, "GET", download).body, kPdf);

  const auto not_json = form(teacher_, "/api/v1/conversations",
                             {{"subject", "Sortie"}, {"recipients", "[1"}, {"text", "x"}});
  ASSERT_EQ(not_json.status, 422) << not_json.body;
  EXPECT_EQ(parse(not_json.body)->getValue<std::string>("field"), "recipients");
}

TEST_F(MessagingApi, SearchAndThePickerKeepToWhatTheCallerMay) {
  start(teacher_, parent_);
  const auto hits = as(parent_, "GET", "/api/v1/messages/search?q=rendez");
  ASSERT_EQ(hits.status, 200) << hits.body;
  EXPECT_EQ(parse(hits.body)->getArray("items")->size(), 1u);
  EXPECT_EQ(parse(as(other_parent_, "GET", "/api/v1/messages/search?q=rendez").body)
                ->getArray("items")
                ->size(),
            0u);
  EXPECT_EQ(as(parent_, "GET", "/api/v1/messages/search?q=%20").status, 422);

  const auto picked = as(parent_, "GET", "/api/v1/messaging/recipients?q=prof");
  ASSERT_EQ(picked.status, 200) << picked.body;
  auto items = parse(picked.body)->getArray("items");
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ(items->getObject(0)->getValue<std::int64_t>("id"), teacher_);
  EXPECT_EQ(parse(as(parent_, "GET", "/api/v1/messaging/recipients?q=eleve").body)
                ->getArray("items")
                ->size(),
            0u);
}

}  // namespace
}  // namespace cartable
