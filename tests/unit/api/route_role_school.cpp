// The fixture school of the route × role table, built in a test node.
#include "unit/api/route_role_school.h"

#include <gtest/gtest.h>

#include "announcements/announcements.h"
#include "attendance/attendance.h"
#include "directory/structure.h"
#include "documents/documents.h"
#include "files/files.h"
#include "follow_up/guides.h"
#include "follow_up/pathways.h"
#include "follow_up/plans.h"
#include "grades/grades.h"
#include "helpdesk/helpdesk.h"
#include "homework/homework.h"
#include "homework/lesson_records.h"
#include "messaging/messaging.h"
#include "quizzes/quizzes.h"
#include "support/test_node.h"
#include "timetable/timetable.h"

namespace cartable::route_role {

using directory::Role;

// The school: two classes, two families; teacher 1 teaches class 1 only.
void FixtureSchool::build() {
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
void FixtureSchool::addQuizzes() {
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

// Follow-up plans: 1 for student 1 (opened by teacher 1), 2 for student 2
// (teacher 2). Another family's or class's plan is hidden (404).
void FixtureSchool::addFollowUp() {
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

// Documents: class 1's space holds document 1 and 3 by teacher 1 and an
// empty sub-folder; class 2's holds document 2 by teacher 2. Student 1's
// personal document is shared with teacher 1 (share 1); teacher 1's
// personal document with staff (share 2).
void FixtureSchool::addDocuments() {
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
void FixtureSchool::addMessaging() {
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
void FixtureSchool::addJustifications() {
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
void FixtureSchool::addGrades() {
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
void FixtureSchool::addCommunication() {
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

// Homework for each class (and one more of class 1 to delete), an
// attachment and a hand-in with a file on each, a cahier de textes entry.
Status FixtureSchool::addSchoolLife(storage::Connection& db, std::int64_t maths) {
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

Result<std::int64_t> FixtureSchool::storeFile(storage::Connection& db, std::int64_t owner,
                               const std::string& name) {
  files::FileStore store(node_.settings().data_dir + "/files", 1 << 20);
  const std::string content = "%PDF-1.7\n" + name + "\n";
  CARTABLE_ASSIGN_OR_RETURN(auto staged, store.stage({name, "application/pdf", content, "file"}));
  CARTABLE_ASSIGN_OR_RETURN(auto info, store.record(db, staged, owner, node_.clock().now()));
  return info.id;
}

std::int64_t FixtureSchool::personFor(Caller caller) const {
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

}  // namespace cartable::route_role
