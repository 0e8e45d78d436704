#include <exception>

#include "directory/structure.h"
#include "directory/users.h"
#include "tests/tools/generator/school_generator.h"

namespace cartable::generator {
namespace {

using storage::Connection;

// The database ids of the model's entries, index for index.
struct SchoolIds {
  std::vector<std::int64_t> subjects, classes, groups;
  std::vector<std::int64_t> students, parents, teachers, staff;
};

// Keeps the code and field of `error` and says what was being written.
Error inContext(const Error& error, const std::string& what) {
  return makeError(error.code, "cannot write " + what + ": " + error.message, error.field);
}

Status writeStructure(Connection& db, const GeneratedSchool& school, SchoolIds& ids) {
  for (const GeneratedSubject& subject : school.subjects) {
    auto id = directory::insertSubject(db, {0, subject.code, subject.label});
    if (!id) return inContext(id.error(), "subject \"" + subject.code + "\"");
    ids.subjects.push_back(*id);
  }
  for (const GeneratedClass& c : school.classes) {
    auto id = directory::insertClass(db, {0, c.code, c.label, c.level, school.options.school_year});
    if (!id) return inContext(id.error(), "class \"" + c.code + "\"");
    ids.classes.push_back(*id);
  }
  for (const GeneratedGroup& group : school.groups) {
    auto id = directory::insertGroup(db, {0, group.code, group.label});
    if (!id) return inContext(id.error(), "group \"" + group.code + "\"");
    ids.groups.push_back(*id);
  }
  return okStatus();
}

Status writePeople(Connection& db, const std::vector<GeneratedPerson>& people,
                   const std::string& password_hash, Seconds now, std::vector<std::int64_t>& ids) {
  for (const GeneratedPerson& person : people) {
    const directory::NewUser user{person.login,       person.given_name, person.family_name,
                                  person.email,       person.ine,        person.birth_date,
                                  person.external_id, person.roles};
    auto id = directory::insertUser(db, user, now);
    if (!id) return inContext(id.error(), "user \"" + person.login + "\"");
    const Status credentials = db.exec(
        "INSERT INTO credentials (user_id, password_hash, must_change_password, "
        "password_changed_at) VALUES (?, ?, 0, ?)",
        *id, password_hash, now);
    if (!credentials.ok()) {
      return inContext(credentials.error(), "the credentials of \"" + person.login + "\"");
    }
    ids.push_back(*id);
  }
  return okStatus();
}

Status writeMemberships(Connection& db, const GeneratedSchool& school, const SchoolIds& ids) {
  for (const GeneratedEnrollment& e : school.enrollments) {
    const Status status = directory::enroll(db, ids.students[e.student],
                                            ids.classes[e.school_class], school.enrollment_date);
    if (!status.ok()) {
      return inContext(status.error(), "the enrollment of \"" + school.students[e.student].login +
                                           "\" in " + school.classes[e.school_class].code);
    }
  }
  for (const GeneratedMembership& m : school.group_members) {
    const Status status =
        directory::addGroupMember(db, ids.groups[m.group], ids.students[m.student]);
    if (!status.ok()) {
      return inContext(status.error(), "the membership of \"" + school.students[m.student].login +
                                           "\" in " + school.groups[m.group].code);
    }
  }
  return okStatus();
}

Status writeGuardianships(Connection& db, const GeneratedSchool& school, const SchoolIds& ids) {
  for (const GeneratedGuardianship& g : school.guardianships) {
    const Status status = directory::linkGuardian(
        db, {ids.parents[g.parent], ids.students[g.student], g.legal_guardian, g.relationship});
    if (!status.ok()) {
      return inContext(status.error(), "the link between \"" + school.parents[g.parent].login +
                                           "\" and \"" + school.students[g.student].login + "\"");
    }
  }
  return okStatus();
}

Status writeAssignments(Connection& db, const GeneratedSchool& school, const SchoolIds& ids) {
  for (const GeneratedAssignment& a : school.assignments) {
    directory::TeachingAssignment assignment;
    assignment.teacher_id = ids.teachers[a.teacher];
    assignment.subject_id = ids.subjects[a.subject];
    if (a.school_class) assignment.class_id = ids.classes[*a.school_class];
    if (a.group) assignment.group_id = ids.groups[*a.group];
    assignment.main_teacher = a.main_teacher;
    auto id = directory::insertAssignment(db, assignment);
    if (!id) {
      return inContext(id.error(), "the assignment of \"" + school.teachers[a.teacher].login +
                                       "\" to " + school.subjects[a.subject].code);
    }
  }
  return okStatus();
}

Status writeAll(Connection& db, const GeneratedSchool& school, const std::string& password_hash,
                Seconds now) {
  SchoolIds ids;
  CARTABLE_RETURN_IF_ERROR(writeStructure(db, school, ids));
  CARTABLE_RETURN_IF_ERROR(writePeople(db, school.students, password_hash, now, ids.students));
  CARTABLE_RETURN_IF_ERROR(writePeople(db, school.parents, password_hash, now, ids.parents));
  CARTABLE_RETURN_IF_ERROR(writePeople(db, school.teachers, password_hash, now, ids.teachers));
  CARTABLE_RETURN_IF_ERROR(writePeople(db, school.staff, password_hash, now, ids.staff));
  CARTABLE_RETURN_IF_ERROR(writeMemberships(db, school, ids));
  CARTABLE_RETURN_IF_ERROR(writeGuardianships(db, school, ids));
  return writeAssignments(db, school, ids);
}

}  // namespace

Status writeSchool(storage::Database& db, const GeneratedSchool& school,
                   const std::string& password_hash, Seconds now) {
  try {
    return db.write(
        [&](Connection& connection) { return writeAll(connection, school, password_hash, now); });
  } catch (const std::exception& e) {
    return makeError(Errc::internal, std::string("writing the school failed: ") + e.what());
  }
}

}  // namespace cartable::generator
