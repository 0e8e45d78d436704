// Classes, groups, subjects, enrollments, family links and teaching assignments.
#include "api/access.h"
#include "api/routes.h"
#include "api/views.h"
#include "core/http/problem.h"
#include "directory/structure.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;

// Parses the body, then runs `apply` with it inside one write transaction.
http::Response createFrom(Call& call, const std::function<Json(Connection&, http::JsonObject&)>& apply) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  return writeJson(call, 201, [&](Connection& db) { return apply(db, *body); });
}

Poco::JSON::Object::Ptr idObject(std::int64_t id) {
  auto out = http::newObject();
  out->set("id", id);
  return out;
}

template <class T, class List, class View>
http::Response listAll(Call& call, List list, View view) {
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(std::vector<T> items, list(db));
    return views::page(items, view, std::nullopt);
  });
}

http::Response listClasses(Call& call) {
  return listAll<directory::SchoolClass>(call, directory::listClasses, views::schoolClass);
}
http::Response listGroups(Call& call) {
  return listAll<directory::Group>(call, directory::listGroups, views::group);
}
http::Response listSubjects(Call& call) {
  return listAll<directory::Subject>(call, directory::listSubjects, views::subject);
}

http::Response classStudents(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_RETURN_IF_ERROR(directory::getClass(db, *id));
    CARTABLE_ASSIGN_OR_RETURN(auto ids, directory::studentsOfClass(db, *id));
    std::vector<directory::User> students;
    for (std::int64_t student : ids) {
      CARTABLE_ASSIGN_OR_RETURN(directory::User user, directory::getUser(db, student));
      students.push_back(std::move(user));
    }
    return views::page(students, views::user, std::nullopt);
  });
}

http::Response createClass(Call& call) {
  return createFrom(call, [](Connection& db, http::JsonObject& body) -> Json {
    CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"code", "label", "level", "school_year"}));
    directory::SchoolClass value;
    CARTABLE_ASSIGN_OR_RETURN(value.code, body.requiredString("code", 32));
    CARTABLE_ASSIGN_OR_RETURN(value.label, body.requiredString("label", 200));
    CARTABLE_ASSIGN_OR_RETURN(value.level, body.requiredString("level", 8));
    CARTABLE_ASSIGN_OR_RETURN(value.school_year, body.requiredString("school_year", 9));
    CARTABLE_ASSIGN_OR_RETURN(value.id, directory::insertClass(db, value));
    return views::schoolClass(value);
  });
}

http::Response createGroup(Call& call) {
  return createFrom(call, [](Connection& db, http::JsonObject& body) -> Json {
    CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"code", "label"}));
    directory::Group value;
    CARTABLE_ASSIGN_OR_RETURN(value.code, body.requiredString("code", 32));
    CARTABLE_ASSIGN_OR_RETURN(value.label, body.requiredString("label", 200));
    CARTABLE_ASSIGN_OR_RETURN(value.id, directory::insertGroup(db, value));
    return views::group(value);
  });
}

http::Response createSubject(Call& call) {
  return createFrom(call, [](Connection& db, http::JsonObject& body) -> Json {
    CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"code", "label"}));
    directory::Subject value;
    CARTABLE_ASSIGN_OR_RETURN(value.code, body.requiredString("code", 32));
    CARTABLE_ASSIGN_OR_RETURN(value.label, body.requiredString("label", 200));
    CARTABLE_ASSIGN_OR_RETURN(value.id, directory::insertSubject(db, value));
    return views::subject(value);
  });
}

http::Response createEnrollment(Call& call) {
  return createFrom(call, [](Connection& db, http::JsonObject& body) -> Json {
    CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"student_id", "class_id", "since"}));
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t student, body.requiredInt("student_id", 1, INT64_MAX));
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t class_id, body.requiredInt("class_id", 1, INT64_MAX));
    CARTABLE_ASSIGN_OR_RETURN(std::string since, body.requiredString("since", 10));
    CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student, class_id, since));
    auto out = http::newObject();
    out->set("student_id", student);
    out->set("class_id", class_id);
    out->set("since", since);
    return out;
  });
}

http::Response createGuardianship(Call& call) {
  return createFrom(call, [](Connection& db, http::JsonObject& body) -> Json {
    CARTABLE_RETURN_IF_ERROR(
        body.onlyKeys({"parent_id", "student_id", "legal_guardian", "relationship"}));
    directory::Guardianship link;
    CARTABLE_ASSIGN_OR_RETURN(link.parent_id, body.requiredInt("parent_id", 1, INT64_MAX));
    CARTABLE_ASSIGN_OR_RETURN(link.student_id, body.requiredInt("student_id", 1, INT64_MAX));
    CARTABLE_ASSIGN_OR_RETURN(link.legal_guardian, body.requiredBool("legal_guardian"));
    CARTABLE_ASSIGN_OR_RETURN(auto relationship, body.optionalString("relationship", 40));
    link.relationship = relationship.value_or("");
    CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, link));
    auto out = http::newObject();
    out->set("parent_id", link.parent_id);
    out->set("student_id", link.student_id);
    out->set("legal_guardian", link.legal_guardian);
    return out;
  });
}

http::Response createAssignment(Call& call) {
  return createFrom(call, [](Connection& db, http::JsonObject& body) -> Json {
    CARTABLE_RETURN_IF_ERROR(body.onlyKeys(
        {"teacher_id", "subject_id", "class_id", "group_id", "main_teacher"}));
    directory::TeachingAssignment value;
    CARTABLE_ASSIGN_OR_RETURN(value.teacher_id, body.requiredInt("teacher_id", 1, INT64_MAX));
    CARTABLE_ASSIGN_OR_RETURN(value.subject_id, body.requiredInt("subject_id", 1, INT64_MAX));
    CARTABLE_ASSIGN_OR_RETURN(value.class_id, body.optionalInt("class_id", 1, INT64_MAX));
    CARTABLE_ASSIGN_OR_RETURN(value.group_id, body.optionalInt("group_id", 1, INT64_MAX));
    CARTABLE_ASSIGN_OR_RETURN(auto main, body.optionalBool("main_teacher"));
    value.main_teacher = main.value_or(false);
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, directory::insertAssignment(db, value));
    return idObject(id);
  });
}

}  // namespace

void addStructureRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  table.add({Method::get, "/api/v1/classes", signed_in, access::viewStructure, listClasses});
  table.add({Method::post, "/api/v1/classes", signed_in, access::manageStructure, createClass});
  table.add({Method::get, "/api/v1/classes/{id}/students", signed_in, access::viewClassMembers,
             classStudents});
  table.add({Method::get, "/api/v1/groups", signed_in, access::viewStructure, listGroups});
  table.add({Method::post, "/api/v1/groups", signed_in, access::manageStructure, createGroup});
  table.add({Method::get, "/api/v1/subjects", signed_in, access::viewSubjects, listSubjects});
  table.add({Method::post, "/api/v1/subjects", signed_in, access::manageStructure, createSubject});
  table.add({Method::post, "/api/v1/enrollments", signed_in, access::manageStructure,
             createEnrollment});
  table.add({Method::post, "/api/v1/guardianships", signed_in, access::manageStructure,
             createGuardianship});
  table.add({Method::post, "/api/v1/assignments", signed_in, access::manageStructure,
             createAssignment});
}

}  // namespace cartable::api
