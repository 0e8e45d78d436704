// Homework, hand-ins, downloads and the cahier de textes through the HTTP
// API: the status codes, headers and problem fields a client sees.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <filesystem>

#include "directory/structure.h"
#include "homework_fixture.h"
#include "support/multipart_form.h"
#include "support/test_node.h"
#include "timetable/timetable.h"

namespace cartable {
namespace {

using directory::Role;
using homework::at;
using testing::Credentials;
using testing::HttpResult;
using testing::TestNode;

const std::string kPdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
const std::string kPng("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string multipart(const std::vector<testing::FormPart>& parts) {
  return testing::multipartForm(parts);
}

class HomeworkApi : public ::testing::Test {
 protected:
  explicit HomeworkApi(std::uint64_t max_upload = 50u << 20)
      : node_([max_upload](config::Settings& s) { s.limits.max_upload_bytes = max_upload; }) {}

  void SetUp() override {
    student_ = node_.addPerson("eleve.un", {Role::student});
    other_student_ = node_.addPerson("eleve.deux", {Role::student});
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
      CARTABLE_ASSIGN_OR_RETURN(auto other,
                                directory::insertClass(db, {0, "6B", "6e B", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(subject_,
                                directory::insertSubject(db, {0, "MATHS", "Mathématiques"}));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student_, class_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, other_student_, other, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {parent_, student_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::linkGuardian(db, {other_parent_, other_student_, true, "père"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher_, subject_, class_, std::nullopt, true}));
      CARTABLE_RETURN_IF_ERROR(directory::insertAssignment(
          db, {0, other_teacher_, subject_, other, std::nullopt, true}));
      CARTABLE_ASSIGN_OR_RETURN(lesson_, timetable::createLesson(db, {0,
                                                                      subject_,
                                                                      class_,
                                                                      std::nullopt,
                                                                      {teacher_},
                                                                      "B12",
                                                                      1,
                                                                      "08:00",
                                                                      "09:00",
                                                                      timetable::WeekPattern::all,
                                                                      "2026-09-01",
                                                                      "2027-07-04"}));
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  HttpResult as(std::int64_t who, const std::string& method, const std::string& path,
                const std::string& body = {}) {
    const Credentials credentials = node_.sessionFor(who);
    return node_.request(method, path, body, &credentials);
  }

  HttpResult upload(std::int64_t who, const std::string& path, const std::string& body) {
    const Credentials credentials = node_.sessionFor(who);
    return node_.request("POST", path, body, &credentials,
                         {{"Content-Type", testing::multipartContentType()}});
  }

  std::string homeworkBody(const std::string& extra = "") const {
    return R"({"subject_id":)" + std::to_string(subject_) + R"(,"class_id":)" +
           std::to_string(class_) +
           R"(,"due_on":"2026-09-10","instructions":"Exercices 1 à 4","hand_in_expected":true)" +
           extra + "}";
  }

  std::int64_t setHomework() {
    const auto created = as(teacher_, "POST", "/api/v1/homework", homeworkBody());
    EXPECT_EQ(created.status, 201) << created.body;
    return parse(created.body)->getValue<std::int64_t>("id");
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

  std::size_t blobsOnDisk() const {
    const auto root = std::filesystem::path(node_.settings().data_dir) / "files";
    if (!std::filesystem::exists(root)) return 0;
    std::size_t n = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      n += entry.is_regular_file() ? 1 : 0;
    }
    return n;
  }

  TestNode node_;
  std::int64_t student_ = 0, other_student_ = 0, parent_ = 0, other_parent_ = 0;
  std::int64_t teacher_ = 0, other_teacher_ = 0, admin_ = 0;
  std::int64_t class_ = 0, subject_ = 0, lesson_ = 0;
};

TEST_F(HomeworkApi, AnAttachmentIsDownloadedByWhoeverSeesTheHomeworkAndNobodyElse) {
  const std::int64_t id = setHomework();
  const std::string path = "/api/v1/homework/" + std::to_string(id);
  const auto attached = upload(teacher_, path + "/attachments",
                               multipart({{"file", kPdf, "sujet exposé.pdf", "application/pdf"}}));
  ASSERT_EQ(attached.status, 201) << attached.body;
  auto file = parse(attached.body)->getArray("attachments")->getObject(0);
  EXPECT_EQ(file->getValue<std::string>("name"), "sujet exposé.pdf");
  EXPECT_EQ(file->getValue<std::string>("content_type"), "application/pdf");
  const std::string download = path + "/attachments/" + file->getValue<std::string>("id");

  const auto got = as(student_, "GET", download);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body, kPdf);
  EXPECT_EQ(got.header("Content-Type"), "application/pdf");
  EXPECT_EQ(got.header("Content-Disposition"),
            "attachment; filename=\"sujet expos_.pdf\"; "
            "filename*=UTF-8''sujet%20expos%C3%A9.pdf");
  EXPECT_EQ(got.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(as(parent_, "GET", download).status, 200);
  EXPECT_EQ(as(other_student_, "GET", download).status, 403);
  EXPECT_EQ(as(other_parent_, "GET", download).status, 403);
  EXPECT_EQ(as(other_teacher_, "GET", download).status, 403);
  EXPECT_EQ(as(student_, "GET", path + "/attachments/999").status, 404);
}

TEST_F(HomeworkApi, ATeacherWhoDoesNotTeachTheClassCannotSetItHomework) {
  const auto refused = as(other_teacher_, "POST", "/api/v1/homework", homeworkBody());
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(count("SELECT count(*) FROM homework"), 0);
}

TEST_F(HomeworkApi, BadHomeworkIsRefusedNamingTheField) {
  auto past = as(teacher_, "POST", "/api/v1/homework",
                 homeworkBody().replace(homeworkBody().find("2026-09-10"), 10, "2026-09-01"));
  EXPECT_EQ(past.status, 422);
  EXPECT_EQ(parse(past.body)->getValue<std::string>("field"), "due_on");
  auto outsider = as(teacher_, "POST", "/api/v1/homework",
                     homeworkBody(R"(,"student_ids":[)" + std::to_string(other_student_) + "]"));
  EXPECT_EQ(outsider.status, 422);
  EXPECT_EQ(parse(outsider.body)->getValue<std::string>("field"), "student_ids[0]");
  EXPECT_EQ(count("SELECT count(*) FROM homework"), 0);
}

TEST_F(HomeworkApi, AStudentHandsInWorkThatTheTeacherReadsAndReturns) {
  const std::int64_t id = setHomework();
  const std::string path = "/api/v1/homework/" + std::to_string(id);
  const auto handed = upload(student_, path + "/hand-in",
                             multipart({{"text", "Voici ma copie.\r\nBonne lecture"},
                                        {"file", kPng, "copie.png", "image/png"}}));
  ASSERT_EQ(handed.status, 201) << handed.body;
  auto hand_in = parse(handed.body);
  EXPECT_EQ(hand_in->getValue<std::string>("text"), "Voici ma copie.\nBonne lecture");
  EXPECT_FALSE(hand_in->getValue<bool>("late"));
  const std::string hand_in_path = "/api/v1/hand-ins/" + hand_in->getValue<std::string>("id");
  const std::string file_path =
      hand_in_path + "/files/" +
      hand_in->getArray("files")->getObject(0)->getValue<std::string>("id");

  const auto listed = as(teacher_, "GET", path + "/hand-ins");
  ASSERT_EQ(listed.status, 200) << listed.body;
  auto row = parse(listed.body)->getArray("items")->getObject(0);
  EXPECT_EQ(row->getValue<std::int64_t>("student_id"), student_);
  EXPECT_EQ(row->getValue<std::string>("status"), "handed_in");

  const auto got = as(teacher_, "GET", file_path);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.header("Content-Type"), "image/png");
  EXPECT_EQ(got.body, kPng);
  EXPECT_EQ(as(parent_, "GET", file_path).status, 200);
  EXPECT_EQ(as(other_student_, "GET", file_path).status, 403);
  EXPECT_EQ(as(other_parent_, "GET", file_path).status, 403);
  EXPECT_EQ(as(other_teacher_, "GET", file_path).status, 403);
  EXPECT_EQ(as(other_student_, "GET", hand_in_path).status, 403);

  const auto returned = as(teacher_, "PUT", hand_in_path + "/feedback",
                           R"({"feedback":"Bien","score":1500,"out_of":2000})");
  ASSERT_EQ(returned.status, 200) << returned.body;
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'homework.feedback'"), 2);
  const auto again = upload(student_, path + "/hand-in", multipart({{"text", "Encore"}}));
  EXPECT_EQ(again.status, 409) << again.body;
  const auto mine = as(student_, "GET", "/api/v1/homework");
  ASSERT_EQ(mine.status, 200) << mine.body;
  auto progress = parse(mine.body)->getArray("items")->getObject(0)->getObject("progress");
  EXPECT_EQ(progress->getValue<std::string>("status"), "returned");
  EXPECT_EQ(progress->getObject("hand_in")->getValue<std::int64_t>("score"), 1500);
}

TEST_F(HomeworkApi, AHandInAfterTheDeadlineIsAcceptedAndMarkedLate) {
  const std::int64_t id = setHomework();
  node_.clock().set(at(2026, 9, 11, 7, 0));
  const auto handed = upload(student_, "/api/v1/homework/" + std::to_string(id) + "/hand-in",
                             multipart({{"text", "Pardon pour le retard"}}));
  ASSERT_EQ(handed.status, 201) << handed.body;
  EXPECT_TRUE(parse(handed.body)->getValue<bool>("late"));
}

TEST_F(HomeworkApi, AFileWhoseBytesContradictItsTypeIsRefusedAndNothingIsStored) {
  const std::int64_t id = setHomework();
  const auto refused =
      upload(student_, "/api/v1/homework/" + std::to_string(id) + "/hand-in",
             multipart({{"text", "Ma copie"}, {"file", kPng, "devoir.pdf", "application/pdf"}}));
  EXPECT_EQ(refused.status, 422);
  auto problem = parse(refused.body);
  EXPECT_EQ(problem->getValue<std::string>("detail"),
            "file \"devoir.pdf\" is declared as application/pdf but its content is image/png");
  EXPECT_EQ(problem->getValue<std::string>("field"), "file");
  EXPECT_EQ(count("SELECT count(*) FROM hand_ins"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM files"), 0);
  EXPECT_EQ(blobsOnDisk(), 0u);
}

TEST_F(HomeworkApi, WhenOneAttachmentIsRefusedNoneIsKept) {
  const std::int64_t id = setHomework();
  const std::string path = "/api/v1/homework/" + std::to_string(id) + "/attachments";
  ASSERT_EQ(upload(teacher_, path, multipart({{"file", kPdf, "a.pdf", "application/pdf"}})).status,
            201);
  const auto refused = upload(teacher_, path,
                              multipart({{"file", kPng, "b.png", "image/png"},
                                         {"file", "MZ\x90", "c.exe", "application/x-msdownload"}}));
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(parse(refused.body)->getValue<std::string>("field"), "file");
  EXPECT_EQ(count("SELECT count(*) FROM homework_attachments"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM files"), 1);
  EXPECT_EQ(blobsOnDisk(), 1u);
}

TEST_F(HomeworkApi, AMalformedFormIsRefusedSayingWhy) {
  const std::int64_t id = setHomework();
  const auto refused =
      upload(student_, "/api/v1/homework/" + std::to_string(id) + "/hand-in", "--other\r\n\r\n");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(parse(refused.body)->getValue<std::string>("detail"),
            "multipart: no boundary line in the body");
}

TEST_F(HomeworkApi, TheDoneTickIsShownToTheStudentAndParentsButNotToTeachers) {
  const std::int64_t id = setHomework();
  const auto ticked =
      as(student_, "PUT", "/api/v1/homework/" + std::to_string(id) + "/done", R"({"done":true})");
  ASSERT_EQ(ticked.status, 200) << ticked.body;
  auto progressFor = [&](std::int64_t who, const std::string& query) {
    const auto listed = as(who, "GET", "/api/v1/homework" + query);
    EXPECT_EQ(listed.status, 200) << listed.body;
    return parse(listed.body)->getArray("items")->getObject(0)->getObject("progress");
  };
  const std::string of_student = "?student_id=" + std::to_string(student_);
  EXPECT_TRUE(progressFor(student_, "")->getValue<bool>("done"));
  EXPECT_TRUE(progressFor(parent_, of_student)->getValue<bool>("done"));
  EXPECT_FALSE(progressFor(teacher_, of_student)->has("done"));
  EXPECT_EQ(as(other_parent_, "GET", "/api/v1/homework" + of_student).status, 403);
  const auto teacher_list = as(teacher_, "GET", "/api/v1/homework");
  EXPECT_EQ(parse(teacher_list.body)->getArray("items")->size(), 1u);
}

TEST_F(HomeworkApi, TheCahierDeTextesIsWrittenByTheTeacherAndDeletedByAnAuditedAdmin) {
  const std::string path =
      "/api/v1/timetable/lessons/" + std::to_string(lesson_) + "/record/2026-09-07";
  EXPECT_EQ(as(teacher_, "PUT", path, R"({"title":"Fractions","content":"Chapitre 1"})").status,
            200);
  EXPECT_EQ(as(teacher_, "PUT", path, R"({"content":"Chapitre 1 et 2"})").status, 200);
  EXPECT_EQ(as(other_teacher_, "PUT", path, R"({"content":"Pas ma classe"})").status, 403);
  const auto read = as(parent_, "GET", path);
  ASSERT_EQ(read.status, 200) << read.body;
  auto entry = parse(read.body);
  EXPECT_EQ(entry->getObject("entry")->getValue<std::string>("content"), "Chapitre 1 et 2");
  EXPECT_EQ(entry->getArray("history")->getObject(0)->getValue<std::string>("content"),
            "Chapitre 1");
  EXPECT_EQ(as(other_parent_, "GET", path).status, 403);
  const auto week =
      as(student_, "GET",
         "/api/v1/classes/" + std::to_string(class_) + "/record?from=2026-09-07&to=2026-09-13");
  ASSERT_EQ(week.status, 200) << week.body;
  EXPECT_EQ(parse(week.body)->getArray("items")->size(), 1u);

  EXPECT_EQ(as(teacher_, "DELETE", path).status, 403);
  EXPECT_EQ(as(admin_, "DELETE", path).status, 204);
  const auto audit = as(admin_, "GET", "/api/v1/audit?event=lesson_record");
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_NE(audit.body.find("lesson_record.deleted"), std::string::npos) << audit.body;
}

class SmallUploads : public HomeworkApi {
 protected:
  SmallUploads() : HomeworkApi(2048) {}
};

TEST_F(SmallUploads, AnUploadOverTheLimitIs413AndStoresNothing) {
  const std::int64_t id = setHomework();
  const std::string big = kPdf + std::string(4096, ' ');
  const auto refused = upload(student_, "/api/v1/homework/" + std::to_string(id) + "/hand-in",
                              multipart({{"file", big, "gros.pdf", "application/pdf"}}));
  EXPECT_EQ(refused.status, 413) << refused.body;
  EXPECT_EQ(count("SELECT count(*) FROM files"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM hand_ins"), 0);
  EXPECT_EQ(blobsOnDisk(), 0u);
}

}  // namespace
}  // namespace cartable
