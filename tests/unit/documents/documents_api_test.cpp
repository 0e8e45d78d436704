// The documents space through the HTTP API: a teacher publishes to a class,
// the class reads; versions; shares and their notices; quotas.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <filesystem>

#include "directory/structure.h"
#include "files/files.h"
#include "support/multipart_form.h"
#include "support/test_node.h"

namespace cartable {
namespace {

using directory::Role;
using testing::Credentials;
using testing::FormPart;
using testing::HttpResult;
using testing::TestNode;

constexpr std::uint64_t kUserQuota = 1000;
constexpr std::uint64_t kSchoolQuota = 2500;

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string id(std::int64_t value) {
  return std::to_string(value);
}

FormPart textFile(const std::string& name, const std::string& content) {
  return {"file", content, name, "text/plain"};
}

// Two classes; student 1 (class 1, with parent 1) and student 2 (class 2)
// are both in the Latin group, taught by teacher 1, who also teaches
// class 1; teacher 2 teaches class 2.
class DocumentsApi : public ::testing::Test {
 protected:
  DocumentsApi()
      : node_([](config::Settings& settings) {
          settings.documents.user_quota_bytes = kUserQuota;
          settings.documents.school_quota_bytes = kSchoolQuota;
        }) {}

  void SetUp() override {
    student1_ = node_.addPerson("eleve.un", {Role::student});
    student2_ = node_.addPerson("eleve.deux", {Role::student});
    parent1_ = node_.addPerson("parent.un", {Role::parent});
    teacher1_ = node_.addPerson("prof.un", {Role::teacher});
    teacher2_ = node_.addPerson("prof.deux", {Role::teacher});
    admin_ = node_.addPerson("direction", {Role::admin});
    node_.enrollTotp(admin_);
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(class1_,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(class2_,
                                directory::insertClass(db, {0, "6B", "6e B", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(auto maths,
                                directory::insertSubject(db, {0, "MATHS", "Mathématiques"}));
      CARTABLE_ASSIGN_OR_RETURN(auto latin, directory::insertSubject(db, {0, "LATIN", "Latin"}));
      CARTABLE_ASSIGN_OR_RETURN(group_, directory::insertGroup(db, {0, "6_LAT", "Latin 6e"}));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student1_, class1_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student2_, class2_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::addGroupMember(db, group_, student1_));
      CARTABLE_RETURN_IF_ERROR(directory::addGroupMember(db, group_, student2_));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {parent1_, student1_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher1_, maths, class1_, std::nullopt, true}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher1_, latin, std::nullopt, group_, false}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher2_, maths, class2_, std::nullopt, true}));
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  HttpResult as(std::int64_t who, const std::string& method, const std::string& path,
                const std::string& body = {}) {
    const Credentials credentials = node_.sessionFor(who);
    return node_.request(method, path, body, &credentials);
  }

  HttpResult uploadTo(std::int64_t who, std::int64_t folder, const std::vector<FormPart>& parts) {
    const Credentials credentials = node_.sessionFor(who);
    return node_.request("POST", "/api/v1/documents/folders/" + id(folder) + "/files",
                         testing::multipartForm(parts), &credentials,
                         {{"Content-Type", testing::multipartContentType()}});
  }

  // The id of the first document an upload answered with.
  std::int64_t uploaded(std::int64_t who, std::int64_t folder, const std::string& name,
                        const std::string& content) {
    const auto answer = uploadTo(who, folder, {textFile(name, content)});
    EXPECT_EQ(answer.status, 201) << answer.body;
    if (answer.status != 201) return 0;
    return parse(answer.body)->getArray("documents")->getObject(0)->getValue<std::int64_t>("id");
  }

  std::int64_t classRoot(std::int64_t who, std::int64_t class_id) {
    const auto root = as(who, "GET", "/api/v1/classes/" + id(class_id) + "/documents");
    EXPECT_EQ(root.status, 200) << root.body;
    return root.status == 200 ? parse(root.body)->getValue<std::int64_t>("id") : 0;
  }

  std::int64_t personalRoot(std::int64_t who) {
    const auto root = as(who, "GET", "/api/v1/me/documents");
    EXPECT_EQ(root.status, 200) << root.body;
    return root.status == 200 ? parse(root.body)->getValue<std::int64_t>("id") : 0;
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

  std::int64_t sharedNotices(std::int64_t user) {
    return count(
        "SELECT count(*) FROM notifications WHERE kind = 'document.shared' AND user_id = " +
        id(user));
  }

  // The blobs on disk, temporary files included.
  int blobsOnDisk() {
    int n = 0;
    const auto root = std::filesystem::path(node_.settings().data_dir) / "files";
    if (!std::filesystem::exists(root)) return 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      n += entry.is_regular_file() ? 1 : 0;
    }
    return n;
  }

  TestNode node_;
  std::int64_t student1_ = 0, student2_ = 0, parent1_ = 0, teacher1_ = 0, teacher2_ = 0;
  std::int64_t admin_ = 0, class1_ = 0, class2_ = 0, group_ = 0;
};

TEST_F(DocumentsApi, ATeacherPublishesToTheClassWhichReadsAndDownloadsIt) {
  const auto root = as(teacher1_, "GET", "/api/v1/classes/" + id(class1_) + "/documents");
  ASSERT_EQ(root.status, 200) << root.body;
  EXPECT_EQ(parse(root.body)->getValue<std::string>("name"), "6e A");
  EXPECT_TRUE(parse(root.body)->getValue<bool>("can_write"));
  const auto folder = parse(root.body)->getValue<std::int64_t>("id");
  const auto published = uploadTo(teacher1_, folder, {textFile("Cours 1.txt", "Les fractions")});
  ASSERT_EQ(published.status, 201) << published.body;
  const auto document = parse(published.body)->getArray("documents")->getObject(0);
  EXPECT_EQ(document->getValue<std::string>("name"), "Cours 1.txt");
  EXPECT_EQ(document->getObject("current")->getValue<int>("number"), 1);
  const std::string path = "/api/v1/documents/" + id(document->getValue<std::int64_t>("id"));

  for (const std::int64_t reader : {student1_, parent1_}) {
    const auto listed = as(reader, "GET", "/api/v1/classes/" + id(class1_) + "/documents");
    ASSERT_EQ(listed.status, 200) << listed.body;
    EXPECT_FALSE(parse(listed.body)->getValue<bool>("can_write"));
    EXPECT_EQ(
        parse(listed.body)->getArray("documents")->getObject(0)->getValue<std::string>("name"),
        "Cours 1.txt");
    const auto content = as(reader, "GET", path + "/content");
    ASSERT_EQ(content.status, 200) << content.body;
    EXPECT_EQ(content.body, "Les fractions");
    EXPECT_EQ(content.header("content-type"), "text/plain; charset=utf-8");
    EXPECT_EQ(content.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(content.header("content-disposition").rfind("attachment;", 0), 0u);
  }
  // A student of another class, and a teacher of another class, get nothing.
  EXPECT_EQ(as(student2_, "GET", "/api/v1/classes/" + id(class1_) + "/documents").status, 403);
  EXPECT_EQ(as(student2_, "GET", "/api/v1/documents/folders/" + id(folder)).status, 403);
  EXPECT_EQ(as(student2_, "GET", path).status, 403);
  EXPECT_EQ(as(student2_, "GET", path + "/content").status, 403);
  EXPECT_EQ(as(student2_, "GET", path + "/versions/1/content").status, 403);
  EXPECT_EQ(uploadTo(teacher2_, folder, {textFile("x.txt", "x")}).status, 403);
  EXPECT_EQ(uploadTo(student1_, folder, {textFile("x.txt", "x")}).status, 403);
}

TEST_F(DocumentsApi, AReuploadMakesVersionTwoAndVersionOneStillDownloads) {
  const auto folder = classRoot(teacher1_, class1_);
  const auto document = uploaded(teacher1_, folder, "Corrigé.txt", "première version");
  node_.clock().advance(3600);
  const auto again = uploadTo(teacher1_, folder, {textFile("CORRIGÉ.txt", "seconde version")});
  ASSERT_EQ(again.status, 201) << again.body;
  const auto touched = parse(again.body)->getArray("documents")->getObject(0);
  EXPECT_EQ(touched->getValue<std::int64_t>("id"), document);
  EXPECT_EQ(touched->getValue<int>("version_count"), 2);
  const std::string path = "/api/v1/documents/" + id(document);
  const auto seen = as(student1_, "GET", path);
  ASSERT_EQ(seen.status, 200) << seen.body;
  const auto versions = parse(seen.body)->getArray("versions");
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ(versions->getObject(0)->getValue<int>("number"), 2);
  EXPECT_FALSE(parse(seen.body)->getValue<bool>("can_edit"));
  EXPECT_EQ(as(student1_, "GET", path + "/content").body, "seconde version");
  EXPECT_EQ(as(parent1_, "GET", path + "/versions/1/content").body, "première version");
  const auto missing = as(student1_, "GET", path + "/versions/3/content");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(parse(missing.body)->getValue<std::string>("field"), "number");
}

TEST_F(DocumentsApi, SharingAPersonalDocumentWithAGroupTellsItsMembers) {
  const auto folder = personalRoot(teacher1_);
  const auto document = uploaded(teacher1_, folder, "Déclinaisons.txt", "rosa, rosa, rosam");
  const std::string path = "/api/v1/documents/" + id(document);
  EXPECT_EQ(as(student1_, "GET", path + "/content").status, 403);
  const auto shared = as(teacher1_, "POST", path + "/shares", R"({"group_id":)" + id(group_) + "}");
  ASSERT_EQ(shared.status, 201) << shared.body;
  EXPECT_EQ(parse(shared.body)->getArray("items")->getObject(0)->getValue<std::string>("target"),
            "group");
  EXPECT_EQ(sharedNotices(student1_), 1);
  EXPECT_EQ(sharedNotices(student2_), 1);
  EXPECT_EQ(sharedNotices(parent1_), 0);
  EXPECT_EQ(sharedNotices(teacher1_), 0);
  const auto feed = as(student2_, "GET", "/api/v1/me/notifications");
  ASSERT_EQ(feed.status, 200);
  EXPECT_NE(feed.body.find("Document partagé : Déclinaisons.txt"), std::string::npos) << feed.body;
  const auto mine = as(student2_, "GET", "/api/v1/me/documents/shared");
  ASSERT_EQ(mine.status, 200) << mine.body;
  const auto item = parse(mine.body)->getArray("items")->getObject(0);
  EXPECT_EQ(item->getValue<std::string>("name"), "Déclinaisons.txt");
  EXPECT_EQ(item->getValue<std::int64_t>("document_id"), document);
  EXPECT_EQ(as(student2_, "GET", path + "/content").body, "rosa, rosa, rosam");
  EXPECT_EQ(as(student2_, "DELETE", path).status, 403);
  EXPECT_EQ(as(parent1_, "GET", path).status, 403);
  // The owner sees the share, and revokes it.
  const auto owned = as(teacher1_, "GET", path);
  const auto share =
      parse(owned.body)->getArray("shares")->getObject(0)->getValue<std::int64_t>("id");
  EXPECT_EQ(as(student2_, "DELETE", "/api/v1/documents/shares/" + id(share)).status, 403);
  EXPECT_EQ(as(teacher1_, "DELETE", "/api/v1/documents/shares/" + id(share)).status, 204);
  EXPECT_EQ(as(student2_, "GET", path + "/content").status, 403);
}

TEST_F(DocumentsApi, OnlyTheirTeachersShareWithAClassOrAGroup) {
  const auto document = uploaded(teacher2_, personalRoot(teacher2_), "fiche.txt", "fiche");
  const std::string shares = "/api/v1/documents/" + id(document) + "/shares";
  EXPECT_EQ(as(teacher2_, "POST", shares, R"({"class_id":)" + id(class1_) + "}").status, 403);
  EXPECT_EQ(as(teacher2_, "POST", shares, R"({"group_id":)" + id(group_) + "}").status, 403);
  EXPECT_EQ(as(teacher2_, "POST", shares, R"({"class_id":)" + id(class2_) + "}").status, 201);
  const auto student_doc = uploaded(student1_, personalRoot(student1_), "exposé.txt", "exposé");
  const std::string student_shares = "/api/v1/documents/" + id(student_doc) + "/shares";
  EXPECT_EQ(as(student1_, "POST", student_shares, R"({"class_id":)" + id(class1_) + "}").status,
            403);
  EXPECT_EQ(as(student1_, "POST", student_shares, R"({"user_ids":[)" + id(teacher1_) + "]}").status,
            201);
  EXPECT_EQ(sharedNotices(teacher1_), 1);
}

TEST_F(DocumentsApi, BadSharesAreRefusedNamingTheFieldAndNothingIsShared) {
  const auto document = uploaded(student1_, personalRoot(student1_), "exposé.txt", "exposé");
  const std::string shares = "/api/v1/documents/" + id(document) + "/shares";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{}", "class_id"},
      {R"({"group_id":null,"user_ids":[2]})", "class_id"},
      {R"({"user_ids":[]})", "user_ids"},
      {R"({"user_ids":["x"]})", "user_ids[0]"},
      {R"({"user_ids":[999999]})", "user_ids"},
      {R"({"user_ids":[)" + id(student1_) + "]}", "user_ids"},
      {R"({"everyone":true})", "everyone"},
  };
  for (const auto& [body, field] : cases) {
    const auto refused = as(student1_, "POST", shares, body);
    EXPECT_EQ(refused.status, 422) << body << " → " << refused.body;
    EXPECT_EQ(parse(refused.body)->getValue<std::string>("field"), field) << refused.body;
  }
  EXPECT_EQ(count("SELECT count(*) FROM document_shares"), 0);
}

TEST_F(DocumentsApi, AnUploadOverThePersonsQuotaIs413AndStoresNothing) {
  const auto folder = personalRoot(student1_);
  uploaded(student1_, folder, "long.txt", std::string(900, 'a'));
  const auto refused = uploadTo(
      student1_, folder,
      {textFile("encore.txt", std::string(50, 'b')), textFile("trop.txt", std::string(60, 'c'))});
  ASSERT_EQ(refused.status, 413) << refused.body;
  EXPECT_EQ(parse(refused.body)->getValue<std::string>("detail"),
            "these files (110 bytes) would exceed your documents quota: 900 bytes used of 1000 "
            "bytes; nothing was stored");
  EXPECT_EQ(parse(refused.body)->getValue<std::string>("field"), "documents.user_quota_bytes");
  EXPECT_EQ(count("SELECT count(*) FROM documents"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM document_versions"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM files"), 1);
  // The refused bytes were staged; nothing references them, so the sweep removes them.
  EXPECT_EQ(blobsOnDisk(), 3);
  files::FileStore store(std::filesystem::path(node_.settings().data_dir) / "files", 1 << 20);
  auto swept = store.sweepUnreferenced(node_.node().database());
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(swept->blobs, 2);
  EXPECT_EQ(blobsOnDisk(), 1);
  // Within the quota, uploads still work.
  const auto usage = as(student1_, "GET", "/api/v1/me/documents/usage");
  EXPECT_EQ(parse(usage.body)->getValue<std::int64_t>("used"), 900);
  EXPECT_EQ(parse(usage.body)->getValue<std::int64_t>("limit"), 1000);
  const auto fits = uploadTo(student1_, folder, {textFile("encore.txt", std::string(100, 'b'))});
  ASSERT_EQ(fits.status, 201) << fits.body;
  EXPECT_EQ(parse(fits.body)->getObject("usage")->getValue<std::int64_t>("used"), 1000);
}

TEST_F(DocumentsApi, AnUploadOverTheSchoolsQuotaIs413AndStoresNothing) {
  uploaded(student1_, personalRoot(student1_), "a.txt", std::string(900, 'a'));
  uploaded(student2_, personalRoot(student2_), "b.txt", std::string(900, 'b'));
  const auto refused = uploadTo(teacher1_, classRoot(teacher1_, class1_),
                                {textFile("c.txt", std::string(800, 'c'))});
  ASSERT_EQ(refused.status, 413) << refused.body;
  EXPECT_EQ(parse(refused.body)->getValue<std::string>("field"), "documents.school_quota_bytes");
  EXPECT_EQ(parse(refused.body)->getValue<std::string>("detail"),
            "these files (800 bytes) would exceed the school's documents quota: 1.8 KiB used of "
            "2.4 KiB; nothing was stored");
  EXPECT_EQ(count("SELECT count(*) FROM documents"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM files"), 2);
}

TEST_F(DocumentsApi, UploadsWithoutAFileOrOfARefusedTypeStoreNothing) {
  const auto folder = personalRoot(student1_);
  const auto empty = uploadTo(student1_, folder, {{"file", "", "", ""}});
  EXPECT_EQ(empty.status, 422) << empty.body;
  EXPECT_EQ(parse(empty.body)->getValue<std::string>("field"), "file");
  const auto binary = uploadTo(student1_, folder,
                               {{"file",
                                 std::string("\x7f"
                                             "ELF\x02\x01",
                                             6),
                                 "a.out", "application/octet-stream"}});
  EXPECT_EQ(binary.status, 422) << binary.body;
  EXPECT_EQ(count("SELECT count(*) FROM documents"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM files"), 0);
}

TEST_F(DocumentsApi, FoldersAreMadeWithCheckedNames) {
  const auto root = classRoot(teacher1_, class1_);
  const auto made = as(teacher1_, "POST", "/api/v1/documents/folders",
                       R"({"parent_id":)" + id(root) + R"(,"name":"Corrections"})");
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(parse(made.body)->getArray("path")->size(), 2u);
  const std::vector<std::pair<std::string, std::pair<int, std::string>>> cases = {
      {R"({"parent_id":)" + id(root) + R"(,"name":"CORRECTIONS"})", {409, "name"}},
      {R"({"parent_id":)" + id(root) + R"(,"name":"a/b"})", {422, "name"}},
      {R"({"parent_id":)" + id(root) + R"(,"name":""})", {422, "name"}},
      {R"({"parent_id":)" + id(root) + R"(,"name":")" + std::string(121, 'x') + R"("})",
       {422, "name"}},
      {R"({"name":"Cours"})", {422, "parent_id"}},
      {R"({"parent_id":999999,"name":"Cours"})", {422, "parent_id"}},
      {R"({"parent_id":)" + id(root) + R"(,"subject_id":999999})", {422, "subject_id"}},
  };
  for (const auto& [body, expected] : cases) {
    const auto refused = as(teacher1_, "POST", "/api/v1/documents/folders", body);
    EXPECT_EQ(refused.status, expected.first) << body << " → " << refused.body;
    EXPECT_EQ(parse(refused.body)->getValue<std::string>("field"), expected.second) << body;
  }
  EXPECT_EQ(count("SELECT count(*) FROM document_folders"), 2);
  // Another class's teacher may not make folders there.
  EXPECT_EQ(as(teacher2_, "POST", "/api/v1/documents/folders",
               R"({"parent_id":)" + id(root) + R"(,"name":"Autre"})")
                .status,
            403);
}

TEST_F(DocumentsApi, UnknownIdsAre404ForAdminsAnd403ForOthers) {
  for (const std::string path :
       {"/api/v1/documents/999999", "/api/v1/documents/999999/content",
        "/api/v1/documents/folders/999999", "/api/v1/classes/999999/documents"}) {
    EXPECT_EQ(as(admin_, "GET", path).status, 404) << path;
    EXPECT_EQ(as(teacher1_, "GET", path).status, 403) << path;
  }
  EXPECT_EQ(as(admin_, "DELETE", "/api/v1/documents/shares/999999").status, 404);
  EXPECT_EQ(as(student1_, "DELETE", "/api/v1/documents/shares/999999").status, 403);
}

TEST_F(DocumentsApi, ThePublisherRenamesAndDeletesAndAdminsDeleteToo) {
  const auto root = classRoot(teacher1_, class1_);
  const auto first = uploaded(teacher1_, root, "brouillon.txt", "b");
  const auto second = uploaded(teacher1_, root, "final.txt", "f");
  const std::string path = "/api/v1/documents/" + id(first);
  const auto taken = as(teacher1_, "PATCH", path, R"({"name":"FINAL.txt"})");
  EXPECT_EQ(taken.status, 409) << taken.body;
  const auto renamed = as(teacher1_, "PATCH", path, R"({"name":"Chapitre 2.txt"})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(parse(renamed.body)->getValue<std::string>("name"), "Chapitre 2.txt");
  EXPECT_EQ(as(admin_, "PATCH", path, R"({"name":"x.txt"})").status, 403);
  EXPECT_EQ(as(teacher1_, "DELETE", path).status, 204);
  EXPECT_EQ(as(student1_, "GET", path).status, 403);
  EXPECT_EQ(as(admin_, "GET", path).status, 404);
  EXPECT_EQ(as(admin_, "DELETE", "/api/v1/documents/" + id(second)).status, 204);
  EXPECT_EQ(count("SELECT count(*) FROM document_versions"), 0);
}

TEST_F(DocumentsApi, APersonalSpaceShowsItsUsageAndIsNotReadByOthers) {
  const auto root = as(student1_, "GET", "/api/v1/me/documents");
  ASSERT_EQ(root.status, 200) << root.body;
  const auto json = parse(root.body);
  EXPECT_EQ(json->getValue<std::string>("space"), "personal");
  EXPECT_EQ(json->getObject("usage")->getValue<std::int64_t>("limit"), 1000);
  const auto folder = json->getValue<std::int64_t>("id");
  // The root is made once.
  EXPECT_EQ(parse(as(student1_, "GET", "/api/v1/me/documents").body)->getValue<std::int64_t>("id"),
            folder);
  for (const std::int64_t other : {parent1_, teacher1_, admin_}) {
    EXPECT_EQ(as(other, "GET", "/api/v1/documents/folders/" + id(folder)).status, 403) << other;
  }
}

}  // namespace
}  // namespace cartable
