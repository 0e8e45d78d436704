// Every route × every role, including the cross cases (a parent and another
// family's child, a teacher and a class they do not teach). A route that the
// API serves but this table does not cover fails the test.
#include <gtest/gtest.h>

#include <set>

#include "announcements/announcements.h"
#include "api/routes.h"
#include "attendance/attendance.h"
#include "directory/structure.h"
#include "documents/documents.h"
#include "files/files.h"
#include "grades/grades.h"
#include "helpdesk/helpdesk.h"
#include "homework/homework.h"
#include "homework/lesson_records.h"
#include "messaging/messaging.h"
#include "quizzes/quizzes.h"
#include "follow_up/guides.h"
#include "follow_up/pathways.h"
#include "follow_up/plans.h"
#include "support/test_node.h"
#include "timetable/timetable.h"

namespace cartable {
namespace {

using directory::Role;
using testing::Credentials;
using testing::TestNode;

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

// The school: two classes, two families; teacher 1 teaches class 1 only.
class RouteRoleMatrix : public ::testing::Test {
 protected:
  void SetUp() override {
    student1_ = node_.addPerson("eleve.un", {Role::student});
    student2_ = node_.addPerson("eleve.deux", {Role::student});
    parent1_ = node_.addPerson("parent.un", {Role::parent});
    teacher1_ = node_.addPerson("prof.un", {Role::teacher});
    teacher2_ = node_.addPerson("prof.deux", {Role::teacher});
    staff_ = node_.addPerson("cpe.un", {Role::staff});
    admin_ = node_.addPerson("direction", {Role::admin});
    node_.enrollTotp(staff_);
    node_.enrollTotp(admin_);
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(class1_,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(class2_,
                                directory::insertClass(db, {0, "6B", "6e B", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(auto maths,
                                directory::insertSubject(db, {0, "MATHS", "Mathématiques"}));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student1_, class1_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student2_, class2_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {parent1_, student1_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher1_, maths, class1_, std::nullopt, true}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher2_, maths, class2_, std::nullopt, false}));
      timetable::Lesson lesson{0,
                               maths,
                               class1_,
                               std::nullopt,
                               {teacher1_},
                               "B12",
                               1,
                               "08:00",
                               "09:00",
                               timetable::WeekPattern::all,
                               "2026-09-01",
                               "2027-07-04"};
      CARTABLE_ASSIGN_OR_RETURN(lesson1_, timetable::createLesson(db, lesson));
      lesson.class_id = class2_;
      lesson.teacher_ids = {teacher2_};
      lesson.room = "B13";
      CARTABLE_ASSIGN_OR_RETURN(lesson2_, timetable::createLesson(db, lesson));
      // Teacher 1 stands in for teacher 2 on one Monday.
      timetable::LessonChange substitute;
      substitute.lesson_id = lesson2_;
      substitute.on_date = "2026-09-14";
      substitute.kind = timetable::ChangeKind::substitute;
      substitute.substitute_id = teacher1_;
      CARTABLE_RETURN_IF_ERROR(timetable::recordChange(db, substitute, admin_, 0));
      return addSchoolLife(db, maths);
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
    addGrades();
    addJustifications();
    addMessaging();
    addDocuments();
    addQuizzes();
    addFollowUp();
  }

  // Quizzes open now: 1 by teacher 1 for class 1, 2 by teacher 2 for class 2
  // (both published); 3, a draft of teacher 1 for class 1, to delete.
  void addQuizzes() {
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      const Seconds now = node_.clock().now();
      quizzes::Quiz quiz;
      quiz.teacher_id = teacher1_;
      quiz.subject_id = maths_;
      quiz.class_id = class1_;
      quiz.title = "QCM";
      quiz.opens_at = now - 3600;
      quiz.closes_at = now + 30 * 86400;
      quiz.state = quizzes::State::published;
      quizzes::Question question;
      question.prompt = "2 + 2 ?";
      question.choices = {"3", "4"};
      question.correct = {1};
      quiz.questions = {question};
      CARTABLE_ASSIGN_OR_RETURN(quiz1_, quizzes::createQuiz(db, quiz, now));
      quiz.state = quizzes::State::draft;
      CARTABLE_ASSIGN_OR_RETURN(quiz3_, quizzes::createQuiz(db, quiz, now));
      quiz.teacher_id = teacher2_;
      quiz.class_id = class2_;
      quiz.state = quizzes::State::published;
      CARTABLE_ASSIGN_OR_RETURN(quiz2_, quizzes::createQuiz(db, quiz, now));
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  // Quiz 1 (class 1): its student and parent, teacher 1, staff and admin see
  // it; quiz 2 (class 2) is hidden (404) from all three of class 1's callers.
  std::vector<Row> quizRows() const {
    const std::string q = "/api/v1/quizzes/{id}";
    const std::string q1 = "/api/v1/quizzes/" + id(quiz1_), q2 = "/api/v1/quizzes/" + id(quiz2_);
    const auto target = [&](std::int64_t class_id) {
      return R"({"subject_id":)" + id(maths_) + R"(,"class_id":)" + id(class_id) + "}";
    };
    //  caller order:                                              a s p t S A
    return {
        // One's own list (parents, staff and admin must name a student: 422).
        {"GET", "/api/v1/quizzes", "/api/v1/quizzes", "", "SAAAAA"},
        {"GET", "/api/v1/quizzes", "/api/v1/quizzes?student_id=" + id(student1_), "", "SAAAAA"},
        {"GET", "/api/v1/quizzes", "/api/v1/quizzes?student_id=" + id(student2_), "", "SDDDAA"},
        {"POST", "/api/v1/quizzes", "/api/v1/quizzes", target(class1_), "SDDADD"},
        {"POST", "/api/v1/quizzes", "/api/v1/quizzes", target(class2_), "SDDDDD"},
        {"GET", q, q1, "", "SAAAAA"},
        {"GET", q, q2, "", "SHHHAA"},
        {"PATCH", q, q1, "{}", "SDDADD"},
        {"PATCH", q, q2, "{}", "SHHHDD"},
        {"POST", q + "/publish", q1 + "/publish", "", "SDDADD"},
        {"POST", q + "/publish", q2 + "/publish", "", "SHHHDD"},
        {"POST", q + "/attempts", q1 + "/attempts", "{}", "SADDDD"},
        {"POST", q + "/attempts", q2 + "/attempts", "{}", "SHHHDD"},
        {"GET", q + "/results", q1 + "/results", "", "SDDAAA"},
        {"GET", q + "/results", q2 + "/results", "", "SHHHAA"},
        {"POST", q + "/gradebook", q1 + "/gradebook", "{}", "SDDADD"},
        {"POST", q + "/gradebook", q2 + "/gradebook", "{}", "SHHHDD"},
        // A draft is hidden from the class's family; teacher 1 deletes quiz 3,
        // after which staff and admin reach the handler (404).
        {"DELETE", q, "/api/v1/quizzes/" + id(quiz3_), "", "SHHAAA"},
        {"DELETE", q, q2, "", "SHHHDD"},
    };
  }

  // Follow-up plans: 1 for student 1 (opened by teacher 1), 2 for student 2
  // (teacher 2). Another family's or class's plan is hidden (404).
  void addFollowUp() {
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      follow_up::Plan plan;
      plan.student_id = student1_;
      plan.title = "Plan";
      CARTABLE_ASSIGN_OR_RETURN(plan1_, follow_up::openPlan(db, plan, teacher1_, 0));
      plan.student_id = student2_;
      CARTABLE_ASSIGN_OR_RETURN(plan2_, follow_up::openPlan(db, plan, teacher2_, 0));
      follow_up::Grouping grouping;
      grouping.teacher_id = teacher1_;
      grouping.class_id = class1_;
      grouping.subject_id = maths_;
      grouping.title = "Fractions";
      grouping.groups = {{"Consolidation", {{student1_, std::nullopt}}}};
      CARTABLE_ASSIGN_OR_RETURN(grouping1_, follow_up::createGrouping(db, grouping, 0));
      grouping.teacher_id = teacher2_;
      grouping.class_id = class2_;
      grouping.groups = {{"Consolidation", {{student2_, std::nullopt}}}};
      CARTABLE_ASSIGN_OR_RETURN(grouping2_, follow_up::createGrouping(db, grouping, 0));
      return follow_up::addGuide(db, {class_doc1_, "", "Apprendre une leçon", std::nullopt, {}, 0},
                                 teacher1_, 0);
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  std::vector<Row> followUpRows() const {
    const std::string p = "/api/v1/follow-up/plans", r = "/api/v1/follow-up/recommendations";
    const std::string p1 = p + "/" + id(plan1_), p2 = p + "/" + id(plan2_);
    const auto about = [&](std::int64_t student) {
      return R"({"student_id":)" + id(student) + "}";
    };
    const std::string g = "/api/v1/pathways";
    const std::string g1 = g + "/" + id(grouping1_), g2 = g + "/" + id(grouping2_);
    const auto inClass = [&](std::int64_t class_id) {
      return R"({"class_id":)" + id(class_id) + "}";
    };
    const auto suggestion = [&](std::int64_t class_id) {
      return "/api/v1/pathway-suggestions?class_id=" + id(class_id) + "&subject_id=" + id(maths_);
    };
    const auto document = [&](std::int64_t document_id) {
      return R"({"document_id":)" + id(document_id) + "}";
    };
    //  caller order:                                              a s p t S A
    return {
        {"GET", p, p, "", "SAAAAA"},
        {"GET", p, p + "?student_id=" + id(student1_), "", "SAAAAA"},
        {"GET", p, p + "?student_id=" + id(student2_), "", "SHHHAA"},
        {"POST", p, p, about(student1_), "SDDAAA"},
        {"POST", p, p, about(student2_), "SDDHAA"},
        {"GET", p + "/{id}", p1, "", "SAAAAA"},
        {"GET", p + "/{id}", p2, "", "SHHHAA"},
        {"PATCH", p + "/{id}", p1, "{}", "SDDAAA"},
        {"PATCH", p + "/{id}", p2, "{}", "SHHHAA"},
        {"POST", p + "/{id}/notes", p1 + "/notes", "{}", "SDDAAA"},
        {"POST", p + "/{id}/notes", p2 + "/notes", "{}", "SHHHAA"},
        {"POST", p + "/{id}/close", p1 + "/close", "{}", "SDDAAA"},
        {"POST", p + "/{id}/close", p2 + "/close", "{}", "SHHHAA"},
        {"GET", r, r, "", "SAAAAA"},
        {"GET", r, r + "?student_id=" + id(student2_), "", "SHHHAA"},
        {"POST", r, r, about(student1_), "SDDAAA"},
        {"POST", r, r, about(student2_), "SDDHAA"},
        // Need groupings: the teacher side only; a student or parent never sees one.
        {"GET", "/api/v1/pathways", "/api/v1/pathways", "", "SDDAAA"},
        {"GET", "/api/v1/pathways", "/api/v1/pathways?class_id=" + id(class1_), "", "SDDAAA"},
        {"GET", "/api/v1/pathways", "/api/v1/pathways?class_id=" + id(class2_), "", "SDDDAA"},
        {"POST", "/api/v1/pathways", "/api/v1/pathways", inClass(class1_), "SDDADD"},
        {"POST", "/api/v1/pathways", "/api/v1/pathways", inClass(class2_), "SDDDDD"},
        {"GET", "/api/v1/pathway-suggestions", suggestion(class1_), "", "SDDAAA"},
        {"GET", "/api/v1/pathway-suggestions", suggestion(class2_), "", "SDDDAA"},
        {"GET", g + "/{id}", g1, "", "SHHAAA"},
        {"GET", g + "/{id}", g2, "", "SHHHAA"},
        {"PATCH", g + "/{id}", g1, "{}", "SHHADD"},
        {"PATCH", g + "/{id}", g2, "{}", "SHHHDD"},
        {"DELETE", g + "/{id}", g2, "", "SHHHDD"},
        // Teacher 1 deletes grouping 1; then it names nothing (staff and admin: 404).
        {"DELETE", g + "/{id}", g1, "", "SHHAAA"},
        // Methodological guides: listed for everyone (each as its document allows).
        {"GET", "/api/v1/guides", "/api/v1/guides", "", "SAAAAA"},
        {"POST", "/api/v1/guides", "/api/v1/guides", document(class_doc1_), "SDDAAA"},
        {"POST", "/api/v1/guides", "/api/v1/guides", document(class_doc2_), "SDDDAA"},
        {"DELETE", "/api/v1/guides/{id}", "/api/v1/guides/" + id(class_doc1_), "", "SDDAAA"},
        // An unknown guide: 404 for who may manage guides, 403 for the others.
        {"DELETE", "/api/v1/guides/{id}", "/api/v1/guides/999999", "", "SDDAAA"},
    };
  }

  // Documents: class 1's space holds document 1 and 3 by teacher 1 and an
  // empty sub-folder; class 2's holds document 2 by teacher 2. Student 1's
  // personal document is shared with teacher 1 (share 1); teacher 1's
  // personal document with staff (share 2).
  void addDocuments() {
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      const Seconds now = node_.clock().now();
      const documents::Quotas quotas{1 << 20, 1 << 30};
      const auto add = [&](std::int64_t folder, std::int64_t who,
                           const std::string& name) -> Result<std::int64_t> {
        CARTABLE_ASSIGN_OR_RETURN(auto file_id, storeFile(db, who, name));
        CARTABLE_ASSIGN_OR_RETURN(auto file, files::FileStore::find(db, file_id));
        CARTABLE_ASSIGN_OR_RETURN(auto added,
                                  documents::addFiles(db, folder, {file}, who, quotas, now));
        return added.front().id;
      };
      CARTABLE_ASSIGN_OR_RETURN(auto class1, documents::classRoot(db, class1_, now));
      CARTABLE_ASSIGN_OR_RETURN(auto class2, documents::classRoot(db, class2_, now));
      CARTABLE_ASSIGN_OR_RETURN(auto personal, documents::personalRoot(db, student1_, now));
      CARTABLE_ASSIGN_OR_RETURN(auto teacher, documents::personalRoot(db, teacher1_, now));
      CARTABLE_ASSIGN_OR_RETURN(
          auto empty,
          documents::createFolder(db, {class1.id, "Vide", std::nullopt}, teacher1_, now));
      class_folder1_ = class1.id;
      class_folder2_ = class2.id;
      personal_folder_ = personal.id;
      empty_folder_ = empty.id;
      CARTABLE_ASSIGN_OR_RETURN(class_doc1_, add(class1.id, teacher1_, "cours1.pdf"));
      CARTABLE_ASSIGN_OR_RETURN(class_doc3_, add(class1.id, teacher1_, "cours3.pdf"));
      CARTABLE_ASSIGN_OR_RETURN(class_doc2_, add(class2.id, teacher2_, "cours2.pdf"));
      CARTABLE_ASSIGN_OR_RETURN(personal_doc_, add(personal.id, student1_, "expose.pdf"));
      CARTABLE_ASSIGN_OR_RETURN(teacher_doc_, add(teacher.id, teacher1_, "fiche.pdf"));
      documents::NewShare input;
      input.document_id = personal_doc_;
      input.target_ids = {teacher1_};
      CARTABLE_ASSIGN_OR_RETURN(auto first, documents::share(db, input, student1_, now));
      input.document_id = teacher_doc_;
      input.target_ids = {staff_};
      CARTABLE_ASSIGN_OR_RETURN(auto second, documents::share(db, input, teacher1_, now));
      share1_ = first.front().id;
      share2_ = second.front().id;
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  // Conversation 1: teacher 1 writes to student 1; conversation 2: teacher 2
  // writes to student 2, who reports it. Each first message carries a file.
  void addMessaging() {
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(message_file1_, storeFile(db, teacher1_, "note1.pdf"));
      CARTABLE_ASSIGN_OR_RETURN(message_file2_, storeFile(db, teacher2_, "note2.pdf"));
      messaging::NewConversation input{"Devoir", {{messaging::RecipientKind::person, student1_}},
                                       std::nullopt, {"Bonjour", {message_file1_}}};
      CARTABLE_ASSIGN_OR_RETURN(auto first, messaging::startConversation(db, teacher1_, input, 0));
      input.recipients = {{messaging::RecipientKind::person, student2_}};
      input.message.file_ids = {message_file2_};
      CARTABLE_ASSIGN_OR_RETURN(auto second, messaging::startConversation(db, teacher2_, input, 0));
      CARTABLE_RETURN_IF_ERROR(
          messaging::reportMessage(db, second.message_id, student2_, "Signalé", 0));
      conversation1_ = first.conversation_id;
      conversation2_ = second.conversation_id;
      message1_ = first.message_id;
      message2_ = second.message_id;
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
    addCommunication();
  }

  // A pending justification for each student, submitted by staff as parents would.
  void addJustifications() {
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      attendance::NewJustification input;
      input.from_date = input.to_date = "2026-09-07";
      input.text = "Rendez-vous";
      input.student_id = student1_;
      CARTABLE_ASSIGN_OR_RETURN(auto first,
                                attendance::submitJustification(db, input, parent1_, 0));
      input.student_id = student2_;
      CARTABLE_ASSIGN_OR_RETURN(auto second, attendance::submitJustification(db, input, staff_, 0));
      justification1_ = first.id;
      justification2_ = second.id;
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  // A trimester, and maths evaluations: 1 and 3 of class 1 (teacher 1), 2 of class 2 (teacher 2).
  void addGrades() {
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      timetable::Calendar calendar;
      calendar.periods = {{"Trimestre 1", "2026-09-01", "2026-11-30"}};
      CARTABLE_RETURN_IF_ERROR(timetable::setCalendar(db, calendar));
      CARTABLE_ASSIGN_OR_RETURN(auto maths, directory::findSubject(db, "MATHS"));
      if (!maths) return makeError(Errc::not_found, "no MATHS subject");
      maths_ = maths->id;
      grades::Evaluation evaluation;
      evaluation.subject_id = maths_;
      evaluation.class_id = class1_;
      evaluation.teacher_id = teacher1_;
      evaluation.date = evaluation.visible_from = "2026-09-20";
      evaluation.title = "Contrôle";
      CARTABLE_ASSIGN_OR_RETURN(evaluation1_, grades::createEvaluation(db, evaluation, 0));
      CARTABLE_ASSIGN_OR_RETURN(evaluation3_, grades::createEvaluation(db, evaluation, 0));
      evaluation.class_id = class2_;
      evaluation.teacher_id = teacher2_;
      CARTABLE_ASSIGN_OR_RETURN(evaluation2_, grades::createEvaluation(db, evaluation, 0));
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  // Announcements: 1 and 3 by teacher 1 to class 1, 2 and 4 by teacher 2 to
  // class 2, an attachment on 1 and 2; a help desk ticket of parent 1 and one
  // of student 2.
  void addCommunication() {
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      const Seconds now = node_.clock().now();
      announcements::Announcement news;
      news.title = "Sortie";
      news.body = "Au musée";
      news.author_id = teacher1_;
      news.audiences = {{announcements::AudienceKind::class_all, class1_}};
      CARTABLE_ASSIGN_OR_RETURN(announcement1_, announcements::createAnnouncement(db, news, now));
      CARTABLE_ASSIGN_OR_RETURN(announcement3_, announcements::createAnnouncement(db, news, now));
      news.author_id = teacher2_;
      news.audiences = {{announcements::AudienceKind::class_all, class2_}};
      CARTABLE_ASSIGN_OR_RETURN(announcement2_, announcements::createAnnouncement(db, news, now));
      CARTABLE_ASSIGN_OR_RETURN(announcement4_, announcements::createAnnouncement(db, news, now));
      CARTABLE_ASSIGN_OR_RETURN(news_file1_, storeFile(db, teacher1_, "sortie1.pdf"));
      CARTABLE_RETURN_IF_ERROR(announcements::attachFile(db, announcement1_, news_file1_));
      CARTABLE_ASSIGN_OR_RETURN(news_file2_, storeFile(db, teacher2_, "sortie2.pdf"));
      CARTABLE_RETURN_IF_ERROR(announcements::attachFile(db, announcement2_, news_file2_));
      const helpdesk::NewTicket ticket{"account", "Mot de passe", "Perdu", std::nullopt};
      CARTABLE_ASSIGN_OR_RETURN(auto first, helpdesk::openTicket(db, ticket, parent1_, now));
      CARTABLE_ASSIGN_OR_RETURN(auto second, helpdesk::openTicket(db, ticket, student2_, now));
      ticket1_ = first.id;
      ticket2_ = second.id;
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  std::string announcementFor(const std::string& audience) const {
    return R"({"title":"Info","body":"Texte","audiences":[)" + audience + "]}";
  }

  std::string evaluationBody(std::int64_t class_id) const {
    return R"({"subject_id":)" + id(maths_) + R"(,"class_id":)" + id(class_id) +
           R"(,"date":"2026-09-21","title":"Interrogation","out_of":20})";
  }

  // Homework for each class (and one more of class 1 to delete), an
  // attachment and a hand-in with a file on each, a cahier de textes entry.
  Status addSchoolLife(storage::Connection& db, std::int64_t maths) {
    const Seconds now = node_.clock().now();
    maths_ = maths;
    homework::Homework work;
    work.teacher_id = teacher1_;
    work.subject_id = maths;
    work.class_id = class1_;
    work.due_on = "2026-09-10";
    work.instructions = "Exercices";
    work.hand_in_expected = true;
    CARTABLE_ASSIGN_OR_RETURN(homework1_, homework::createHomework(db, work, now));
    CARTABLE_ASSIGN_OR_RETURN(homework3_, homework::createHomework(db, work, now));
    work.teacher_id = teacher2_;
    work.class_id = class2_;
    CARTABLE_ASSIGN_OR_RETURN(homework2_, homework::createHomework(db, work, now));
    CARTABLE_ASSIGN_OR_RETURN(attachment1_, storeFile(db, teacher1_, "sujet1.pdf"));
    CARTABLE_RETURN_IF_ERROR(homework::attachFile(db, homework1_, attachment1_));
    CARTABLE_ASSIGN_OR_RETURN(attachment2_, storeFile(db, teacher2_, "sujet2.pdf"));
    CARTABLE_RETURN_IF_ERROR(homework::attachFile(db, homework2_, attachment2_));
    CARTABLE_ASSIGN_OR_RETURN(hand_in_file1_, storeFile(db, student1_, "copie1.pdf"));
    CARTABLE_ASSIGN_OR_RETURN(hand_in_file2_, storeFile(db, student2_, "copie2.pdf"));
    bool replaced = false;
    CARTABLE_ASSIGN_OR_RETURN(auto first, homework::handIn(db, homework1_, student1_, "",
                                                           {hand_in_file1_}, now, replaced));
    CARTABLE_ASSIGN_OR_RETURN(auto second, homework::handIn(db, homework2_, student2_, "",
                                                            {hand_in_file2_}, now, replaced));
    hand_in1_ = first.id;
    hand_in2_ = second.id;
    CARTABLE_RETURN_IF_ERROR(
        homework::writeLessonRecord(db, lesson1_, "2026-09-07", "", "Chapitre 1", teacher1_, now));
    return okStatus();
  }

  Result<std::int64_t> storeFile(storage::Connection& db, std::int64_t owner,
                                 const std::string& name) {
    files::FileStore store(node_.settings().data_dir + "/files", 1 << 20);
    const std::string content = "%PDF-1.7\n" + name + "\n";
    CARTABLE_ASSIGN_OR_RETURN(auto staged, store.stage({name, "application/pdf", content, "file"}));
    CARTABLE_ASSIGN_OR_RETURN(auto info, store.record(db, staged, owner, node_.clock().now()));
    return info.id;
  }

  std::string homeworkFor(std::int64_t class_id) const {
    return R"({"subject_id":)" + id(maths_) + R"(,"class_id":)" + id(class_id) +
           R"(,"due_on":"2026-09-10","instructions":"Exercices"})";
  }

  std::int64_t personFor(Caller caller) const {
    switch (caller) {
      case kStudent:
        return student1_;
      case kParent:
        return parent1_;
      case kTeacher:
        return teacher1_;
      case kStaff:
        return staff_;
      case kAdmin:
        return admin_;
      default:
        return 0;
    }
  }

  std::string id(std::int64_t value) const { return std::to_string(value); }

  std::string rollOf(std::int64_t lesson, const std::string& date) const {
    return "/api/v1/timetable/lessons/" + id(lesson) + "/roll-calls/" + date;
  }

  std::vector<Row> rows() const {
    const std::string s1 = id(student1_), s2 = id(student2_), c1 = id(class1_), c2 = id(class2_);
    const std::string e1 = id(evaluation1_), e2 = id(evaluation2_);
    const std::string roll = "/api/v1/timetable/lessons/{id}/roll-calls/{date}";
    const std::string hw1 = "/api/v1/homework/" + id(homework1_);
    const std::string hw2 = "/api/v1/homework/" + id(homework2_);
    const std::string hi1 = "/api/v1/hand-ins/" + id(hand_in1_);
    const std::string hi2 = "/api/v1/hand-ins/" + id(hand_in2_);
    const std::string record1 = "/api/v1/timetable/lessons/" + id(lesson1_) + "/record/2026-09-07";
    const std::string record2 = "/api/v1/timetable/lessons/" + id(lesson2_) + "/record/2026-09-07";
    const std::string conv1 = "/api/v1/conversations/" + id(conversation1_);
    const std::string conv2 = "/api/v1/conversations/" + id(conversation2_);
    const std::string msg1 = "/api/v1/messages/" + id(message1_);
    const std::string msg2 = "/api/v1/messages/" + id(message2_);
    const std::string an1 = "/api/v1/announcements/" + id(announcement1_);
    const std::string an2 = "/api/v1/announcements/" + id(announcement2_);
    const std::string tk1 = "/api/v1/helpdesk/tickets/" + id(ticket1_);
    const std::string tk2 = "/api/v1/helpdesk/tickets/" + id(ticket2_);
    //  caller order:                                              a s p t S A
    std::vector<Row> out = {
        {"GET", "/healthz", "/healthz", "", "AAAAAA"},
        {"GET", "/readyz", "/readyz", "", "AAAAAA"},
        {"GET", "/metrics", "/metrics", "", "AAAAAA"},
        {"POST", "/api/v1/session", "/api/v1/session", "{}", "AAAAAA"},
        {"DELETE", "/api/v1/session", "/api/v1/session", "", "SAAAAA"},
        {"GET", "/api/v1/me", "/api/v1/me", "", "SAAAAA"},
        {"GET", "/api/v1/me/children", "/api/v1/me/children", "", "SAAAAA"},
        {"PUT", "/api/v1/me/password", "/api/v1/me/password", "{}", "SAAAAA"},
        {"GET", "/api/v1/me/sessions", "/api/v1/me/sessions", "", "SAAAAA"},
        {"DELETE", "/api/v1/me/sessions/{id}", "/api/v1/me/sessions/999999", "", "SAAAAA"},
        {"POST", "/api/v1/me/totp", "/api/v1/me/totp", "", "SAAAAA"},
        {"POST", "/api/v1/me/totp/confirm", "/api/v1/me/totp/confirm", "{}", "SAAAAA"},
        // Admin and staff must keep their second factor.
        {"DELETE", "/api/v1/me/totp", "/api/v1/me/totp", "{}", "SAAADD"},
        {"GET", "/api/v1/users", "/api/v1/users", "", "SDDDAA"},
        {"POST", "/api/v1/users", "/api/v1/users", "{}", "SDDDDA"},
        // Student 1: themselves, their parent, their teacher, staff and admin.
        {"GET", "/api/v1/users/{id}", "/api/v1/users/" + s1, "", "SAAAAA"},
        // Student 2: another family's child, a class teacher 1 does not teach.
        {"GET", "/api/v1/users/{id}", "/api/v1/users/" + s2, "", "SDDDAA"},
        // A teacher sees a colleague; a parent or student does not.
        {"GET", "/api/v1/users/{id}", "/api/v1/users/" + id(teacher2_), "", "SDDAAA"},
        {"PATCH", "/api/v1/users/{id}", "/api/v1/users/" + s1, "{}", "SDDDDA"},
        {"POST", "/api/v1/users/{id}/password-reset", "/api/v1/users/" + s2 + "/password-reset", "",
         "SDDDDA"},
        {"DELETE", "/api/v1/users/{id}/sessions", "/api/v1/users/" + s2 + "/sessions", "",
         "SDDDDA"},
        {"GET", "/api/v1/classes", "/api/v1/classes", "", "SDDAAA"},
        {"POST", "/api/v1/classes", "/api/v1/classes", "{}", "SDDDDA"},
        {"GET", "/api/v1/classes/{id}/students", "/api/v1/classes/" + c1 + "/students", "",
         "SDDAAA"},
        {"GET", "/api/v1/classes/{id}/students", "/api/v1/classes/" + c2 + "/students", "",
         "SDDDAA"},
        {"GET", "/api/v1/groups", "/api/v1/groups", "", "SDDAAA"},
        {"POST", "/api/v1/groups", "/api/v1/groups", "{}", "SDDDDA"},
        {"GET", "/api/v1/subjects", "/api/v1/subjects", "", "SAAAAA"},
        {"POST", "/api/v1/subjects", "/api/v1/subjects", "{}", "SDDDDA"},
        {"POST", "/api/v1/enrollments", "/api/v1/enrollments", "{}", "SDDDDA"},
        {"POST", "/api/v1/guardianships", "/api/v1/guardianships", "{}", "SDDDDA"},
        {"POST", "/api/v1/assignments", "/api/v1/assignments", "{}", "SDDDDA"},
        {"GET", "/api/v1/audit", "/api/v1/audit", "", "SDDDDA"},
        {"POST", "/api/v1/imports/{format}/preview", "/api/v1/imports/csv-eleves/preview", "x",
         "SDDDDA"},
        {"POST", "/api/v1/imports/{format}/apply", "/api/v1/imports/csv-eleves/apply", "x",
         "SDDDDA"},
        {"POST", "/api/v1/classes/{id}/login-sheets", "/api/v1/classes/" + c1 + "/login-sheets",
         "{}", "SDDDDA"},
        {"GET", "/api/v1/timetable/week", "/api/v1/timetable/week?monday=2026-09-07", "", "SAAAAA"},
        // Student 1's week: themselves, their parent, their teacher, staff and admin.
        {"GET", "/api/v1/timetable/week",
         "/api/v1/timetable/week?monday=2026-09-07&student_id=" + s1, "", "SAAAAA"},
        // Student 2's week: another family's child, a class teacher 1 does not teach.
        {"GET", "/api/v1/timetable/week",
         "/api/v1/timetable/week?monday=2026-09-07&student_id=" + s2, "", "SDDDAA"},
        {"GET", "/api/v1/timetable/lessons", "/api/v1/timetable/lessons", "", "SDDAAA"},
        {"POST", "/api/v1/timetable/lessons", "/api/v1/timetable/lessons", "{}", "SDDDDA"},
        {"DELETE", "/api/v1/timetable/lessons/{id}", "/api/v1/timetable/lessons/999999", "",
         "SDDDDA"},
        // Teacher 1 records changes on their own lesson, not on teacher 2's.
        {"POST", "/api/v1/timetable/lessons/{id}/changes",
         "/api/v1/timetable/lessons/" + id(lesson1_) + "/changes", "{}", "SDDAAA"},
        {"POST", "/api/v1/timetable/lessons/{id}/changes",
         "/api/v1/timetable/lessons/" + id(lesson2_) + "/changes", "{}", "SDDDAA"},
        {"GET", "/api/v1/timetable/calendar", "/api/v1/timetable/calendar", "", "SAAAAA"},
        {"PUT", "/api/v1/timetable/calendar", "/api/v1/timetable/calendar", "{}", "SDDDDA"},
        {"GET", "/api/v1/me/notifications", "/api/v1/me/notifications", "", "SAAAAA"},
        {"POST", "/api/v1/me/notifications/read", "/api/v1/me/notifications/read", "{}", "SAAAAA"},
        // A bad Last-Event-ID answers at once (422) rather than opening a stream.
        {"GET", "/api/v1/me/events", "/api/v1/me/events?last_event_id=x", "", "SAAAAA"},
        {"GET", "/api/v1/me/calendar-feed", "/api/v1/me/calendar-feed", "", "SAAAAA"},
        {"POST", "/api/v1/me/calendar-feed", "/api/v1/me/calendar-feed", "", "SAAAAA"},
        {"DELETE", "/api/v1/me/calendar-feed", "/api/v1/me/calendar-feed", "", "SAAAAA"},
        // The token is the credential: without one, anybody gets 404, never a calendar.
        {"GET", "/ical/feed.ics", "/ical/feed.ics?token=none", "", "AAAAAA"},
        {"GET", "/api/v1/openapi.yaml", "/api/v1/openapi.yaml", "", "AAAAAA"},
        // Teacher 1 sets and marks maths evaluations of class 1 only; staff read.
        {"POST", "/api/v1/evaluations", "/api/v1/evaluations", evaluationBody(class1_), "SDDADA"},
        {"POST", "/api/v1/evaluations", "/api/v1/evaluations", evaluationBody(class2_), "SDDDDA"},
        {"GET", "/api/v1/evaluations", "/api/v1/evaluations", "", "SDDAAA"},
        {"GET", "/api/v1/evaluations/{id}", "/api/v1/evaluations/" + e1, "", "SDDAAA"},
        {"GET", "/api/v1/evaluations/{id}", "/api/v1/evaluations/" + e2, "", "SDDDAA"},
        {"PATCH", "/api/v1/evaluations/{id}", "/api/v1/evaluations/" + e1, "{}", "SDDADA"},
        {"PATCH", "/api/v1/evaluations/{id}", "/api/v1/evaluations/" + e2, "{}", "SDDDDA"},
        {"PUT", "/api/v1/evaluations/{id}/scores", "/api/v1/evaluations/" + e1 + "/scores", "{}",
         "SDDADA"},
        {"PUT", "/api/v1/evaluations/{id}/scores", "/api/v1/evaluations/" + e2 + "/scores", "{}",
         "SDDDDA"},
        {"GET", "/api/v1/evaluations/{id}/history", "/api/v1/evaluations/" + e1 + "/history", "",
         "SDDAAA"},
        {"GET", "/api/v1/evaluations/{id}/history", "/api/v1/evaluations/" + e2 + "/history", "",
         "SDDDAA"},
        // Deleting comes last: teacher 1 deletes evaluation 3 (the admin then gets 404).
        {"DELETE", "/api/v1/evaluations/{id}", "/api/v1/evaluations/" + id(evaluation3_), "",
         "SDDADA"},
        {"DELETE", "/api/v1/evaluations/{id}", "/api/v1/evaluations/" + e2, "", "SDDDDA"},
        // One's own grades: a non-student gets 422, past the access check.
        {"GET", "/api/v1/grades", "/api/v1/grades?period=1", "", "SAAAAA"},
        // Student 1's grades: themselves, their parent, their teacher, staff and admin.
        {"GET", "/api/v1/grades", "/api/v1/grades?period=1&student_id=" + s1, "", "SAAAAA"},
        // Student 2's: another family's child, a class teacher 1 does not teach.
        {"GET", "/api/v1/grades", "/api/v1/grades?period=1&student_id=" + s2, "", "SDDDAA"},
        {"GET", "/api/v1/classes/{id}/averages", "/api/v1/classes/" + c1 + "/averages?period=1", "",
         "SDDAAA"},
        {"GET", "/api/v1/classes/{id}/averages", "/api/v1/classes/" + c2 + "/averages?period=1", "",
         "SDDDAA"},
        // Teacher 1 calls the roll of their own lesson, and of teacher 2's on the day
        // they stand in, not on another day.
        {"GET", roll, rollOf(lesson1_, "2026-09-07"), "", "SDDAAA"},
        {"PUT", roll, rollOf(lesson1_, "2026-09-07"), "{}", "SDDAAA"},
        {"GET", roll, rollOf(lesson2_, "2026-09-07"), "", "SDDDAA"},
        {"PUT", roll, rollOf(lesson2_, "2026-09-07"), "{}", "SDDDAA"},
        {"PUT", roll, rollOf(lesson2_, "2026-09-14"), "{}", "SDDAAA"},
        {"GET", "/api/v1/attendance/missing-roll-calls", "/api/v1/attendance/missing-roll-calls",
         "", "SDDDAA"},
        // Student 1's absences: themselves, their parent, their teacher, staff and admin;
        // student 2's: another family's child, a class teacher 1 does not teach.
        {"GET", "/api/v1/attendance/students/{id}", "/api/v1/attendance/students/" + s1, "",
         "SAAAAA"},
        {"GET", "/api/v1/attendance/students/{id}", "/api/v1/attendance/students/" + s2, "",
         "SDDDAA"},
        {"GET", "/api/v1/classes/{id}/attendance", "/api/v1/classes/" + c1 + "/attendance", "",
         "SDDAAA"},
        {"GET", "/api/v1/classes/{id}/attendance", "/api/v1/classes/" + c2 + "/attendance", "",
         "SDDDAA"},
        {"GET", "/api/v1/attendance/reasons", "/api/v1/attendance/reasons", "", "SAAAAA"},
        // A parent justifies their own child's absences, not another family's.
        {"POST", "/api/v1/attendance/justifications", "/api/v1/attendance/justifications",
         R"({"student_id":)" + s1 + "}", "SDADAA"},
        {"POST", "/api/v1/attendance/justifications", "/api/v1/attendance/justifications",
         R"({"student_id":)" + s2 + "}", "SDDDAA"},
        {"GET", "/api/v1/attendance/justifications", "/api/v1/attendance/justifications", "",
         "SDADAA"},
        {"POST", "/api/v1/attendance/justifications/{id}/decision",
         "/api/v1/attendance/justifications/999999/decision", "{}", "SDDDAA"},
        // A justification's document: staff, admin and the student's parents.
        {"GET", "/api/v1/attendance/justifications/{id}/document",
         "/api/v1/attendance/justifications/" + id(justification1_) + "/document", "", "SDADAA"},
        {"GET", "/api/v1/attendance/justifications/{id}/document",
         "/api/v1/attendance/justifications/" + id(justification2_) + "/document", "", "SDDDAA"},
        {"PUT", "/api/v1/attendance/justifications/{id}/document",
         "/api/v1/attendance/justifications/" + id(justification1_) + "/document", "x", "SDADAA"},
        {"PUT", "/api/v1/attendance/justifications/{id}/document",
         "/api/v1/attendance/justifications/" + id(justification2_) + "/document", "x", "SDDDAA"},
        // Homework: teacher 1 sets and manages class 1's; class 2's is teacher 2's.
        {"GET", "/api/v1/homework", "/api/v1/homework", "", "SAAAAA"},
        {"GET", "/api/v1/homework", "/api/v1/homework?student_id=" + s1, "", "SAAAAA"},
        {"GET", "/api/v1/homework", "/api/v1/homework?student_id=" + s2, "", "SDDDAA"},
        {"POST", "/api/v1/homework", "/api/v1/homework", homeworkFor(class1_), "SDDADD"},
        {"POST", "/api/v1/homework", "/api/v1/homework", homeworkFor(class2_), "SDDDDD"},
        {"GET", "/api/v1/homework/{id}", hw1, "", "SAAAAA"},
        {"GET", "/api/v1/homework/{id}", hw2, "", "SDDDAA"},
        {"PATCH", "/api/v1/homework/{id}", hw1, "{}", "SDDADD"},
        {"PATCH", "/api/v1/homework/{id}", hw2, "{}", "SDDDDD"},
        {"DELETE", "/api/v1/homework/{id}", "/api/v1/homework/" + id(homework3_), "", "SDDADD"},
        {"DELETE", "/api/v1/homework/{id}", hw2, "", "SDDDDD"},
        {"POST", "/api/v1/homework/{id}/attachments", hw1 + "/attachments", "x", "SDDADD"},
        {"POST", "/api/v1/homework/{id}/attachments", hw2 + "/attachments", "x", "SDDDDD"},
        {"GET", "/api/v1/homework/{id}/attachments/{file_id}",
         hw1 + "/attachments/" + id(attachment1_), "", "SAAAAA"},
        {"GET", "/api/v1/homework/{id}/attachments/{file_id}",
         hw2 + "/attachments/" + id(attachment2_), "", "SDDDAA"},
        // Only a student who has the homework ticks it or hands in work.
        {"PUT", "/api/v1/homework/{id}/done", hw1 + "/done", "{}", "SADDDD"},
        {"PUT", "/api/v1/homework/{id}/done", hw2 + "/done", "{}", "SDDDDD"},
        {"POST", "/api/v1/homework/{id}/hand-in", hw1 + "/hand-in", "x", "SADDDD"},
        {"POST", "/api/v1/homework/{id}/hand-in", hw2 + "/hand-in", "x", "SDDDDD"},
        {"GET", "/api/v1/homework/{id}/hand-ins", hw1 + "/hand-ins", "", "SDDAAA"},
        {"GET", "/api/v1/homework/{id}/hand-ins", hw2 + "/hand-ins", "", "SDDDAA"},
        // Student 1's hand-in: them, their parent, the teacher who set it; not student 2's.
        {"GET", "/api/v1/hand-ins/{id}", hi1, "", "SAAAAA"},
        {"GET", "/api/v1/hand-ins/{id}", hi2, "", "SDDDAA"},
        {"GET", "/api/v1/hand-ins/{id}/files/{file_id}", hi1 + "/files/" + id(hand_in_file1_), "",
         "SAAAAA"},
        {"GET", "/api/v1/hand-ins/{id}/files/{file_id}", hi2 + "/files/" + id(hand_in_file2_), "",
         "SDDDAA"},
        {"PUT", "/api/v1/hand-ins/{id}/feedback", hi1 + "/feedback", "{}", "SDDADD"},
        {"PUT", "/api/v1/hand-ins/{id}/feedback", hi2 + "/feedback", "{}", "SDDDDD"},
        // The cahier de textes of lesson 1 (class 1, teacher 1) and of lesson 2.
        {"PUT", "/api/v1/timetable/lessons/{id}/record/{date}", record1, "{}", "SDDADD"},
        {"PUT", "/api/v1/timetable/lessons/{id}/record/{date}", record2, "{}", "SDDDDD"},
        {"GET", "/api/v1/timetable/lessons/{id}/record/{date}", record1, "", "SAAAAA"},
        {"GET", "/api/v1/timetable/lessons/{id}/record/{date}", record2, "", "SDDDAA"},
        {"DELETE", "/api/v1/timetable/lessons/{id}/record/{date}", record1, "", "SDDDDA"},
        {"GET", "/api/v1/classes/{id}/record",
         "/api/v1/classes/" + c1 + "/record?from=2026-09-01&to=2026-09-30", "", "SAAAAA"},
        {"GET", "/api/v1/classes/{id}/record",
         "/api/v1/classes/" + c2 + "/record?from=2026-09-01&to=2026-09-30", "", "SDDDAA"},
        // Messaging: conversation 1 is teacher 1's with student 1; conversation 2 is
        // teacher 2's with student 2, reported, so the admin may read it.
        {"GET", "/api/v1/conversations", "/api/v1/conversations", "", "SAAAAA"},
        {"POST", "/api/v1/conversations", "/api/v1/conversations", "{}", "SAAAAA"},
        {"GET", "/api/v1/conversations/{id}", conv1, "", "SADADD"},
        {"GET", "/api/v1/conversations/{id}", conv2, "", "SDDDDA"},
        {"POST", "/api/v1/conversations/{id}/messages", conv1 + "/messages", "{}", "SADADD"},
        {"POST", "/api/v1/conversations/{id}/messages", conv2 + "/messages", "{}", "SDDDDD"},
        {"POST", "/api/v1/conversations/{id}/read", conv1 + "/read", "", "SADADD"},
        {"POST", "/api/v1/conversations/{id}/read", conv2 + "/read", "", "SDDDDD"},
        {"POST", "/api/v1/messages/{id}/forward", msg1 + "/forward", "{}", "SADADD"},
        {"POST", "/api/v1/messages/{id}/forward", msg2 + "/forward", "{}", "SDDDDD"},
        {"POST", "/api/v1/messages/{id}/report", msg1 + "/report", "{}", "SADADD"},
        {"POST", "/api/v1/messages/{id}/report", msg2 + "/report", "{}", "SDDDDD"},
        {"GET", "/api/v1/messages/{id}/attachments/{file_id}",
         msg1 + "/attachments/" + id(message_file1_), "", "SADADD"},
        {"GET", "/api/v1/messages/{id}/attachments/{file_id}",
         msg2 + "/attachments/" + id(message_file2_), "", "SDDDDA"},
        {"GET", "/api/v1/messages/search", "/api/v1/messages/search?q=bonjour", "", "SAAAAA"},
        {"GET", "/api/v1/me/unread-messages", "/api/v1/me/unread-messages", "", "SAAAAA"},
        {"GET", "/api/v1/messaging/policy", "/api/v1/messaging/policy", "", "SAAAAA"},
        {"PUT", "/api/v1/messaging/policy", "/api/v1/messaging/policy", "{}", "SDDDDA"},
        {"GET", "/api/v1/messaging/reports", "/api/v1/messaging/reports", "", "SDDDDA"},
        {"POST", "/api/v1/messaging/reports/{id}/handled",
         "/api/v1/messaging/reports/999999/handled", "", "SDDDDA"},
        {"GET", "/api/v1/messaging/recipients", "/api/v1/messaging/recipients?q=prof", "",
         "SAAAAA"},
        // Leaving comes last: the participants who left may still read what they received.
        {"POST", "/api/v1/conversations/{id}/leave", conv2 + "/leave", "", "SDDDDD"},
        {"POST", "/api/v1/conversations/{id}/leave", conv1 + "/leave", "", "SADADD"},
        // Announcements: teacher 1 writes to class 1 only; staff and admin to anyone.
        {"GET", "/api/v1/announcements", "/api/v1/announcements", "", "SAAAAA"},
        {"GET", "/api/v1/announcements", "/api/v1/announcements?view=authored", "", "SDDAAA"},
        {"GET", "/api/v1/announcements", "/api/v1/announcements?view=all", "", "SDDDDA"},
        {"POST", "/api/v1/announcements", "/api/v1/announcements",
         announcementFor(R"({"kind":"class_parents","class_id":)" + c1 + "}"), "SDDAAA"},
        // A class teacher 1 does not teach, and the whole school.
        {"POST", "/api/v1/announcements", "/api/v1/announcements",
         announcementFor(R"({"kind":"class","class_id":)" + c2 + "}"), "SDDDAA"},
        {"POST", "/api/v1/announcements", "/api/v1/announcements",
         announcementFor(R"({"kind":"school"})"), "SDDDAA"},
        // Announcement 1 (class 1): its students and parents, its author, admin; staff
        // are not of its audience. Announcement 2 (class 2): another family's.
        {"GET", "/api/v1/announcements/{id}", an1, "", "SAAADA"},
        {"GET", "/api/v1/announcements/{id}", an2, "", "SDDDDA"},
        {"POST", "/api/v1/announcements/{id}/read", an1 + "/read", "", "SAAADA"},
        {"POST", "/api/v1/announcements/{id}/read", an2 + "/read", "", "SDDDDA"},
        {"GET", "/api/v1/announcements/{id}/attachments/{file_id}",
         an1 + "/attachments/" + id(news_file1_), "", "SAAADA"},
        {"GET", "/api/v1/announcements/{id}/attachments/{file_id}",
         an2 + "/attachments/" + id(news_file2_), "", "SDDDDA"},
        {"PATCH", "/api/v1/announcements/{id}", an1, "{}", "SDDADA"},
        {"PATCH", "/api/v1/announcements/{id}", an2, "{}", "SDDDDA"},
        // The author may not move it to a class they do not teach.
        {"PATCH", "/api/v1/announcements/{id}", an1,
         R"({"audiences":[{"kind":"class","class_id":)" + c2 + "}]}", "SDDDDA"},
        {"POST", "/api/v1/announcements/{id}/attachments", an1 + "/attachments", "x", "SDDADA"},
        {"POST", "/api/v1/announcements/{id}/attachments", an2 + "/attachments", "x", "SDDDDA"},
        // Teacher 1 deletes announcement 3 (the admin then gets 404); 4 is teacher 2's.
        {"DELETE", "/api/v1/announcements/{id}", "/api/v1/announcements/" + id(announcement3_), "",
         "SDDADA"},
        {"DELETE", "/api/v1/announcements/{id}", "/api/v1/announcements/" + id(announcement4_), "",
         "SDDDDA"},
        // The help desk: ticket 1 is parent 1's, ticket 2 student 2's.
        {"GET", "/api/v1/helpdesk/tickets", "/api/v1/helpdesk/tickets", "", "SAAAAA"},
        {"POST", "/api/v1/helpdesk/tickets", "/api/v1/helpdesk/tickets", "{}", "SAAAAA"},
        {"GET", "/api/v1/helpdesk/tickets/{id}", tk1, "", "SDADDA"},
        {"GET", "/api/v1/helpdesk/tickets/{id}", tk2, "", "SDDDDA"},
        {"PATCH", "/api/v1/helpdesk/tickets/{id}", tk1, "{}", "SDDDDA"},
        {"POST", "/api/v1/helpdesk/tickets/{id}/comments", tk1 + "/comments", "{}", "SDADDA"},
        {"POST", "/api/v1/helpdesk/tickets/{id}/comments", tk2 + "/comments", "{}", "SDDDDA"},
        // Internal notes are the admins'.
        {"POST", "/api/v1/helpdesk/tickets/{id}/comments", tk1 + "/comments",
         R"({"text":"note","internal":true})", "SDDDDA"},
        {"GET", "/api/v1/helpdesk/tickets/{id}/screenshot", tk1 + "/screenshot", "", "SDADDA"},
        {"GET", "/api/v1/helpdesk/tickets/{id}/screenshot", tk2 + "/screenshot", "", "SDDDDA"},
        // Notification preferences: one's own, whoever one is.
        {"GET", "/api/v1/me/notification-preferences", "/api/v1/me/notification-preferences", "",
         "SAAAAA"},
        {"PUT", "/api/v1/me/notification-preferences", "/api/v1/me/notification-preferences",
         R"({"homework":{"feed":true}})", "SAAAAA"},
    };
    const auto documents = documentRows();
    out.insert(out.end(), documents.begin(), documents.end());
    const auto quiz_rows = quizRows();
    out.insert(out.end(), quiz_rows.begin(), quiz_rows.end());
    const auto early_warning_rows = earlyWarningRows();
    out.insert(out.end(), early_warning_rows.begin(), early_warning_rows.end());
    const auto follow_up_rows = followUpRows();
    out.insert(out.end(), follow_up_rows.begin(), follow_up_rows.end());
    return out;
  }

  // Early warning is for staff and teachers: class 1's alerts and student 1's
  // are teacher 1's (who teaches them), staff's and admin's; never the
  // student's nor their parent's. Thresholds are the admin's.
  std::vector<Row> earlyWarningRows() const {
    const std::string ew = "/api/v1/early-warning";
    const std::string s = ew + "/students/{id}", c = "/api/v1/classes/{id}/alerts";
    //  caller order:                                              a s p t S A
    return {
        {"GET", c, "/api/v1/classes/" + id(class1_) + "/alerts", "", "SDDAAA"},
        {"GET", c, "/api/v1/classes/" + id(class2_) + "/alerts", "", "SDDDAA"},
        {"GET", s, ew + "/students/" + id(student1_), "", "SDDAAA"},
        {"GET", s, ew + "/students/" + id(student2_), "", "SDDDAA"},
        {"POST", ew + "/refresh", ew + "/refresh", "", "SDDDAA"},
        {"GET", ew + "/thresholds", ew + "/thresholds", "", "SDDDDA"},
        {"PUT", ew + "/thresholds", ew + "/thresholds", "{}", "SDDDDA"},
    };
  }

  // Class 1's space: its student, their parent, its teacher, staff and admin
  // read; its teacher, staff and admin write. Student 1's personal space: theirs
  // alone, but teacher 1 reads the document student 1 shared with them.
  std::vector<Row> documentRows() const {
    const std::string f = "/api/v1/documents/folders/";
    const std::string cf1 = f + id(class_folder1_), cf2 = f + id(class_folder2_);
    const std::string pf = f + id(personal_folder_);
    const std::string d = "/api/v1/documents/";
    const std::string cd1 = d + id(class_doc1_), cd2 = d + id(class_doc2_);
    const std::string pd = d + id(personal_doc_), td = d + id(teacher_doc_);
    const std::string folder = "/api/v1/documents/folders/{id}";
    const std::string doc = "/api/v1/documents/{id}";
    const std::string version = "/api/v1/documents/{id}/versions/{number}/content";
    const auto parent = [&](std::int64_t folder_id) {
      return R"({"parent_id":)" + id(folder_id) + R"(,"name":"Nouveau"})";
    };
    const auto toClass = [&](std::int64_t class_id) {
      return R"({"class_id":)" + id(class_id) + "}";
    };
    //  caller order:                                              a s p t S A
    return {
        {"GET", "/api/v1/me/documents", "/api/v1/me/documents", "", "SAAAAA"},
        {"GET", "/api/v1/me/documents/usage", "/api/v1/me/documents/usage", "", "SAAAAA"},
        {"GET", "/api/v1/me/documents/shared", "/api/v1/me/documents/shared", "", "SAAAAA"},
        {"GET", "/api/v1/classes/{id}/documents", "/api/v1/classes/" + id(class1_) + "/documents",
         "", "SAAAAA"},
        {"GET", "/api/v1/classes/{id}/documents", "/api/v1/classes/" + id(class2_) + "/documents",
         "", "SDDDAA"},
        {"POST", "/api/v1/documents/folders", "/api/v1/documents/folders", parent(class_folder1_),
         "SDDAAA"},
        {"POST", "/api/v1/documents/folders", "/api/v1/documents/folders", parent(class_folder2_),
         "SDDDAA"},
        {"POST", "/api/v1/documents/folders", "/api/v1/documents/folders", parent(personal_folder_),
         "SADDDD"},
        {"GET", folder, cf1, "", "SAAAAA"},
        {"GET", folder, cf2, "", "SDDDAA"},
        {"GET", folder, pf, "", "SADDDD"},
        {"PATCH", folder, cf1, "{}", "SDDAAA"},
        {"PATCH", folder, cf2, "{}", "SDDDAA"},
        {"PATCH", folder, pf, "{}", "SADDDD"},
        {"POST", folder + "/files", cf1 + "/files", "x", "SDDAAA"},
        {"POST", folder + "/files", cf2 + "/files", "x", "SDDDAA"},
        {"POST", folder + "/files", pf + "/files", "x", "SADDDD"},
        // Only personal folders are shared, by their owner.
        {"POST", folder + "/shares", pf + "/shares", "{}", "SADDDD"},
        {"POST", folder + "/shares", cf1 + "/shares", "{}", "SDDDDD"},
        {"GET", doc, cd1, "", "SAAAAA"},
        {"GET", doc, cd2, "", "SDDDAA"},
        {"GET", doc, pd, "", "SADADD"},
        {"GET", doc + "/content", cd1 + "/content", "", "SAAAAA"},
        {"GET", doc + "/content", cd2 + "/content", "", "SDDDAA"},
        {"GET", doc + "/content", pd + "/content", "", "SADADD"},
        {"GET", version, cd1 + "/versions/1/content", "", "SAAAAA"},
        {"GET", version, cd2 + "/versions/1/content", "", "SDDDAA"},
        {"GET", version, pd + "/versions/1/content", "", "SADADD"},
        // Renaming and moving: the publisher, or the personal space's owner.
        {"PATCH", doc, cd1, "{}", "SDDADD"},
        {"PATCH", doc, cd2, "{}", "SDDDDD"},
        {"PATCH", doc, pd, "{}", "SADDDD"},
        // Sharing: the owner; with a class, only a teacher of that class.
        {"POST", doc + "/shares", pd + "/shares", "{}", "SADDDD"},
        {"POST", doc + "/shares", pd + "/shares", toClass(class1_), "SDDDDD"},
        {"POST", doc + "/shares", cd1 + "/shares", "{}", "SDDDDD"},
        {"POST", doc + "/shares", td + "/shares", toClass(class1_), "SDDADD"},
        {"POST", doc + "/shares", td + "/shares", toClass(class2_), "SDDDDD"},
        // Deleting comes last. Teacher 1 deletes document 3 and the empty folder
        // (then they name nothing: admin gets 404); admin deletes document 2.
        {"DELETE", folder, f + id(empty_folder_), "", "SDDADA"},
        {"DELETE", folder, cf2, "", "SDDDAA"},
        {"DELETE", doc, d + id(class_doc3_), "", "SDDADA"},
        {"DELETE", doc, cd2, "", "SDDDDA"},
        // Each share is revoked by the one who made it; then it names nothing (admin: 404).
        {"DELETE", "/api/v1/documents/shares/{id}", "/api/v1/documents/shares/" + id(share1_), "",
         "SADDDA"},
        {"DELETE", "/api/v1/documents/shares/{id}", "/api/v1/documents/shares/" + id(share2_), "",
         "SDDADA"},
        // One's own dashboard: every signed-in person, sections by role (tests/unit/dashboards).
        {"GET", "/api/v1/me/dashboard", "/api/v1/me/dashboard", "", "SAAAAA"},
        // The federation link and the hub's schools: admin (404 where not running).
        {"GET", "/api/v1/admin/federation/status", "/api/v1/admin/federation/status", "",
         "SDDDDA"},
        {"GET", "/api/v1/admin/federation/schools", "/api/v1/admin/federation/schools", "",
         "SDDDDA"},
        // Cross-school accounts and transfers: admin (404 on a node without a link).
        {"GET", "/api/v1/admin/federation/accounts", "/api/v1/admin/federation/accounts", "",
         "SDDDDA"},
        {"POST", "/api/v1/admin/federation/attachments", "/api/v1/admin/federation/attachments",
         "{\"user_id\":" + id(teacher2_) + ",\"login\":\"m.durand\"}", "SDDDDA"},
        {"GET", "/api/v1/admin/federation/transfers", "/api/v1/admin/federation/transfers", "",
         "SDDDDA"},
        {"POST", "/api/v1/admin/federation/transfers", "/api/v1/admin/federation/transfers",
         "{\"student_id\":" + id(student2_) + ",\"to_uai\":\"0750654D\"}", "SDDDDA"},
        // Other schools' requests to attach an account to one's own: each person, on
        // their own (someone else's request is not found: tests/integration/federation).
        {"GET", "/api/v1/me/attach-requests", "/api/v1/me/attach-requests", "", "SAAAAA"},
        {"GET", "/api/v1/me/other-schools", "/api/v1/me/other-schools", "", "SAAAAA"},
        {"POST", "/api/v1/me/attach-requests/{id}/decision",
         "/api/v1/me/attach-requests/999/decision", "{\"decision\":\"approved\"}", "SAAAAA"},
        // The region's public indicators and open data: anyone, signed in or not (404 on
        // a school node; the hub's answers: tests/unit/api/indicator_routes_test.cpp).
        {"GET", "/api/v1/indicators", "/api/v1/indicators", "", "AAAAAA"},
        {"GET", "/api/v1/indicators/{metric}",
         "/api/v1/indicators/attendance.rate?from=2026-11-16&to=2026-11-16", "", "AAAAAA"},
        {"GET", "/api/v1/open-data/indicators.csv", "/api/v1/open-data/indicators.csv", "",
         "AAAAAA"},
        {"GET", "/api/v1/open-data/indicators.json", "/api/v1/open-data/indicators.json", "",
         "AAAAAA"},
        // The regional authority's dashboards and accounts: 404 on a school node for
        // everyone signed in (the hub's table: tests/unit/api/authority_routes_test.cpp).
        {"GET", "/api/v1/authority/me", "/api/v1/authority/me", "", "SHHHHH"},
        {"GET", "/api/v1/authority/region", "/api/v1/authority/region", "", "SHHHHH"},
        {"GET", "/api/v1/authority/departments/{department}", "/api/v1/authority/departments/54",
         "", "SHHHHH"},
        {"GET", "/api/v1/authority/schools/{uai}", "/api/v1/authority/schools/0540001A", "",
         "SHHHHH"},
        {"GET", "/api/v1/authority/connectivity", "/api/v1/authority/connectivity", "", "SHHHHH"},
        {"GET", "/api/v1/authority/digital-divide", "/api/v1/authority/digital-divide", "",
         "SHHHHH"},
        {"GET", "/api/v1/authority/users", "/api/v1/authority/users", "", "SHHHHH"},
        {"POST", "/api/v1/authority/users", "/api/v1/authority/users", "{}", "SHHHHH"},
        {"DELETE", "/api/v1/authority/users/{id}", "/api/v1/authority/users/1", "", "SHHHHH"},
        {"DELETE", "/api/v1/authority/users/{id}/second-factor",
         "/api/v1/authority/users/1/second-factor", "", "SHHHHH"},
    };
  }

  TestNode node_;
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

TEST_F(RouteRoleMatrix, EveryRouteHasARowAndEveryRowARoute) {
  std::set<std::pair<std::string, std::string>> covered;
  for (const Row& row : rows()) covered.emplace(row.method, row.pattern);
  std::set<std::pair<std::string, std::string>> served;
  const api::RouteTable table = api::schoolRoutes([] { return true; });
  for (const api::ApiRoute& route : table.routes()) {
    served.emplace(std::string(http::methodName(route.method)), route.pattern);
  }
  std::vector<std::string> missing, stale;
  for (const auto& [method, pattern] : served) {
    if (!covered.contains({method, pattern})) missing.push_back(method + " " + pattern);
  }
  for (const auto& [method, pattern] : covered) {
    if (!served.contains({method, pattern})) stale.push_back(method + " " + pattern);
  }
  EXPECT_TRUE(missing.empty()) << "routes without a row in the route × role table: "
                               << ::testing::PrintToString(missing);
  EXPECT_TRUE(stale.empty()) << "rows naming a route the API does not serve: "
                             << ::testing::PrintToString(stale);
}

TEST_F(RouteRoleMatrix, EachCallerGetsWhatTheTableSays) {
  for (const Row& row : rows()) {
    ASSERT_EQ(row.expected.size(), static_cast<std::size_t>(kCallerCount)) << row.path;
    for (int caller = 0; caller < kCallerCount; ++caller) {
      // A fresh session per request, so that signing out cannot disturb the next row.
      std::optional<Credentials> credentials;
      if (caller != kAnonymous) credentials = node_.sessionFor(personFor(Caller(caller)));
      const auto result =
          node_.request(row.method, row.path, row.body, credentials ? &*credentials : nullptr);
      const char expected = row.expected[static_cast<std::size_t>(caller)];
      const std::string where = row.method + " " + row.path + " as " + kCallerNames[caller] +
                                " → " + std::to_string(result.status) + " " + result.body;
      if (expected == SignIn) {
        EXPECT_EQ(result.status, 401) << where;
      } else if (expected == Denied) {
        EXPECT_EQ(result.status, 403) << where;
      } else if (expected == Hidden) {
        EXPECT_EQ(result.status, 404) << where;
      } else {
        EXPECT_NE(result.status, 401) << where;
        EXPECT_NE(result.status, 403) << where;
        EXPECT_LT(result.status, 500) << where;
      }
    }
  }
}

}  // namespace
}  // namespace cartable
