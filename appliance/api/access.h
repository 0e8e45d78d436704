// Who may do what, one function per resource. Every route names one of
// these; tests/unit/api/route_role_test.cpp checks every route against every role.
#pragma once

#include "api/call.h"
#include "directory/roles.h"

namespace cartable::api::access {

// Any signed-in person, on their own data (/me routes).
Status self(Call& call);

// People: an admin or staff sees anyone; a person sees themselves; a parent
// sees their children; a teacher sees the students they teach and other
// staff. Path parameter {id}.
Status viewUser(Call& call);
// Listing and searching people: admin and staff.
Status listUsers(Call& call);
// Creating accounts, changing roles, disabling, resetting passwords: admin.
Status manageUsers(Call& call);

// Classes, groups and subjects as lists: staff, teachers and admins.
Status viewStructure(Call& call);
// Subjects: anyone signed in (shown next to grades and homework).
Status viewSubjects(Call& call);
// The students of class {id}: admin, staff, and the teachers of that class.
Status viewClassMembers(Call& call);
// Creating classes, groups, subjects, enrollments, family links, assignments: admin.
Status manageStructure(Call& call);

// Directory imports and login sheets (which issue passwords): admin.
Status manageImports(Call& call);

// A timetable week: one's own (no ?student_id=), or student_id's: the student,
// their parents and teachers, staff and admin.
Status viewWeek(Call& call);
// Lessons as a list: admin, staff and teachers.
Status viewLessons(Call& call);
// The school calendar: anyone signed in.
Status viewCalendar(Call& call);
// Creating and deleting lessons, setting the calendar: admin.
Status manageTimetable(Call& call);
// Changes to lesson {id} (cancelled, moved, room, substitute): admin, staff,
// and the lesson's own teachers.
Status recordLessonChange(Call& call);

// The audit log: admin.
Status readAudit(Call& call);

// Creating an evaluation: admin, or a teacher with a teaching assignment for the
// subject and the class or group the body names. The check reads the body
// because that is where the target is; a body that names no target is let
// through for the handler to refuse with 422.
Status createEvaluation(Call& call);
// Listing evaluations: teachers (the handler keeps their own classes and
// subjects), staff and admin (all).
Status listEvaluations(Call& call);
// Evaluation {id} with every student's score, and its score history: admin,
// staff, and the teachers who teach its subject to its class or group.
Status viewEvaluation(Call& call);
// Editing, deleting and scoring evaluation {id}: admin, and the teachers who
// teach its subject to its class or group (not staff).
Status manageEvaluation(Call& call);
// A student's grades: one's own (no ?student_id=), or student_id's: the student,
// their parents and teachers, staff and admin.
Status viewGrades(Call& call);
// The averages table of class {id}: admin, staff and the teachers of that class.
Status viewClassAverages(Call& call);

// The roll call of lesson {id} on {date}, taking or correcting it: admin,
// staff, the lesson's teachers and the substitute who gives it that date.
Status takeRollCall(Call& call);
// Reading that roll call: the same people.
Status viewRollCall(Call& call);
// The roll calls not taken yet: admin and staff.
Status listMissingRollCalls(Call& call);
// Student {id}'s absences and lateness: the student, their parents, their
// teachers, staff and admin.
Status viewAttendance(Call& call);
// The attendance of class {id}: admin, staff and the class's teachers.
Status viewClassAttendance(Call& call);
// The list of absence reasons: anyone signed in.
Status viewAbsenceReasons(Call& call);
// Recording a justification: staff and admin for any student; a parent for
// their own child, named by the body's "student_id" (a body without a usable
// student_id is let through: the handler refuses it with 422 before anything).
Status submitJustification(Call& call);
// Listing justifications: staff and admin (all of them) and parents (the
// handler lists their own children's only).
Status listJustifications(Call& call);
// Justification {id}'s document, reading or attaching it: staff and admin, and
// the parents of its student.
Status justificationDocument(Call& call);
// Accepting or refusing a justification: staff and admin.
Status decideJustification(Call& call);

// Homework as a list: one's own (no ?student_id=: a student's homework, the
// homework a teacher set), or student_id's: the student, their parents and
// teachers, staff and admin (the rule of viewWeek).
Status viewHomeworkList(Call& call);
// Setting homework: a teacher who teaches the class or group the body names
// ("class_id" or "group_id"), through an assignment or a lesson.
Status setHomework(Call& call);
// Homework {id} and its attachments: the students who have it, their
// parents, the teacher who set it and those of its class or group, staff and admin.
Status viewHomework(Call& call);
// Changing or deleting homework {id}, adding attachments: the teacher who set it.
Status manageHomework(Call& call);
// Ticking homework {id} done and handing in work for it: a student who has it.
Status doHomework(Call& call);
// Everyone's hand-ins for homework {id}: the teacher who set it, staff and admin.
Status reviewHandIns(Call& call);
// Hand-in {id} and its files: its student, their parents, the teacher who set
// the homework, staff and admin.
Status viewHandIn(Call& call);
// Returning feedback on hand-in {id}: the teacher who set the homework.
Status giveFeedback(Call& call);
// The cahier de textes entry of lesson {id}: the lesson's students and their
// parents, its teachers and those of its class or group, staff and admin.
Status viewLessonRecord(Call& call);
// Writing the entry of lesson {id}: the lesson's own teachers.
Status writeLessonRecord(Call& call);
// Deleting an entry (audited): admin.
Status deleteLessonRecord(Call& call);
// The cahier de textes of class {id}: its students and their parents, its
// teachers (assignment or lesson), staff and admin.
Status viewClassRecord(Call& call);

// Conversation {id} with its messages: its participants (those who left
// included); an admin, when one of its messages has been reported.
Status viewConversation(Call& call);
// Replying in conversation {id}, marking it read, leaving it: its participants.
Status takePartInConversation(Call& call);
// Forwarding or reporting message {id}: a participant who received it.
Status readMessage(Call& call);
// An attachment of message {id}: a participant who received it; an admin,
// when a message of its conversation has been reported.
Status viewMessageAttachment(Call& call);
// The messaging policy (changing it) and reported messages: admin.
Status moderateMessaging(Call& call);

// Announcements as a list: anyone signed in for their own feed; ?view=authored
// (what one wrote) for admin, staff and teachers; ?view=all for admin. An
// unknown view is let through for the handler to refuse with 422.
Status listAnnouncements(Call& call);
// Writing an announcement: admin and staff to any audience; a teacher only to
// the students and/or parents of classes they teach (read from the body's
// "audiences"; an unknown class is not one of them, so a teacher naming one
// gets 403 rather than 422). A body whose audiences cannot be read is let
// through for the handler to refuse with 422.
Status writeAnnouncement(Call& call);
// Announcement {id}, its attachments, marking it read: admin, its author, and
// the people it addresses while it is published and not expired.
Status viewAnnouncement(Call& call);
// Changing, deleting announcement {id}, attaching files: its author (a teacher
// changing the audiences only to classes they teach) and admin.
Status manageAnnouncement(Call& call);

// Help desk tickets: anyone signed in opens one and lists tickets (the
// handler lists admins every ticket, anyone else their own).
Status openTicket(Call& call);
Status listTickets(Call& call);
// Ticket {id}, its conversation and screenshot: its reporter and admin.
Status viewTicket(Call& call);
// Changing ticket {id}'s status or assignee: admin.
Status handleTicket(Call& call);
// Commenting on ticket {id}: its reporter and admin; internal notes
// ("internal": true in the body): admin only.
Status commentTicket(Call& call);

// The documents space (documents/documents.h holds the rules). An id that
// names nothing is let through for admin (the handler answers 404) and
// refused for anyone else, so that ids tell nothing about other spaces.
// Folder {id} and what it holds: the owner of a personal space and those a
// share of it (or of a folder above it) reaches; for a class's folders, the
// class's students, their parents, its teachers, staff and admin.
Status viewDocumentFolder(Call& call);
// Publishing files in folder {id}, renaming, moving or deleting it: the owner
// of a personal space; for a class's folders, its teachers, staff and admin.
Status writeDocumentFolder(Call& call);
// Making a sub-folder of the body's "parent_id": who writes that folder (a
// body without a usable parent_id, or naming no folder, is let through for
// the handler to refuse with 422).
Status createDocumentFolder(Call& call);
// The documents of class {id}: its students, their parents, its teachers,
// staff and admin.
Status viewClassDocuments(Call& call);
// Document {id}, its versions and their content: who reads its folder, and
// those a share of it reaches.
Status viewDocument(Call& call);
// Renaming or moving document {id}: the owner of a personal document; the
// teacher who published a class document, while they may publish there.
Status editDocument(Call& call);
// Deleting document {id}: those who may edit it, and admin (moderation).
Status deleteDocument(Call& call);
// Sharing document {id} or folder {id}: the owner of the personal space; a
// share with a class or a group (the body's "class_id" or "group_id") also
// needs a teacher of that class or group, staff or admin.
Status shareDocument(Call& call);
Status shareDocumentFolder(Call& call);
// Revoking share {id}: the person who made it.
Status revokeDocumentShare(Call& call);

// The federation link's state (school) and the region's schools (hub): admin.
Status readFederation(Call& call);
// Attaching accounts to people known elsewhere, transferring students: admin.
Status manageFederation(Call& call);

// Quizzes. Quiz {id} is seen by the teacher who set it and the teachers of
// its class or group, staff and admin; once published, by its students and
// their parents. Anyone else gets 404, as for a quiz that does not exist;
// someone who sees it but may not do what the route does gets 403.
// Listing quizzes: one's own (a student's quizzes, the quizzes a teacher
// set), or student_id's: the rule of viewWeek.
Status listQuizzes(Call& call);
// Setting a quiz: a teacher who teaches the class or group the body names
// (a body that names none is let through for the handler to refuse with 422).
Status setQuiz(Call& call);
// Reading quiz {id}: those who see it (the handler picks the view: the answer
// key for the teacher side only).
Status viewQuiz(Call& call);
// Changing, publishing, deleting quiz {id} and feeding the gradebook from it:
// the teacher who set it.
Status manageQuiz(Call& call);
// Answering quiz {id}: a student who has it, once it is published.
Status answerQuiz(Call& call);
// The results of quiz {id}: the teacher side (who set it, the teachers of its
// class or group, staff and admin).
Status viewQuizResults(Call& call);
// True when the caller reads quiz {id} from the teacher side (answer key and
// results): the handler's view follows the access rule above.
Result<bool> readsQuizAsTeacher(Call& call, storage::Connection& db, std::int64_t quiz_id);

// Follow-up plans and recommendations (appliance/follow_up/). A student's
// follow-up is edited by their teachers (of their class or one of their
// groups), staff and admin, and read by those, the student and the student's
// parents. Anyone else gets 404, as for a plan or a student that does not
// exist; someone who reads but may not edit gets 403.
// Listing plans and recommendations: one's own (a student; a parent's
// children; a teacher's students' open plans; every open plan for staff and
// admin), or ?student_id='s: those who read that student's follow-up.
Status listFollowUp(Call& call);
// Opening a plan or posting a recommendation for the body's "student_id":
// who edits that student's follow-up (a body without a usable student_id is
// let through for the handler to refuse with 422).
Status writeFollowUp(Call& call);
// Reading plan {id}: who reads its student's follow-up.
Status viewPlan(Call& call);
// Changing plan {id}, adding a note, closing it: who edits its student's follow-up.
Status managePlan(Call& call);

// Differentiated pathways (need groupings of a class). Only the teacher
// side sees them: students and parents never see a grouping or its labels.
// Listing groupings: teachers (their own, or ?class_id= of a class they
// teach), staff and admin (?class_id=).
Status listPathways(Call& call);
// Making a grouping: a teacher of the body's "class_id" (a body without a
// usable class_id is let through for the handler to refuse with 422).
Status setPathway(Call& call);
// The suggestion for ?class_id=: its teachers, staff and admin.
Status suggestPathway(Call& call);
// Grouping {id}: the teacher who made it, the teachers of its class, staff
// and admin; anyone else gets 404.
Status viewPathway(Call& call);
// Changing or deleting grouping {id}: the teacher who made it (others who
// see it: 403; anyone else: 404).
Status managePathway(Call& call);
// Methodological guides: anyone signed in lists them (the handler keeps
// those whose document the caller may read).
Status listGuides(Call& call);
// Placing the body's "document_id" among the guides: a teacher who may edit
// that document, staff and admin.
Status addGuide(Call& call);
// Removing guide {id}: the person who placed it, staff and admin (other
// teachers: 403; students and parents: 403; an unknown guide: 404 for those
// who may manage guides).
Status removeGuide(Call& call);

}  // namespace cartable::api::access

namespace cartable::api::access {

// Early warning: alerts are for the school's staff and teachers, never for
// students or parents. The open alerts of class {id}: admin, staff and the
// class's teachers (the rule of viewClassMembers).
Status viewClassAlerts(Call& call);
// Student {id}'s alerts, open and cleared: admin, staff and the student's
// teachers; not the student, not their parents.
Status viewStudentAlerts(Call& call);
// Computing the alerts again now: admin and staff (CPE).
Status refreshAlerts(Call& call);
// Reading and setting the school's thresholds: admin.
Status manageAlertThresholds(Call& call);

}  // namespace cartable::api::access
