// Homework: setting, reading, changing it, its attachments and the students'
// private "done" tick.
#include "api/access.h"
#include "api/homework_views.h"
#include "api/routes.h"
#include "api/uploads.h"
#include "api/views.h"
#include "core/http/problem.h"
#include "directory/structure.h"
#include "homework/audience.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;

constexpr int kDefaultListDays = 30;
constexpr std::size_t kMaxChosenStudents = 200;

Error fieldError(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

// The optional array `key` of positive ids; empty when absent or null.
Result<std::vector<std::int64_t>> optionalIds(const http::JsonObject& body,
                                              const std::string& key) {
  if (!body.has(key) || body.raw()->isNull(key)) return std::vector<std::int64_t>{};
  Poco::JSON::Array::Ptr list = body.raw()->getArray(key);
  if (!list) return fieldError(key, "must be an array of ids");
  if (list->size() > kMaxChosenStudents) {
    return fieldError(key, "has more than " + std::to_string(kMaxChosenStudents) + " items");
  }
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Poco::Dynamic::Var item = list->get(static_cast<unsigned>(i));
    if (!item.isInteger() || item.convert<std::int64_t>() < 1) {
      return fieldError(key + "[" + std::to_string(i) + "]", "must be a positive integer id");
    }
    out.push_back(item.convert<std::int64_t>());
  }
  return out;
}

// Reads the editable fields present in `body` into `h` (absent ones are kept;
// null clears an optional one).
Status applyEditable(const http::JsonObject& body, homework::Homework& h) {
  if (body.has("subject_id")) {
    CARTABLE_ASSIGN_OR_RETURN(h.subject_id, body.requiredInt("subject_id", 1, INT64_MAX));
  }
  if (body.has("student_ids")) {
    CARTABLE_ASSIGN_OR_RETURN(h.student_ids, optionalIds(body, "student_ids"));
  }
  if (body.has("lesson_id")) {
    CARTABLE_ASSIGN_OR_RETURN(h.lesson_id, body.optionalInt("lesson_id", 1, INT64_MAX));
  }
  if (body.has("lesson_date")) {
    CARTABLE_ASSIGN_OR_RETURN(h.lesson_date, body.optionalString("lesson_date", 10));
  }
  if (body.has("due_on")) {
    CARTABLE_ASSIGN_OR_RETURN(h.due_on, body.requiredString("due_on", 10));
  }
  if (body.has("due_at")) {
    CARTABLE_ASSIGN_OR_RETURN(h.due_at, body.optionalString("due_at", 5));
  }
  if (body.has("estimated_minutes")) {
    CARTABLE_ASSIGN_OR_RETURN(h.estimated_minutes, body.optionalInt("estimated_minutes", 1, 600));
  }
  if (body.has("instructions")) {
    CARTABLE_ASSIGN_OR_RETURN(h.instructions, body.requiredString("instructions", 10000));
  }
  if (body.has("hand_in_expected")) {
    CARTABLE_ASSIGN_OR_RETURN(h.hand_in_expected, body.requiredBool("hand_in_expected"));
  }
  return okStatus();
}

Result<homework::Homework> newHomeworkFrom(const http::JsonObject& body, std::int64_t teacher) {
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys(
      {"subject_id", "class_id", "group_id", "student_ids", "lesson_id", "lesson_date", "due_on",
       "due_at", "estimated_minutes", "instructions", "hand_in_expected"}));
  homework::Homework h;
  h.teacher_id = teacher;
  CARTABLE_ASSIGN_OR_RETURN(h.subject_id, body.requiredInt("subject_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(h.class_id, body.optionalInt("class_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(h.group_id, body.optionalInt("group_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(h.due_on, body.requiredString("due_on", 10));
  CARTABLE_ASSIGN_OR_RETURN(h.instructions, body.requiredString("instructions", 10000));
  CARTABLE_RETURN_IF_ERROR(applyEditable(body, h));
  return h;
}

http::Response createHomework(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto homework = newHomeworkFrom(*body, call.who().user_id);
  if (!homework.ok()) return http::problem(homework.error());
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t id,
                              homework::createHomework(db, *homework, call.services.clock.now()));
    CARTABLE_ASSIGN_OR_RETURN(auto stored, homework::getHomework(db, id));
    return views::homework(stored);
  });
}

http::Response patchHomework(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  if (auto only =
          body->onlyKeys({"subject_id", "student_ids", "lesson_id", "lesson_date", "due_on",
                          "due_at", "estimated_minutes", "instructions", "hand_in_expected"});
      !only.ok()) {
    return http::problem(only.error());
  }
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto h, homework::getHomework(db, *id));
    CARTABLE_RETURN_IF_ERROR(applyEditable(*body, h));
    CARTABLE_RETURN_IF_ERROR(homework::updateHomework(db, h, call.services.clock.now()));
    CARTABLE_ASSIGN_OR_RETURN(auto stored, homework::getHomework(db, *id));
    return views::homework(stored);
  });
}

http::Response deleteHomework(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  Status deleted =
      call.services.db.write([&](Connection& db) { return homework::deleteHomework(db, *id); });
  if (!deleted.ok()) return http::problem(deleted.error());
  return http::Response{204, "", "", {}};
}

// The progress of the caller's children who have `h` (a parent's view).
Result<Poco::JSON::Array::Ptr> childrenProgress(Call& call, Connection& db,
                                                const homework::Homework& h) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  CARTABLE_ASSIGN_OR_RETURN(auto children, directory::childrenOf(db, call.who().user_id));
  for (const directory::Guardianship& child : children) {
    CARTABLE_ASSIGN_OR_RETURN(bool assigned, homework::isAssignedTo(db, h.id, child.student_id));
    if (!assigned) continue;
    CARTABLE_ASSIGN_OR_RETURN(
        auto progress, homework::progressOf(db, h, child.student_id, call.services.clock.now()));
    list->add(views::progress(progress, true));
  }
  return list;
}

http::Response getHomework(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  const Principal& who = call.who();
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto h, homework::getHomework(db, *id));
    auto out = views::homework(h);
    if (who.has(directory::Role::student)) {
      CARTABLE_ASSIGN_OR_RETURN(bool mine, homework::isAssignedTo(db, h.id, who.user_id));
      if (mine) {
        CARTABLE_ASSIGN_OR_RETURN(
            auto progress, homework::progressOf(db, h, who.user_id, call.services.clock.now()));
        out->set("progress", views::progress(progress, true));
      }
    }
    if (who.has(directory::Role::parent)) {
      CARTABLE_ASSIGN_OR_RETURN(auto children, childrenProgress(call, db, h));
      out->set("children", children);
    }
    return out;
  });
}

struct ListRange {
  std::string from;
  std::string to;
};

Result<ListRange> listRange(const Call& call) {
  ListRange range;
  const auto& query = call.request.query;
  range.from =
      query.contains("from") ? query.at("from") : homework::schoolDate(call.services.clock.now());
  if (query.contains("to")) {
    range.to = query.at("to");
  } else {
    auto to = homework::addDays(range.from, kDefaultListDays);
    if (!to) return fieldError("from", "must be a date written YYYY-MM-DD");
    range.to = *to;
  }
  return range;
}

Json studentList(Call& call, Connection& db, std::int64_t student, const ListRange& range) {
  const Principal& who = call.who();
  // The private tick is shown to the student and their parents, not to teachers or staff.
  bool with_done = student == who.user_id;
  if (!with_done && who.has(directory::Role::parent)) {
    CARTABLE_ASSIGN_OR_RETURN(auto children, directory::childrenOf(db, who.user_id));
    for (const auto& child : children) with_done = with_done || child.student_id == student;
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto items,
      homework::homeworkOfStudent(db, student, range.from, range.to, call.services.clock.now()));
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const homework::StudentHomework& item : items) {
    auto entry = views::homework(item.homework);
    entry->set("progress", views::progress(item.progress, with_done));
    list->add(entry);
  }
  auto out = http::newObject();
  out->set("items", list);
  out->set("student_id", student);
  return out;
}

http::Response listHomework(Call& call) {
  auto student = call.queryInt("student_id", 0, 1, INT64_MAX);
  if (!student.ok()) return http::problem(student.error());
  auto range = listRange(call);
  if (!range.ok()) return http::problem(range.error());
  const Principal& who = call.who();
  if (*student == 0 && who.has(directory::Role::student)) *student = who.user_id;
  if (*student == 0 && !who.has(directory::Role::teacher)) {
    return http::problem(fieldError("student_id", "is required"));
  }
  return readJson(call, 200, [&](Connection& db) -> Json {
    Poco::JSON::Object::Ptr out;
    if (*student != 0) {
      CARTABLE_ASSIGN_OR_RETURN(out, studentList(call, db, *student, *range));
    } else {
      CARTABLE_ASSIGN_OR_RETURN(auto set,
                                homework::homeworkSetBy(db, who.user_id, range->from, range->to));
      out = views::page(set, views::homework, std::nullopt);
    }
    out->set("from", range->from);
    out->set("to", range->to);
    return out;
  });
}

http::Response addAttachments(Call& call) {
  return uploads::attachUploads(
      call,
      [](Connection& db, std::int64_t id) -> Status {
        CARTABLE_RETURN_IF_ERROR(homework::getHomework(db, id));
        return okStatus();
      },
      homework::attachFile,
      [](Connection& db, std::int64_t id) -> Json {
        CARTABLE_ASSIGN_OR_RETURN(auto stored, homework::getHomework(db, id));
        return views::homework(stored);
      });
}

http::Response downloadAttachment(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto file_id = call.pathId("file_id");
  if (!file_id.ok()) return http::problem(file_id.error());
  return uploads::downloadHeld(call, [&](Connection& db) -> Result<std::int64_t> {
    CARTABLE_ASSIGN_OR_RETURN(bool attached, homework::hasAttachment(db, *id, *file_id));
    if (!attached) {
      return uploads::notHeld("homework " + std::to_string(*id),
                              "attachment " + std::to_string(*file_id), "file_id");
    }
    return *file_id;
  });
}

http::Response markDone(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  if (auto only = body->onlyKeys({"done"}); !only.ok()) return http::problem(only.error());
  auto done = body->requiredBool("done");
  if (!done.ok()) return http::problem(done.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_RETURN_IF_ERROR(
        homework::setDone(db, *id, call.who().user_id, *done, call.services.clock.now()));
    auto out = http::newObject();
    out->set("homework_id", *id);
    out->set("done", *done);
    return out;
  });
}

}  // namespace

void addHomeworkRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  table.add({Method::get, "/api/v1/homework", signed_in, access::viewHomeworkList, listHomework});
  table.add({Method::post, "/api/v1/homework", signed_in, access::setHomework, createHomework});
  table.add({Method::get, "/api/v1/homework/{id}", signed_in, access::viewHomework, getHomework});
  table.add(
      {Method::patch, "/api/v1/homework/{id}", signed_in, access::manageHomework, patchHomework});
  table.add(
      {Method::del, "/api/v1/homework/{id}", signed_in, access::manageHomework, deleteHomework});
  ApiRoute attach{Method::post, "/api/v1/homework/{id}/attachments", signed_in,
                  access::manageHomework, addAttachments};
  attach.accepts_upload = true;
  table.add(attach);
  table.add({Method::get, "/api/v1/homework/{id}/attachments/{file_id}", signed_in,
             access::viewHomework, downloadAttachment});
  table.add({Method::put, "/api/v1/homework/{id}/done", signed_in, access::doHomework, markDone});
}

}  // namespace cartable::api
