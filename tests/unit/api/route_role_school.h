// The fixture school of the route × role table and the table's rows, one
// function per area (route_role_rows_*.cpp). Row order matters: rows that
// delete come after the rows that read what they delete.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/storage/database.h"
#include "support/test_node.h"

namespace cartable::route_role {

// Who calls. Each is one person of the fixture school (or nobody).
enum Caller { kAnonymous, kStudent, kParent, kTeacher, kStaff, kAdmin, kCallerCount };
const char* const kCallerNames[] = {"anonymous", "student", "parent", "teacher", "staff", "admin"};

// What the caller must get: through the access check (any status but 401/403),
// refused (403), or asked to sign in (401); Hidden (404): a resource the
// caller may not see answers as if it did not exist (quizzes).
enum Expect : char { Allowed = 'A', Denied = 'D', SignIn = 'S', Hidden = 'H' };

struct Row {
  std::string method;
  std::string pattern;  // as registered
  std::string path;     // with the parameters filled in from the fixture
  std::string body;
  std::string expected;  // one letter per caller, in Caller order
};

// The people, classes and resources the rows name, made in a test node; the
// rows of each area.
class FixtureSchool {
 public:
  explicit FixtureSchool(testing::TestNode& node) : node_(node) {}
  // Builds the school (gtest assertions on failure).
  void build();

  std::vector<Row> accountRows() const;
  std::vector<Row> schoolLifeRows() const;
  std::vector<Row> communicationRows() const;
  std::vector<Row> documentRows() const;
  std::vector<Row> platformRows() const;
  std::vector<Row> quizRows() const;
  std::vector<Row> followUpRows() const;
  std::vector<Row> earlyWarningRows() const;

  // The person who calls as `caller` (0 for anonymous).
  std::int64_t personFor(Caller caller) const;

 private:
  void addQuizzes();
  void addFollowUp();
  void addDocuments();
  void addMessaging();
  void addJustifications();
  void addGrades();
  void addCommunication();
  Status addSchoolLife(storage::Connection& db, std::int64_t maths);
  Result<std::int64_t> storeFile(storage::Connection& db, std::int64_t owner,
                                 const std::string& name);

  std::string announcementFor(const std::string& audience) const {
    return R"({"title":"Info","body":"Texte","audiences":[)" + audience + "]}";
  }

  std::string evaluationBody(std::int64_t class_id) const {
    return R"({"subject_id":)" + id(maths_) + R"(,"class_id":)" + id(class_id) +
           R"(,"date":"2026-09-21","title":"Interrogation","out_of":20})";
  }

  std::string homeworkFor(std::int64_t class_id) const {
    return R"({"subject_id":)" + id(maths_) + R"(,"class_id":)" + id(class_id) +
           R"(,"due_on":"2026-09-10","instructions":"Exercices"})";
  }

  std::string id(std::int64_t value) const { return std::to_string(value); }

  std::string rollOf(std::int64_t lesson, const std::string& date) const {
    return "/api/v1/timetable/lessons/" + id(lesson) + "/roll-calls/" + date;
  }

  testing::TestNode& node_;
  std::int64_t student1_ = 0, student2_ = 0, parent1_ = 0, teacher1_ = 0, teacher2_ = 0;
  std::int64_t staff_ = 0, admin_ = 0, class1_ = 0, class2_ = 0, lesson1_ = 0, lesson2_ = 0;
  std::int64_t maths_ = 0, evaluation1_ = 0, evaluation2_ = 0, evaluation3_ = 0;
  std::int64_t homework1_ = 0, homework2_ = 0, homework3_ = 0, attachment1_ = 0, attachment2_ = 0;
  std::int64_t justification1_ = 0, justification2_ = 0;
  std::int64_t hand_in1_ = 0, hand_in2_ = 0, hand_in_file1_ = 0, hand_in_file2_ = 0;
  std::int64_t conversation1_ = 0, conversation2_ = 0, message1_ = 0, message2_ = 0;
  std::int64_t message_file1_ = 0, message_file2_ = 0;
  std::int64_t announcement1_ = 0, announcement2_ = 0, announcement3_ = 0, announcement4_ = 0;
  std::int64_t news_file1_ = 0, news_file2_ = 0, ticket1_ = 0, ticket2_ = 0;
  std::int64_t class_folder1_ = 0, class_folder2_ = 0, personal_folder_ = 0, empty_folder_ = 0;
  std::int64_t class_doc1_ = 0, class_doc2_ = 0, class_doc3_ = 0, personal_doc_ = 0;
  std::int64_t teacher_doc_ = 0, share1_ = 0, share2_ = 0;
  std::int64_t quiz1_ = 0, quiz2_ = 0, quiz3_ = 0;
  std::int64_t plan1_ = 0, plan2_ = 0, grouping1_ = 0, grouping2_ = 0;
};

}  // namespace cartable::route_role
