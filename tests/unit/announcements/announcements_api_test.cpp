// Announcements through the HTTP API: the status codes, problem fields and
// views a client sees.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "announcement_fixture.h"
#include "support/multipart_form.h"
#include "support/test_node.h"

namespace cartable {
namespace {

using announcements::at;
using directory::Role;
using testing::Credentials;
using testing::HttpResult;
using testing::TestNode;

const std::string kPdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

class AnnouncementApi : public ::testing::Test {
 protected:
  void SetUp() override {
    student_ = node_.addPerson("eleve.un", {Role::student});
    parent_ = node_.addPerson("parent.un", {Role::parent});
    other_parent_ = node_.addPerson("parent.deux", {Role::parent});
    teacher_ = node_.addPerson("prof.un", {Role::teacher});
    other_teacher_ = node_.addPerson("prof.deux", {Role::teacher});
    admin_ = node_.addPerson("direction", {Role::admin});
    node_.enrollTotp(admin_);
    node_.clock().set(at(2026, 9, 7, 10, 0));
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(class_,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(other_class_,
                                directory::insertClass(db, {0, "6B", "6e B", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(auto maths,
                                directory::insertSubject(db, {0, "MATHS", "Mathématiques"}));
      CARTABLE_ASSIGN_OR_RETURN(auto other_student,
                                directory::insertUser(db, newStudent("eleve.deux"), 0));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student_, class_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, other_student, other_class_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {parent_, student_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::linkGuardian(db, {other_parent_, other_student, true, "père"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher_, maths, class_, std::nullopt, true}));
      CARTABLE_RETURN_IF_ERROR(directory::insertAssignment(
          db, {0, other_teacher_, maths, other_class_, std::nullopt, true}));
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  static directory::NewUser newStudent(const std::string& login) {
    directory::NewUser user;
    user.login = login;
    user.given_name = login;
    user.family_name = "Test";
    user.roles = {Role::student};
    return user;
  }

  HttpResult as(std::int64_t who, const std::string& method, const std::string& path,
                const std::string& body = {}) {
    const Credentials credentials = node_.sessionFor(who);
    return node_.request(method, path, body, &credentials);
  }

  std::string body(const std::string& audiences, const std::string& extra = "") const {
    return R"({"title":"Sortie au musée","body":"Départ 8 h.","audiences":)" + audiences + extra +
           "}";
  }
  std::string classAudience(const std::string& kind, std::int64_t class_id) const {
    return R"([{"kind":")" + kind + R"(","class_id":)" + std::to_string(class_id) + "}]";
  }

  std::int64_t post(std::int64_t who, const std::string& json) {
    const auto created = as(who, "POST", "/api/v1/announcements", json);
    EXPECT_EQ(created.status, 201) << created.body;
    return created.status == 201 ? parse(created.body)->getValue<std::int64_t>("id") : 0;
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
  std::int64_t student_ = 0, parent_ = 0, other_parent_ = 0, teacher_ = 0, other_teacher_ = 0;
  std::int64_t admin_ = 0, class_ = 0, other_class_ = 0;
};

TEST_F(AnnouncementApi, ATeacherWritesToTheParentsOfTheirClass) {
  const auto id = post(teacher_, body(classAudience("class_parents", class_)));
  const auto feed = as(parent_, "GET", "/api/v1/announcements");
  ASSERT_EQ(feed.status, 200) << feed.body;
  const auto json = parse(feed.body);
  ASSERT_EQ(json->getArray("items")->size(), 1u);
  const auto item = json->getArray("items")->getObject(0);
  EXPECT_EQ(item->getValue<std::int64_t>("id"), id);
  EXPECT_EQ(item->getValue<std::string>("status"), "published");
  EXPECT_FALSE(item->getValue<bool>("read"));
  EXPECT_EQ(json->getValue<std::int64_t>("unread"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'announcement.new' AND "
                  "user_id = " +
                  std::to_string(parent_)),
            1);
}

TEST_F(AnnouncementApi, ATeacherCannotAddressAClassTheyDoNotTeachOrTheWholeSchool) {
  auto refused =
      as(teacher_, "POST", "/api/v1/announcements", body(classAudience("class", other_class_)));
  EXPECT_EQ(refused.status, 403) << refused.body;
  refused = as(teacher_, "POST", "/api/v1/announcements", body(R"([{"kind":"school"}])"));
  EXPECT_EQ(refused.status, 403) << refused.body;
  // An unknown class is not one they teach: refused by the access check too.
  refused = as(teacher_, "POST", "/api/v1/announcements", body(classAudience("class", 9999)));
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(count("SELECT count(*) FROM announcements"), 0);
}

TEST_F(AnnouncementApi, StudentsAndParentsCannotWrite) {
  EXPECT_EQ(as(parent_, "POST", "/api/v1/announcements", body(R"([{"kind":"school"}])")).status,
            403);
  EXPECT_EQ(as(student_, "POST", "/api/v1/announcements", body(R"([{"kind":"school"}])")).status,
            403);
}

TEST_F(AnnouncementApi, BadInputIsRefusedNamingTheField) {
  struct Case {
    std::string json;
    std::string field;
  };
  const std::vector<Case> cases = {
      {body(classAudience("class", 9999)), "audiences[0].class_id"},
      {body(R"([{"kind":"everyone"}])"), "audiences[0].kind"},
      {body(R"("school")"), "audiences"},
      {body(R"([{"kind":"school"}])", R"(,"publish_at":1900000000,"expires_at":1899999999)"),
       "expires_at"},
      {R"({"title":"","body":"x","audiences":[{"kind":"school"}]})", "title"},
      {R"({"title":"x","body":"","audiences":[{"kind":"school"}]})", "body"},
      {R"({"title":"x","body":"y"})", "audiences"},
      {body(R"([{"kind":"school"}])", R"(,"colour":"red")"), "colour"},
  };
  for (const Case& bad : cases) {
    const auto refused = as(admin_, "POST", "/api/v1/announcements", bad.json);
    EXPECT_EQ(refused.status, 422) << bad.json << " → " << refused.body;
    EXPECT_EQ(parse(refused.body)->getValue<std::string>("field"), bad.field) << refused.body;
  }
  EXPECT_EQ(count("SELECT count(*) FROM announcements"), 0);
}

TEST_F(AnnouncementApi, AnotherFamilysParentCannotReadIt) {
  const auto id = post(teacher_, body(classAudience("class", class_)));
  const std::string path = "/api/v1/announcements/" + std::to_string(id);
  EXPECT_EQ(as(parent_, "GET", path).status, 200);
  EXPECT_EQ(as(other_parent_, "GET", path).status, 403);
  EXPECT_EQ(as(other_parent_, "POST", path + "/read").status, 403);
}

TEST_F(AnnouncementApi, TheAuthorSeesHowManyOfTheAudienceReadIt) {
  const auto id = post(teacher_, body(classAudience("class", class_)));
  const std::string path = "/api/v1/announcements/" + std::to_string(id);
  const auto read = as(parent_, "POST", path + "/read");
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(parse(read.body)->getValue<std::int64_t>("unread"), 0);
  const auto seen = as(teacher_, "GET", path);
  ASSERT_EQ(seen.status, 200) << seen.body;
  const auto reads = parse(seen.body)->getObject("reads");
  ASSERT_TRUE(reads);
  EXPECT_EQ(reads->getValue<std::int64_t>("read"), 1);
  EXPECT_EQ(reads->getValue<std::int64_t>("audience"), 2);
  EXPECT_DOUBLE_EQ(reads->getValue<double>("ratio"), 0.5);
  // A reader is not shown the receipts.
  EXPECT_FALSE(parse(as(parent_, "GET", path).body)->has("reads"));
}

TEST_F(AnnouncementApi, OnlyTheAuthorOrAnAdminEditsAndDeletes) {
  const auto id = post(teacher_, body(classAudience("class", class_)));
  const std::string path = "/api/v1/announcements/" + std::to_string(id);
  EXPECT_EQ(as(other_teacher_, "PATCH", path, R"({"title":"Autre"})").status, 403);
  EXPECT_EQ(as(other_teacher_, "DELETE", path).status, 403);
  // The author may not move it to a class they do not teach.
  EXPECT_EQ(
      as(teacher_, "PATCH", path, R"({"audiences":)" + classAudience("class", other_class_) + "}")
          .status,
      403);
  const auto patched = as(teacher_, "PATCH", path, R"({"title":"Sortie annulée","pinned":true})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(parse(patched.body)->getValue<std::string>("title"), "Sortie annulée");
  EXPECT_EQ(as(admin_, "DELETE", path).status, 204);
  EXPECT_EQ(as(admin_, "GET", path).status, 404);
}

TEST_F(AnnouncementApi, AScheduledOneIsHiddenFromReadersUntilItsTime) {
  const Seconds later = node_.clock().now() + 3600;
  const auto id =
      post(admin_, body(R"([{"kind":"school"}])", R"(,"publish_at":)" + std::to_string(later)));
  const std::string path = "/api/v1/announcements/" + std::to_string(id);
  EXPECT_EQ(as(student_, "GET", path).status, 403);
  const auto authored = as(admin_, "GET", "/api/v1/announcements?view=all");
  ASSERT_EQ(authored.status, 200) << authored.body;
  EXPECT_EQ(parse(authored.body)->getArray("items")->getObject(0)->getValue<std::string>("status"),
            "scheduled");
  node_.clock().advance(3600);
  EXPECT_EQ(as(student_, "GET", path).status, 200);
}

TEST_F(AnnouncementApi, AttachmentsAreUploadedByTheAuthorAndDownloadedByReaders) {
  const auto id = post(teacher_, body(classAudience("class", class_)));
  const std::string path = "/api/v1/announcements/" + std::to_string(id);
  const Credentials teacher = node_.sessionFor(teacher_);
  const auto uploaded =
      node_.request("POST", path + "/attachments",
                    testing::multipartForm({{"file", kPdf, "autorisation.pdf", "application/pdf"}}),
                    &teacher, {{"Content-Type", testing::multipartContentType()}});
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  const auto file_id =
      parse(uploaded.body)->getArray("attachments")->getObject(0)->getValue<std::int64_t>("id");
  const std::string file = path + "/attachments/" + std::to_string(file_id);
  const auto downloaded = as(parent_, "GET", file);
  ASSERT_EQ(downloaded.status, 200);
  EXPECT_EQ(downloaded.body, kPdf);
  EXPECT_EQ(as(other_parent_, "GET", file).status, 403);
}

TEST_F(AnnouncementApi, OnlyAdminsListEveryAnnouncement) {
  EXPECT_EQ(as(teacher_, "GET", "/api/v1/announcements?view=all").status, 403);
  EXPECT_EQ(as(parent_, "GET", "/api/v1/announcements?view=authored").status, 403);
  EXPECT_EQ(as(teacher_, "GET", "/api/v1/announcements?view=authored").status, 200);
  const auto bad = as(teacher_, "GET", "/api/v1/announcements?view=everything");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(parse(bad.body)->getValue<std::string>("field"), "view");
}

}  // namespace
}  // namespace cartable
