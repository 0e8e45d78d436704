// The cahier de textes: what each lesson covered, written by its teachers,
// read by its class; every version kept, deletions audited.
#include "api/access.h"
#include "api/homework_views.h"
#include "api/routes.h"
#include "core/http/problem.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;

struct Occurrence {
  std::int64_t lesson_id = 0;
  std::string date;
};

Result<Occurrence> occurrenceOf(const Call& call) {
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t lesson, call.pathId("id"));
  return Occurrence{lesson, call.request.path_params.at("date")};
}

http::Response writeRecord(Call& call) {
  auto occurrence = occurrenceOf(call);
  if (!occurrence.ok()) return http::problem(occurrence.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  if (auto only = body->onlyKeys({"title", "content"}); !only.ok()) {
    return http::problem(only.error());
  }
  auto title = body->optionalString("title", 200);
  if (!title.ok()) return http::problem(title.error());
  auto content = body->requiredString("content", 20000);
  if (!content.ok()) return http::problem(content.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(
        auto record, homework::writeLessonRecord(db, occurrence->lesson_id, occurrence->date,
                                                 title->value_or(""), *content, call.who().user_id,
                                                 call.services.clock.now()));
    return views::lessonRecord(record);
  });
}

http::Response getRecord(Call& call) {
  auto occurrence = occurrenceOf(call);
  if (!occurrence.ok()) return http::problem(occurrence.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    auto current = homework::getLessonRecord(db, occurrence->lesson_id, occurrence->date);
    if (!current.ok() && current.error().code != Errc::not_found) return current.error();
    CARTABLE_ASSIGN_OR_RETURN(
        auto history, homework::lessonRecordHistory(db, occurrence->lesson_id, occurrence->date));
    // An entry deleted by an admin keeps its history, still readable here.
    if (!current.ok() && history.empty()) return current.error();
    auto out = http::newObject();
    out->set("lesson_id", occurrence->lesson_id);
    out->set("date", occurrence->date);
    if (current.ok()) {
      out->set("entry", views::lessonRecord(*current));
    } else {
      out->set("entry", Poco::Dynamic::Var());
    }
    Poco::JSON::Array::Ptr versions = new Poco::JSON::Array;
    for (const homework::RecordVersion& version : history) {
      auto item = views::lessonRecord(version.record);
      if (version.replaced_by) {
        item->set("replaced_by", *version.replaced_by);
      } else {
        item->set("replaced_by", Poco::Dynamic::Var());
      }
      item->set("replaced_at", version.replaced_at);
      item->set("deleted", version.deleted);
      versions->add(item);
    }
    out->set("history", versions);
    return out;
  });
}

http::Response deleteRecord(Call& call) {
  auto occurrence = occurrenceOf(call);
  if (!occurrence.ok()) return http::problem(occurrence.error());
  Status deleted = call.services.db.write([&](Connection& db) {
    return homework::deleteLessonRecord(db, occurrence->lesson_id, occurrence->date,
                                        call.who().user_id, call.request.remote_address,
                                        call.services.clock.now());
  });
  if (!deleted.ok()) return http::problem(deleted.error());
  return http::Response{204, "", "", {}};
}

http::Response classRecord(Call& call) {
  auto class_id = call.pathId("id");
  if (!class_id.ok()) return http::problem(class_id.error());
  const auto& query = call.request.query;
  for (const char* name : {"from", "to"}) {
    if (!query.contains(name)) {
      return http::problem(makeError(
          Errc::invalid_argument, "\"" + std::string(name) + "\" is required (YYYY-MM-DD)", name));
    }
  }
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(
        auto entries, homework::classRecord(db, *class_id, query.at("from"), query.at("to")));
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const homework::ClassRecordEntry& entry : entries) {
      auto item = views::lessonRecord(entry.record);
      item->set("subject_id", entry.subject_id);
      item->set("class_id",
                entry.class_id ? Poco::Dynamic::Var(*entry.class_id) : Poco::Dynamic::Var());
      item->set("group_id",
                entry.group_id ? Poco::Dynamic::Var(*entry.group_id) : Poco::Dynamic::Var());
      item->set("starts_at", entry.starts_at);
      list->add(item);
    }
    auto out = http::newObject();
    out->set("class_id", *class_id);
    out->set("from", query.at("from"));
    out->set("to", query.at("to"));
    out->set("items", list);
    return out;
  });
}

}  // namespace

void addLessonRecordRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  const std::string record = "/api/v1/timetable/lessons/{id}/record/{date}";
  table.add({Method::put, record, signed_in, access::writeLessonRecord, writeRecord});
  table.add({Method::get, record, signed_in, access::viewLessonRecord, getRecord});
  table.add({Method::del, record, signed_in, access::deleteLessonRecord, deleteRecord});
  table.add({Method::get, "/api/v1/classes/{id}/record", signed_in, access::viewClassRecord,
             classRecord});
}

}  // namespace cartable::api
