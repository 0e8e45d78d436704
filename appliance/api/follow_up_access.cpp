// Access to follow-up plans and teachers' recommendations.
#include "api/access.h"
#include "api/access_internal.h"
#include "directory/relations.h"
#include "documents/documents.h"
#include "follow_up/guides.h"
#include "follow_up/pathways.h"
#include "follow_up/plans.h"

namespace cartable::api::access {

using detail::denied;
using directory::Role;

namespace {

struct FollowUpStanding {
  bool reads = false;
  bool edits = false;
};

Result<FollowUpStanding> standingOn(const Principal& who, storage::Connection& db,
                                    std::int64_t student_id) {
  FollowUpStanding standing;
  standing.edits = who.roles.intersects({Role::admin, Role::staff});
  if (!standing.edits && who.has(Role::teacher)) {
    CARTABLE_ASSIGN_OR_RETURN(standing.edits,
                              directory::teachesStudent(db, who.user_id, student_id));
  }
  standing.reads = standing.edits || (who.has(Role::student) && who.user_id == student_id);
  if (!standing.reads && who.has(Role::parent)) {
    CARTABLE_ASSIGN_OR_RETURN(standing.reads, directory::isGuardianOf(db, who.user_id, student_id));
  }
  return standing;
}

Error hiddenStudent(std::int64_t student_id) {
  return makeError(Errc::not_found, "no student with id " + std::to_string(student_id),
                   "student_id");
}

// Allows when the caller edits (or, with `read_only`, reads) the student's
// follow-up; 403 to a reader who may not edit; 404 to anyone else.
Status onStudent(Call& call, std::int64_t student_id, bool read_only, const Error& hidden) {
  FollowUpStanding standing;
  CARTABLE_RETURN_IF_ERROR(call.services.db.read([&](storage::Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(standing, standingOn(call.who(), db, student_id));
    return okStatus();
  }));
  if (standing.edits || (read_only && standing.reads)) return okStatus();
  if (standing.reads) return denied();
  return hidden;
}

Status onPlan(Call& call, bool read_only) {
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  std::optional<std::int64_t> student;
  CARTABLE_RETURN_IF_ERROR(call.services.db.read([&](storage::Connection& db) -> Status {
    auto found = follow_up::studentOfPlan(db, id);
    if (found.ok()) student = *found;
    return found.ok() || found.error().code == Errc::not_found ? okStatus() : Status(found.error());
  }));
  const Error hidden =
      makeError(Errc::not_found, "no follow-up plan with id " + std::to_string(id), "id");
  if (!student) {
    // Admin and staff reach the handler, which answers the same 404.
    return call.who().roles.intersects({Role::admin, Role::staff}) ? okStatus() : Status(hidden);
  }
  return onStudent(call, *student, read_only, hidden);
}

}  // namespace

Status listFollowUp(Call& call) {
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t student, call.queryInt("student_id", 0, 1, INT64_MAX));
  if (student == 0) return okStatus();
  return onStudent(call, student, true, hiddenStudent(student));
}

Status writeFollowUp(Call& call) {
  if (!call.who().roles.intersects({Role::admin, Role::staff, Role::teacher})) return denied();
  auto body = call.body();
  if (!body.ok()) return okStatus();
  auto student = body->optionalInt("student_id", 1, INT64_MAX);
  if (!student.ok() || !*student) return okStatus();
  return onStudent(call, **student, false, hiddenStudent(**student));
}

Status viewPlan(Call& call) {
  return onPlan(call, true);
}

Status managePlan(Call& call) {
  return onPlan(call, false);
}

}  // namespace cartable::api::access

namespace cartable::api::access {
namespace {

Status teacherOfClass(Call& call, std::int64_t class_id) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  if (!who.has(Role::teacher)) return denied();
  return detail::requireRelation(call, [&](storage::Connection& db) {
    return directory::teachesClass(db, who.user_id, class_id);
  });
}

// Allows the maker (and, with `read_only`, the class's teachers, staff and
// admin); 403 to those who see it otherwise, 404 to anyone else.
Status onGrouping(Call& call, bool read_only) {
  const Principal& who = call.who();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  bool exists = false, maker = false, sees = false;
  CARTABLE_RETURN_IF_ERROR(call.services.db.read([&](storage::Connection& db) -> Status {
    auto parties = follow_up::groupingParties(db, id);
    if (!parties.ok()) {
      return parties.error().code == Errc::not_found ? okStatus() : Status(parties.error());
    }
    exists = true;
    maker = who.has(Role::teacher) && parties->teacher_id == who.user_id;
    sees = maker || who.roles.intersects({Role::admin, Role::staff});
    if (!sees && who.has(Role::teacher)) {
      CARTABLE_ASSIGN_OR_RETURN(sees, directory::teachesClass(db, who.user_id, parties->class_id));
    }
    return okStatus();
  }));
  if (!exists && who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  if (exists && (maker || (read_only && sees))) return okStatus();
  if (sees) return denied();
  return makeError(Errc::not_found, "no grouping with id " + std::to_string(id), "id");
}

}  // namespace

Status listPathways(Call& call) {
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t class_id, call.queryInt("class_id", 0, 1, INT64_MAX));
  if (class_id == 0) return detail::anyOf(call, {Role::admin, Role::staff, Role::teacher});
  return teacherOfClass(call, class_id);
}

Status setPathway(Call& call) {
  if (!call.who().has(Role::teacher)) return denied();
  auto body = call.body();
  if (!body.ok()) return okStatus();
  auto class_id = body->optionalInt("class_id", 1, INT64_MAX);
  if (!class_id.ok() || !*class_id) return okStatus();
  const std::int64_t teacher = call.who().user_id;
  return detail::requireRelation(call, [&](storage::Connection& db) {
    return directory::teachesClass(db, teacher, **class_id);
  });
}

Status suggestPathway(Call& call) {
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t class_id, call.queryInt("class_id", 0, 1, INT64_MAX));
  if (class_id == 0) return detail::anyOf(call, {Role::admin, Role::staff, Role::teacher});
  return teacherOfClass(call, class_id);
}

Status viewPathway(Call& call) {
  return onGrouping(call, true);
}

Status managePathway(Call& call) {
  return onGrouping(call, false);
}

Status listGuides(Call&) {
  return okStatus();
}

Status addGuide(Call& call) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  if (!who.has(Role::teacher)) return denied();
  auto body = call.body();
  if (!body.ok()) return okStatus();
  auto document = body->optionalInt("document_id", 1, INT64_MAX);
  if (!document.ok() || !*document) return okStatus();
  return detail::requireRelation(call, [&](storage::Connection& db) -> Result<bool> {
    CARTABLE_ASSIGN_OR_RETURN(
        auto rights, documents::rightsOnDocument(db, **document, {who.user_id, who.roles}));
    return rights.edit;
  });
}

Status removeGuide(Call& call) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  if (!who.has(Role::teacher)) return denied();
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  return detail::requireRelation(call, [&](storage::Connection& db) -> Result<bool> {
    auto author = follow_up::guideAuthor(db, id);
    // A teacher may manage guides: an unknown one is the handler's 404.
    if (!author.ok())
      return author.error().code == Errc::not_found ? Result<bool>(true)
                                                    : Result<bool>(author.error());
    return *author == who.user_id;
  });
}

}  // namespace cartable::api::access
