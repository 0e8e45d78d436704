// The timetable: each person's week, lessons, their one-off changes, the calendar.
#include "api/access.h"
#include "api/routes.h"
#include "api/views.h"
#include "core/http/problem.h"
#include "timetable/timetable.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;

Error fieldError(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

// The JSON array `key` of `body`, or an error naming it.
Result<Poco::JSON::Array::Ptr> requiredArray(const http::JsonObject& body, const std::string& key,
                                             std::size_t max_items) {
  Poco::JSON::Array::Ptr list = body.raw()->has(key) ? body.raw()->getArray(key) : nullptr;
  if (!list) return fieldError(key, "must be an array");
  if (list->size() > max_items) {
    return fieldError(key, "has more than " + std::to_string(max_items) + " items");
  }
  return list;
}

Result<std::vector<std::int64_t>> idArray(const http::JsonObject& body, const std::string& key) {
  CARTABLE_ASSIGN_OR_RETURN(auto list, requiredArray(body, key, 8));
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Poco::Dynamic::Var item = list->get(static_cast<unsigned>(i));
    if (!item.isInteger() || item.convert<std::int64_t>() < 1) {
      return fieldError(key, "must hold positive integer ids");
    }
    out.push_back(item.convert<std::int64_t>());
  }
  return out;
}

Result<std::vector<timetable::DateRange>> rangeArray(const http::JsonObject& body,
                                                     const std::string& key) {
  CARTABLE_ASSIGN_OR_RETURN(auto list, requiredArray(body, key, 100));
  std::vector<timetable::DateRange> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string where = key + "[" + std::to_string(i) + "].";
    Poco::JSON::Object::Ptr item = list->getObject(static_cast<unsigned>(i));
    if (!item) return fieldError(where + "label", "must be in an object");
    http::JsonObject range(item, where);
    CARTABLE_RETURN_IF_ERROR(range.onlyKeys({"label", "starts_on", "ends_on"}));
    timetable::DateRange value;
    CARTABLE_ASSIGN_OR_RETURN(value.label, range.requiredString("label", 100));
    CARTABLE_ASSIGN_OR_RETURN(value.starts_on, range.requiredString("starts_on", 10));
    CARTABLE_ASSIGN_OR_RETURN(value.ends_on, range.requiredString("ends_on", 10));
    out.push_back(std::move(value));
  }
  return out;
}

Result<timetable::Lesson> lessonFrom(const http::JsonObject& body) {
  CARTABLE_RETURN_IF_ERROR(
      body.onlyKeys({"subject_id", "class_id", "group_id", "teacher_ids", "room", "weekday",
                     "starts_at", "ends_at", "week_pattern", "valid_from", "valid_until"}));
  timetable::Lesson lesson;
  CARTABLE_ASSIGN_OR_RETURN(lesson.subject_id, body.requiredInt("subject_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(lesson.class_id, body.optionalInt("class_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(lesson.group_id, body.optionalInt("group_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(lesson.teacher_ids, idArray(body, "teacher_ids"));
  CARTABLE_ASSIGN_OR_RETURN(auto room, body.optionalString("room", 40));
  lesson.room = room.value_or("");
  CARTABLE_ASSIGN_OR_RETURN(auto weekday, body.requiredInt("weekday", 1, 7));
  lesson.weekday = static_cast<int>(weekday);
  CARTABLE_ASSIGN_OR_RETURN(lesson.starts_at, body.requiredString("starts_at", 5));
  CARTABLE_ASSIGN_OR_RETURN(lesson.ends_at, body.requiredString("ends_at", 5));
  CARTABLE_ASSIGN_OR_RETURN(auto pattern, body.optionalString("week_pattern", 3));
  const auto parsed = timetable::parseWeekPattern(pattern.value_or("all"));
  if (!parsed) return fieldError("week_pattern", "must be all, A or B");
  lesson.week_pattern = *parsed;
  CARTABLE_ASSIGN_OR_RETURN(lesson.valid_from, body.requiredString("valid_from", 10));
  CARTABLE_ASSIGN_OR_RETURN(lesson.valid_until, body.requiredString("valid_until", 10));
  return lesson;
}

Result<timetable::LessonChange> changeFrom(const http::JsonObject& body) {
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys(
      {"date", "kind", "new_date", "starts_at", "ends_at", "room", "substitute_id", "note"}));
  timetable::LessonChange change;
  CARTABLE_ASSIGN_OR_RETURN(change.on_date, body.requiredString("date", 10));
  CARTABLE_ASSIGN_OR_RETURN(auto kind, body.requiredString("kind", 16));
  const auto parsed = timetable::parseChangeKind(kind);
  if (!parsed) return fieldError("kind", "must be cancelled, moved, room or substitute");
  change.kind = *parsed;
  CARTABLE_ASSIGN_OR_RETURN(change.new_date, body.optionalString("new_date", 10));
  CARTABLE_ASSIGN_OR_RETURN(change.new_starts_at, body.optionalString("starts_at", 5));
  CARTABLE_ASSIGN_OR_RETURN(change.new_ends_at, body.optionalString("ends_at", 5));
  CARTABLE_ASSIGN_OR_RETURN(change.new_room, body.optionalString("room", 40));
  CARTABLE_ASSIGN_OR_RETURN(change.substitute_id, body.optionalInt("substitute_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(auto note, body.optionalString("note", 500));
  change.note = note.value_or("");
  return change;
}

http::Response week(Call& call) {
  const auto monday = call.request.query.find("monday");
  if (monday == call.request.query.end()) {
    return http::problem(fieldError("monday", "is required (YYYY-MM-DD)"));
  }
  auto student = call.queryInt("student_id", 0, 1, INT64_MAX);
  if (!student.ok()) return http::problem(student.error());
  const std::int64_t person = *student != 0 ? *student : call.who().user_id;
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto lessons, timetable::weekFor(db, person, monday->second));
    auto out = views::page(lessons, views::occurrence, std::nullopt);
    out->set("monday", monday->second);
    out->set("person_id", person);
    return out;
  });
}

Result<std::optional<std::int64_t>> optionalQueryId(Call& call, const std::string& name) {
  CARTABLE_ASSIGN_OR_RETURN(auto id, call.queryInt(name, 0, 1, INT64_MAX));
  return id == 0 ? std::nullopt : std::optional<std::int64_t>(id);
}

http::Response listLessons(Call& call) {
  timetable::LessonFilter filter;
  for (auto [name, slot] :
       {std::pair{"class_id", &filter.class_id}, std::pair{"group_id", &filter.group_id},
        std::pair{"teacher_id", &filter.teacher_id}}) {
    auto id = optionalQueryId(call, name);
    if (!id.ok()) return http::problem(id.error());
    *slot = *id;
  }
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto lessons, timetable::listLessons(db, filter));
    return views::page(lessons, views::lesson, std::nullopt);
  });
}

http::Response createLesson(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto lesson = lessonFrom(*body);
  if (!lesson.ok()) return http::problem(lesson.error());
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(lesson->id, timetable::createLesson(db, *lesson));
    return views::lesson(*lesson);
  });
}

http::Response deleteLesson(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  Status deleted =
      call.services.db.write([&](Connection& db) { return timetable::deleteLesson(db, *id); });
  if (!deleted.ok()) return http::problem(deleted.error());
  return http::Response{204, "", "", {}};
}

http::Response recordChange(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto change = changeFrom(*body);
  if (!change.ok()) return http::problem(change.error());
  change->lesson_id = *id;
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(
        std::int64_t change_id,
        timetable::recordChange(db, *change, call.who().user_id, call.services.clock.now()));
    auto out = http::newObject();
    out->set("id", change_id);
    out->set("lesson_id", *id);
    out->set("date", change->on_date);
    out->set("kind", std::string(timetable::changeKindName(change->kind)));
    return out;
  });
}

http::Response getCalendar(Call& call) {
  return readJson(call, 200, [](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto calendar, timetable::getCalendar(db));
    return views::calendar(calendar);
  });
}

Result<timetable::Calendar> calendarFrom(const http::JsonObject& body) {
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"week_a_monday", "periods", "holidays"}));
  timetable::Calendar calendar;
  CARTABLE_ASSIGN_OR_RETURN(calendar.week_a_monday, body.optionalString("week_a_monday", 10));
  CARTABLE_ASSIGN_OR_RETURN(calendar.periods, rangeArray(body, "periods"));
  CARTABLE_ASSIGN_OR_RETURN(calendar.holidays, rangeArray(body, "holidays"));
  return calendar;
}

http::Response putCalendar(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto calendar = calendarFrom(*body);
  if (!calendar.ok()) return http::problem(calendar.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_RETURN_IF_ERROR(timetable::setCalendar(db, *calendar));
    return views::calendar(*calendar);
  });
}

}  // namespace

void addTimetableRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  table.add({Method::get, "/api/v1/timetable/week", signed_in, access::viewWeek, week});
  table.add(
      {Method::get, "/api/v1/timetable/lessons", signed_in, access::viewLessons, listLessons});
  table.add({Method::post, "/api/v1/timetable/lessons", signed_in, access::manageTimetable,
             createLesson});
  table.add({Method::del, "/api/v1/timetable/lessons/{id}", signed_in, access::manageTimetable,
             deleteLesson});
  table.add({Method::post, "/api/v1/timetable/lessons/{id}/changes", signed_in,
             access::recordLessonChange, recordChange});
  table.add(
      {Method::get, "/api/v1/timetable/calendar", signed_in, access::viewCalendar, getCalendar});
  table.add(
      {Method::put, "/api/v1/timetable/calendar", signed_in, access::manageTimetable, putCalendar});
}

}  // namespace cartable::api
