#include "api/access.h"

#include "api/access_internal.h"

#include "announcements/announcements.h"
#include "attendance/attendance.h"
#include "directory/relations.h"
#include "directory/structure.h"
#include "grades/grades.h"
#include "helpdesk/helpdesk.h"
#include "homework/audience.h"
#include "messaging/messaging.h"
#include "quizzes/audience.h"
#include "timetable/timetable.h"

namespace cartable::api::access {

using detail::anyOf;
using detail::denied;
using detail::requireRelation;
using directory::Role;
using directory::RoleSet;

Status self(Call&) {
  return okStatus();
}

Status viewUser(Call& call) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t target, call.pathId("id"));
  if (target == who.user_id) return okStatus();
  return requireRelation(call, [&](storage::Connection& db) -> Result<bool> {
    if (who.has(Role::parent)) {
      CARTABLE_ASSIGN_OR_RETURN(bool child, directory::isGuardianOf(db, who.user_id, target));
      if (child) return true;
    }
    if (who.has(Role::teacher)) {
      CARTABLE_ASSIGN_OR_RETURN(bool taught, directory::teachesStudent(db, who.user_id, target));
      if (taught) return true;
      // Teachers see their colleagues (teachers, staff, admins), not other students.
      CARTABLE_ASSIGN_OR_RETURN(
          auto colleague, db.scalarInt64("SELECT 1 FROM user_roles WHERE user_id = ? AND role IN "
                                         "('teacher', 'staff', 'admin') LIMIT 1",
                                         target));
      if (colleague) return true;
    }
    return false;
  });
}

Status listUsers(Call& call) {
  return anyOf(call, {Role::admin, Role::staff});
}

Status manageUsers(Call& call) {
  return anyOf(call, {Role::admin});
}

Status viewStructure(Call& call) {
  return anyOf(call, {Role::admin, Role::staff, Role::teacher});
}

Status viewSubjects(Call&) {
  return okStatus();
}

Status viewClassMembers(Call& call) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  if (!who.has(Role::teacher)) return denied();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t class_id, call.pathId("id"));
  return requireRelation(call, [&](storage::Connection& db) {
    return directory::teachesClass(db, who.user_id, class_id);
  });
}

Status manageStructure(Call& call) {
  return anyOf(call, {Role::admin});
}

Status manageImports(Call& call) {
  return anyOf(call, {Role::admin});
}

Status viewWeek(Call& call) {
  const Principal& who = call.who();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t student, call.queryInt("student_id", 0, 1, INT64_MAX));
  if (student == 0 || student == who.user_id) return okStatus();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  return requireRelation(call, [&](storage::Connection& db) -> Result<bool> {
    if (who.has(Role::parent)) {
      CARTABLE_ASSIGN_OR_RETURN(bool child, directory::isGuardianOf(db, who.user_id, student));
      if (child) return true;
    }
    if (who.has(Role::teacher)) return directory::teachesStudent(db, who.user_id, student);
    return false;
  });
}

Status viewLessons(Call& call) {
  return anyOf(call, {Role::admin, Role::staff, Role::teacher});
}

Status viewCalendar(Call&) {
  return okStatus();
}

Status manageTimetable(Call& call) {
  return anyOf(call, {Role::admin});
}

Status recordLessonChange(Call& call) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  if (!who.has(Role::teacher)) return denied();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t lesson, call.pathId("id"));
  return requireRelation(call, [&](storage::Connection& db) {
    return timetable::teachesLesson(db, who.user_id, lesson);
  });
}

Status readAudit(Call& call) {
  return anyOf(call, {Role::admin});
}

Status createEvaluation(Call& call) {
  const Principal& who = call.who();
  if (who.has(Role::admin)) return okStatus();
  if (!who.has(Role::teacher)) return denied();
  auto body = call.body();
  if (!body.ok()) return okStatus();
  auto subject = body->optionalInt("subject_id", 1, INT64_MAX);
  auto class_id = body->optionalInt("class_id", 1, INT64_MAX);
  auto group_id = body->optionalInt("group_id", 1, INT64_MAX);
  if (!subject.ok() || !class_id.ok() || !group_id.ok() || !*subject ||
      class_id->has_value() == group_id->has_value()) {
    return okStatus();
  }
  return requireRelation(call, [&](storage::Connection& db) {
    return directory::teachesSubjectTo(db, who.user_id, **subject, *class_id, *group_id);
  });
}

Status listEvaluations(Call& call) {
  return anyOf(call, {Role::admin, Role::staff, Role::teacher});
}

Status viewEvaluation(Call& call) {
  if (call.who().roles.intersects({Role::admin, Role::staff})) return okStatus();
  return manageEvaluation(call);
}

Status manageEvaluation(Call& call) {
  const Principal& who = call.who();
  if (who.has(Role::admin)) return okStatus();
  if (!who.has(Role::teacher)) return denied();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t evaluation, call.pathId("id"));
  return requireRelation(call, [&](storage::Connection& db) {
    return grades::teachesEvaluation(db, who.user_id, evaluation);
  });
}

Status viewGrades(Call& call) {
  return viewWeek(call);
}

Status viewClassAverages(Call& call) {
  return viewClassMembers(call);
}

Status takeRollCall(Call& call) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  if (!who.has(Role::teacher)) return denied();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t lesson, call.pathId("id"));
  const auto date = call.request.path_params.find("date");
  if (date == call.request.path_params.end()) return denied();
  return requireRelation(call, [&](storage::Connection& db) {
    return attendance::givesLesson(db, who.user_id, lesson, date->second);
  });
}

Status viewRollCall(Call& call) {
  return takeRollCall(call);
}

Status listMissingRollCalls(Call& call) {
  return anyOf(call, {Role::admin, Role::staff});
}

Status viewAttendance(Call& call) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t student, call.pathId("id"));
  if (student == who.user_id) return okStatus();
  return requireRelation(call, [&](storage::Connection& db) -> Result<bool> {
    if (who.has(Role::parent)) {
      CARTABLE_ASSIGN_OR_RETURN(bool child, directory::isGuardianOf(db, who.user_id, student));
      if (child) return true;
    }
    if (who.has(Role::teacher)) return directory::teachesStudent(db, who.user_id, student);
    return false;
  });
}

Status viewClassAttendance(Call& call) {
  return viewClassMembers(call);
}

Status viewAbsenceReasons(Call&) {
  return okStatus();
}

Status submitJustification(Call& call) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  if (!who.has(Role::parent)) return denied();
  auto body = call.body();
  if (!body.ok()) return okStatus();
  auto student = body->requiredInt("student_id", 1, INT64_MAX);
  if (!student.ok()) return okStatus();
  return requireRelation(call, [&](storage::Connection& db) {
    return directory::isGuardianOf(db, who.user_id, *student);
  });
}

Status listJustifications(Call& call) {
  return anyOf(call, {Role::admin, Role::staff, Role::parent});
}

Status justificationDocument(Call& call) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  if (!who.has(Role::parent)) return denied();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  return requireRelation(call, [&](storage::Connection& db) -> Result<bool> {
    auto justification = attendance::getJustification(db, id);
    if (!justification.ok()) return false;  // no existence oracle for other families
    return directory::isGuardianOf(db, who.user_id, justification->student_id);
  });
}

Status decideJustification(Call& call) {
  return anyOf(call, {Role::admin, Role::staff});
}

Status viewHomeworkList(Call& call) {
  return viewWeek(call);
}

Status setHomework(Call& call) {
  const Principal& who = call.who();
  if (!who.has(Role::teacher)) return denied();
  // A body the handler will refuse anyway is not an access question.
  auto body = call.body();
  if (!body.ok()) return okStatus();
  auto class_id = body->optionalInt("class_id", 1, INT64_MAX);
  auto group_id = body->optionalInt("group_id", 1, INT64_MAX);
  if (!class_id.ok() || !group_id.ok() || class_id->has_value() == group_id->has_value()) {
    return okStatus();
  }
  return requireRelation(call, [&](storage::Connection& db) {
    return homework::teachesClassOrGroup(db, who.user_id, *class_id, *group_id);
  });
}

Status viewHomework(Call& call) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  return requireRelation(call, [&](storage::Connection& db) -> Result<bool> {
    if (who.has(Role::student)) {
      CARTABLE_ASSIGN_OR_RETURN(bool assigned, homework::isAssignedTo(db, id, who.user_id));
      if (assigned) return true;
    }
    if (who.has(Role::parent)) {
      CARTABLE_ASSIGN_OR_RETURN(bool child, homework::childIsAssigned(db, id, who.user_id));
      if (child) return true;
    }
    if (who.has(Role::teacher)) return homework::teachesHomework(db, id, who.user_id);
    return false;
  });
}

Status manageHomework(Call& call) {
  const Principal& who = call.who();
  if (!who.has(Role::teacher)) return denied();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  return requireRelation(
      call, [&](storage::Connection& db) { return homework::isSetter(db, id, who.user_id); });
}

Status doHomework(Call& call) {
  const Principal& who = call.who();
  if (!who.has(Role::student)) return denied();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  return requireRelation(
      call, [&](storage::Connection& db) { return homework::isAssignedTo(db, id, who.user_id); });
}

Status reviewHandIns(Call& call) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  return manageHomework(call);
}

Status viewHandIn(Call& call) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  return requireRelation(call, [&](storage::Connection& db) -> Result<bool> {
    auto parties = homework::handInParties(db, id);
    if (!parties.ok()) return false;
    if (parties->student_id == who.user_id || parties->teacher_id == who.user_id) return true;
    if (!who.has(Role::parent)) return false;
    return directory::isGuardianOf(db, who.user_id, parties->student_id);
  });
}

Status giveFeedback(Call& call) {
  const Principal& who = call.who();
  if (!who.has(Role::teacher)) return denied();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  return requireRelation(call, [&](storage::Connection& db) -> Result<bool> {
    auto parties = homework::handInParties(db, id);
    return parties.ok() && parties->teacher_id == who.user_id;
  });
}

Status viewLessonRecord(Call& call) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t lesson, call.pathId("id"));
  return requireRelation(call, [&](storage::Connection& db) -> Result<bool> {
    if (who.has(Role::student)) {
      CARTABLE_ASSIGN_OR_RETURN(bool attends, homework::attendsLesson(db, lesson, who.user_id));
      if (attends) return true;
    }
    if (who.has(Role::parent)) {
      CARTABLE_ASSIGN_OR_RETURN(bool child, homework::childAttendsLesson(db, lesson, who.user_id));
      if (child) return true;
    }
    if (who.has(Role::teacher)) return homework::teachesLessonAudience(db, lesson, who.user_id);
    return false;
  });
}

Status writeLessonRecord(Call& call) {
  const Principal& who = call.who();
  if (!who.has(Role::teacher)) return denied();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t lesson, call.pathId("id"));
  return requireRelation(call, [&](storage::Connection& db) {
    return timetable::teachesLesson(db, who.user_id, lesson);
  });
}

Status deleteLessonRecord(Call& call) {
  return anyOf(call, {Role::admin});
}

Status viewClassRecord(Call& call) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t class_id, call.pathId("id"));
  return requireRelation(call, [&](storage::Connection& db) -> Result<bool> {
    if (who.has(Role::student)) {
      CARTABLE_ASSIGN_OR_RETURN(auto current, directory::currentClassOf(db, who.user_id));
      if (current && current->id == class_id) return true;
    }
    if (who.has(Role::parent)) {
      CARTABLE_ASSIGN_OR_RETURN(bool child, homework::childIsInClass(db, class_id, who.user_id));
      if (child) return true;
    }
    if (who.has(Role::teacher)) {
      return homework::teachesClassOrGroup(db, who.user_id, class_id, std::nullopt);
    }
    return false;
  });
}

Status viewConversation(Call& call) {
  const Principal& who = call.who();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  return requireRelation(call, [&](storage::Connection& db) -> Result<bool> {
    CARTABLE_ASSIGN_OR_RETURN(bool participant, messaging::isParticipant(db, id, who.user_id));
    if (participant || !who.has(Role::admin)) return participant;
    return messaging::conversationHasReport(db, id);
  });
}

Status takePartInConversation(Call& call) {
  const Principal& who = call.who();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  return requireRelation(
      call, [&](storage::Connection& db) { return messaging::isParticipant(db, id, who.user_id); });
}

Status readMessage(Call& call) {
  const Principal& who = call.who();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  return requireRelation(call, [&](storage::Connection& db) {
    return messaging::canReadMessage(db, id, who.user_id);
  });
}

Status viewMessageAttachment(Call& call) {
  const Principal& who = call.who();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  return requireRelation(call, [&](storage::Connection& db) -> Result<bool> {
    CARTABLE_ASSIGN_OR_RETURN(bool readable, messaging::canReadMessage(db, id, who.user_id));
    if (readable || !who.has(Role::admin)) return readable;
    return messaging::messageConversationHasReport(db, id);
  });
}

Status moderateMessaging(Call& call) {
  return anyOf(call, {Role::admin});
}

namespace {

// The audiences the body names, when they can be read; nothing otherwise
// (the handler then refuses the body with 422).
std::optional<std::vector<announcements::Audience>> bodyAudiences(const Call& call) {
  auto body = call.body();
  if (!body.ok() || !body->has("audiences")) return std::nullopt;
  Poco::JSON::Array::Ptr list = body->raw()->getArray("audiences");
  if (!list) return std::nullopt;
  std::vector<announcements::Audience> out;
  for (unsigned i = 0; i < list->size(); ++i) {
    Poco::JSON::Object::Ptr item = list->getObject(i);
    if (!item) return std::nullopt;
    const http::JsonObject object(item);
    auto kind_name = object.requiredString("kind", 32);
    auto class_id = object.optionalInt("class_id", 1, INT64_MAX);
    if (!kind_name.ok() || !class_id.ok()) return std::nullopt;
    const auto kind = announcements::parseAudienceKind(*kind_name);
    if (!kind) return std::nullopt;
    out.push_back({*kind, *class_id});
  }
  return out;
}

// A teacher may only address classes they teach; admin and staff anyone.
Status checkAudiences(Call& call) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  const auto audiences = bodyAudiences(call);
  if (!audiences) return okStatus();
  return requireRelation(call, [&](storage::Connection& db) {
    return announcements::mayAddress(db, who.user_id, who.roles, *audiences);
  });
}

}  // namespace

Status listAnnouncements(Call& call) {
  const auto view = call.request.query.find("view");
  if (view == call.request.query.end()) return okStatus();
  if (view->second == "all") return anyOf(call, {Role::admin});
  if (view->second == "authored") return anyOf(call, {Role::admin, Role::staff, Role::teacher});
  return okStatus();
}

Status writeAnnouncement(Call& call) {
  CARTABLE_RETURN_IF_ERROR(anyOf(call, {Role::admin, Role::staff, Role::teacher}));
  return checkAudiences(call);
}

Status viewAnnouncement(Call& call) {
  const Principal& who = call.who();
  if (who.has(Role::admin)) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  const Seconds now = call.services.clock.now();
  return requireRelation(call, [&](storage::Connection& db) -> Result<bool> {
    CARTABLE_ASSIGN_OR_RETURN(bool author, announcements::isAuthor(db, id, who.user_id));
    if (author) return true;
    return announcements::isVisibleTo(db, id, who.user_id, now);
  });
}

Status manageAnnouncement(Call& call) {
  const Principal& who = call.who();
  if (who.has(Role::admin)) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  CARTABLE_RETURN_IF_ERROR(requireRelation(
      call, [&](storage::Connection& db) { return announcements::isAuthor(db, id, who.user_id); }));
  return checkAudiences(call);
}

Status openTicket(Call&) {
  return okStatus();
}

Status listTickets(Call&) {
  return okStatus();
}

Status viewTicket(Call& call) {
  const Principal& who = call.who();
  if (who.has(Role::admin)) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  return requireRelation(
      call, [&](storage::Connection& db) { return helpdesk::isReporter(db, id, who.user_id); });
}

Status handleTicket(Call& call) {
  return anyOf(call, {Role::admin});
}

Status commentTicket(Call& call) {
  if (call.who().has(Role::admin)) return okStatus();
  auto body = call.body();
  if (body.ok()) {
    auto internal = body->optionalBool("internal");
    if (internal.ok() && internal->value_or(false)) return denied();
  }
  return viewTicket(call);
}

Status readFederation(Call& call) {
  return anyOf(call, {Role::admin});
}

Status manageFederation(Call& call) {
  return anyOf(call, {Role::admin});
}

namespace {

// What the caller is to one quiz.
struct QuizStanding {
  bool exists = false;
  bool setter = false;
  bool teacher_side = false;  // setter, teacher of its class or group, staff, admin
  bool student = false;       // a student who has it, once published
  bool family = false;        // a parent of such a student
  bool sees() const { return teacher_side || student || family; }
};

Result<QuizStanding> quizStanding(const Principal& who, storage::Connection& db,
                                  std::int64_t quiz_id) {
  QuizStanding standing;
  auto parties = quizzes::quizParties(db, quiz_id);
  if (!parties.ok()) {
    if (parties.error().code == Errc::not_found) return standing;
    return parties.error();
  }
  standing.exists = true;
  standing.setter = who.has(Role::teacher) && parties->teacher_id == who.user_id;
  standing.teacher_side = standing.setter || who.roles.intersects({Role::admin, Role::staff});
  if (!standing.teacher_side && who.has(Role::teacher)) {
    CARTABLE_ASSIGN_OR_RETURN(standing.teacher_side,
                              homework::teachesClassOrGroup(db, who.user_id, parties->class_id,
                                                            parties->group_id));
  }
  if (!parties->published) return standing;
  if (who.has(Role::student)) {
    CARTABLE_ASSIGN_OR_RETURN(standing.student, quizzes::isAssignedTo(db, quiz_id, who.user_id));
  }
  if (who.has(Role::parent)) {
    CARTABLE_ASSIGN_OR_RETURN(standing.family, quizzes::childIsAssigned(db, quiz_id, who.user_id));
  }
  return standing;
}

// Allows when `allowed` holds; otherwise 403 to those who see the quiz, and
// to everyone else the 404 of a quiz that does not exist (admin and staff
// reach the handler, which answers it).
template <class Allowed>
Status quizRule(Call& call, Allowed allowed) {
  const Principal& who = call.who();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  QuizStanding standing;
  CARTABLE_RETURN_IF_ERROR(call.services.db.read([&](storage::Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(standing, quizStanding(who, db, id));
    return okStatus();
  }));
  if (!standing.exists && who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  if (standing.exists && allowed(standing)) return okStatus();
  if (standing.sees()) return denied();
  return makeError(Errc::not_found, "no quiz with id " + std::to_string(id), "id");
}

}  // namespace

Status listQuizzes(Call& call) {
  return viewWeek(call);
}

Status setQuiz(Call& call) {
  return setHomework(call);
}

Status viewQuiz(Call& call) {
  return quizRule(call, [](const QuizStanding& s) { return s.sees(); });
}

Status manageQuiz(Call& call) {
  return quizRule(call, [](const QuizStanding& s) { return s.setter; });
}

Status answerQuiz(Call& call) {
  return quizRule(call, [](const QuizStanding& s) { return s.student; });
}

Status viewQuizResults(Call& call) {
  return quizRule(call, [](const QuizStanding& s) { return s.teacher_side; });
}

Result<bool> readsQuizAsTeacher(Call& call, storage::Connection& db, std::int64_t quiz_id) {
  CARTABLE_ASSIGN_OR_RETURN(QuizStanding standing, quizStanding(call.who(), db, quiz_id));
  return standing.teacher_side;
}

}  // namespace cartable::api::access

namespace cartable::api::access {

Status viewClassAlerts(Call& call) {
  return viewClassMembers(call);
}

Status viewStudentAlerts(Call& call) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  if (!who.has(Role::teacher)) return denied();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t student, call.pathId("id"));
  return requireRelation(call, [&](storage::Connection& db) {
    return directory::teachesStudent(db, who.user_id, student);
  });
}

Status refreshAlerts(Call& call) {
  return anyOf(call, {Role::admin, Role::staff});
}

Status manageAlertThresholds(Call& call) {
  return anyOf(call, {Role::admin});
}

}  // namespace cartable::api::access
