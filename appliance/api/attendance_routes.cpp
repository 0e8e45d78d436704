// School life attendance: roll calls, the roll calls not taken, each student's
// and each class's absences and lateness, justifications.
#include "api/access.h"
#include "api/routes.h"
#include "api/uploads.h"
#include "api/views.h"
#include "attendance/attendance.h"
#include "core/http/problem.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;

constexpr std::size_t kMaxEntries = 500;

Error fieldError(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

template <class T>
void setOptional(Poco::JSON::Object& object, const std::string& key,
                 const std::optional<T>& value) {
  if (value) {
    object.set(key, *value);
  } else {
    object.set(key, Poco::Dynamic::Var());
  }
}

std::optional<std::string> queryText(const Call& call, const std::string& name) {
  const auto found = call.request.query.find(name);
  if (found == call.request.query.end()) return std::nullopt;
  return found->second;
}

std::string pathText(const Call& call, const std::string& name) {
  const auto found = call.request.path_params.find(name);
  return found == call.request.path_params.end() ? std::string() : found->second;
}

bool isStaff(const Call& call) {
  return call.who().roles.intersects({directory::Role::admin, directory::Role::staff});
}

Result<attendance::RollEntry> entryFrom(const Poco::JSON::Object::Ptr& item,
                                        const std::string& where) {
  if (!item) return fieldError(where + "student_id", "must be in an object");
  http::JsonObject entry(item, where);
  CARTABLE_RETURN_IF_ERROR(entry.onlyKeys({"student_id", "status", "minutes_late"}));
  attendance::RollEntry out;
  CARTABLE_ASSIGN_OR_RETURN(out.student_id, entry.requiredInt("student_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(auto status, entry.requiredString("status", 16));
  const auto parsed = attendance::parsePresence(status);
  if (!parsed) return fieldError(where + "status", "must be present, absent or late");
  out.status = *parsed;
  CARTABLE_ASSIGN_OR_RETURN(auto minutes, entry.optionalInt("minutes_late", 0, 1440));
  out.minutes_late = static_cast<int>(minutes.value_or(0));
  return out;
}

Result<std::vector<attendance::RollEntry>> entriesFrom(const http::JsonObject& body) {
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"entries"}));
  Poco::JSON::Array::Ptr list =
      body.raw()->has("entries") ? body.raw()->getArray("entries") : nullptr;
  if (!list) return fieldError("entries", "must be an array (the students not present)");
  if (list->size() > kMaxEntries) {
    return fieldError("entries", "has more than " + std::to_string(kMaxEntries) + " items");
  }
  std::vector<attendance::RollEntry> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string where = "entries[" + std::to_string(i) + "].";
    CARTABLE_ASSIGN_OR_RETURN(auto entry,
                              entryFrom(list->getObject(static_cast<unsigned>(i)), where));
    out.push_back(entry);
  }
  return out;
}

Poco::JSON::Object::Ptr rollCallView(const attendance::RollCall& roll) {
  auto out = http::newObject();
  out->set("lesson_id", roll.lesson_id);
  out->set("date", roll.date);
  out->set("starts_at", roll.starts_at);
  out->set("ends_at", roll.ends_at);
  out->set("taken", roll.taken);
  setOptional(*out, "taken_by", roll.taken_by);
  setOptional(*out, "taken_at", roll.taken_at);
  Poco::JSON::Array::Ptr students = new Poco::JSON::Array;
  for (const auto& student : roll.students) {
    auto item = http::newObject();
    item->set("student_id", student.student_id);
    item->set("name", student.name);
    item->set("status", std::string(attendance::presenceName(student.status)));
    item->set("minutes_late", student.minutes_late);
    students->add(item);
  }
  out->set("students", students);
  Poco::JSON::Array::Ptr corrections = new Poco::JSON::Array;
  for (const auto& correction : roll.corrections) {
    auto item = http::newObject();
    item->set("student_id", correction.student_id);
    item->set("old_status", std::string(attendance::presenceName(correction.old_status)));
    item->set("old_minutes_late", correction.old_minutes);
    item->set("new_status", std::string(attendance::presenceName(correction.new_status)));
    item->set("new_minutes_late", correction.new_minutes);
    setOptional(*item, "changed_by", correction.changed_by);
    item->set("changed_at", correction.changed_at);
    corrections->add(item);
  }
  out->set("corrections", corrections);
  return out;
}

Poco::JSON::Object::Ptr justificationView(const attendance::Justification& value) {
  auto out = http::newObject();
  out->set("id", value.id);
  out->set("student_id", value.student_id);
  out->set("from_date", value.from_date);
  setOptional(*out, "from_time", value.from_time);
  out->set("to_date", value.to_date);
  setOptional(*out, "to_time", value.to_time);
  out->set("reason", std::string(attendance::reasonName(value.reason)));
  out->set("reason_label", std::string(attendance::reasonLabel(value.reason)));
  out->set("text", value.text);
  setOptional(*out, "file_id", value.file_id);
  out->set("state", std::string(attendance::justificationStateName(value.state)));
  setOptional(*out, "submitted_by", value.submitted_by);
  out->set("submitted_at", value.submitted_at);
  setOptional(*out, "decided_by", value.decided_by);
  setOptional(*out, "decided_at", value.decided_at);
  out->set("decision_comment", value.decision_comment);
  return out;
}

Poco::JSON::Object::Ptr eventView(const attendance::AttendanceEvent& event) {
  auto out = http::newObject();
  setOptional(*out, "lesson_id", event.lesson_id);
  setOptional(*out, "subject_id", event.subject_id);
  out->set("date", event.date);
  out->set("starts_at", event.starts_at);
  out->set("ends_at", event.ends_at);
  out->set("status", std::string(attendance::presenceName(event.status)));
  out->set("minutes_late", event.minutes_late);
  out->set("justification", std::string(attendance::standingName(event.standing)));
  setOptional(*out, "justification_id", event.justification_id);
  return out;
}

Poco::JSON::Object::Ptr spanView(const attendance::DateSpan& span) {
  auto out = http::newObject();
  out->set("label", span.label);
  out->set("from", span.from);
  out->set("to", span.to);
  return out;
}

Poco::JSON::Object::Ptr countsView(const attendance::StudentAttendance& value) {
  auto out = http::newObject();
  out->set("student_id", value.student_id);
  out->set("name", value.name);
  out->set("half_days_absent", value.half_days_absent);
  out->set("half_days_unjustified", value.half_days_unjustified);
  out->set("late_count", value.late_count);
  out->set("minutes_late", value.minutes_late);
  return out;
}

// The span of a summary from ?period= or ?from=&to= (default: the current period).
Result<attendance::DateSpan> spanFrom(Call& call, Connection& db) {
  CARTABLE_ASSIGN_OR_RETURN(auto period, call.queryInt("period", 0, 1, 1000));
  return attendance::resolveSpan(
      db, period == 0 ? std::nullopt : std::optional<std::int64_t>(period), queryText(call, "from"),
      queryText(call, "to"), attendance::civilNow(call.services.clock.now()).date);
}

http::Response getRollCall(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto roll, attendance::getRollCall(db, *id, pathText(call, "date")));
    return rollCallView(roll);
  });
}

http::Response putRollCall(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto entries = entriesFrom(*body);
  if (!entries.ok()) return http::problem(entries.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(
        auto roll, attendance::recordRollCall(db, *id, pathText(call, "date"), *entries,
                                              call.who().user_id, call.services.clock.now()));
    return rollCallView(roll);
  });
}

http::Response missingRollCalls(Call& call) {
  const Seconds now = call.services.clock.now();
  const std::string date = queryText(call, "date").value_or(attendance::civilNow(now).date);
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto missing, attendance::missingRollCalls(db, date, now));
    auto out = views::page(missing, views::occurrence, std::nullopt);
    out->set("date", date);
    return out;
  });
}

http::Response studentAttendance(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto span, spanFrom(call, db));
    CARTABLE_ASSIGN_OR_RETURN(auto summary, attendance::studentAttendance(db, *id, span));
    auto out = countsView(summary);
    out->set("period", spanView(span));
    Poco::JSON::Array::Ptr events = new Poco::JSON::Array;
    for (const auto& event : summary.events) events->add(eventView(event));
    out->set("events", events);
    return out;
  });
}

http::Response classAttendance(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto span, spanFrom(call, db));
    CARTABLE_ASSIGN_OR_RETURN(auto students, attendance::classAttendance(db, *id, span));
    auto out = views::page(students, countsView, std::nullopt);
    out->set("class_id", *id);
    out->set("period", spanView(span));
    return out;
  });
}

http::Response reasons(Call&) {
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (attendance::Reason reason : attendance::allReasons()) {
    auto item = http::newObject();
    item->set("code", std::string(attendance::reasonName(reason)));
    item->set("label", std::string(attendance::reasonLabel(reason)));
    items->add(item);
  }
  auto out = http::newObject();
  out->set("items", items);
  return http::jsonResponse(200, out);
}

Result<attendance::NewJustification> justificationFrom(const http::JsonObject& body) {
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys(
      {"student_id", "reason", "from_date", "from_time", "to_date", "to_time", "text"}));
  attendance::NewJustification out;
  CARTABLE_ASSIGN_OR_RETURN(out.student_id, body.requiredInt("student_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(auto reason, body.requiredString("reason", 32));
  const auto parsed = attendance::parseReason(reason);
  if (!parsed) {
    return fieldError(
        "reason", "must be illness, medical, family, transport, exam, school_activity or other");
  }
  out.reason = *parsed;
  CARTABLE_ASSIGN_OR_RETURN(out.from_date, body.requiredString("from_date", 10));
  CARTABLE_ASSIGN_OR_RETURN(out.from_time, body.optionalString("from_time", 5));
  CARTABLE_ASSIGN_OR_RETURN(out.to_date, body.requiredString("to_date", 10));
  CARTABLE_ASSIGN_OR_RETURN(out.to_time, body.optionalString("to_time", 5));
  CARTABLE_ASSIGN_OR_RETURN(auto text, body.optionalString("text", 1000));
  out.text = text.value_or("");
  return out;
}

http::Response createJustification(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto input = justificationFrom(*body);
  if (!input.ok()) return http::problem(input.error());
  // Staff record a justification they hold; a parent's waits for staff to decide.
  const bool staff = isStaff(call);
  return writeJson(call, 201, [&](Connection& db) -> Json {
    const std::int64_t author = call.who().user_id;
    const Seconds now = call.services.clock.now();
    CARTABLE_ASSIGN_OR_RETURN(auto created,
                              staff ? attendance::recordJustification(db, *input, author, now)
                                    : attendance::submitJustification(db, *input, author, now));
    return justificationView(created);
  });
}

http::Response attachDocument(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto staged = uploads::stageFileForm(call, "file");
  if (!staged.ok()) return http::problem(staged.error());
  if (staged->size() != 1) return http::problem(fieldError("file", "must be exactly one file"));
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto recorded, uploads::recordFiles(call, db, *staged));
    CARTABLE_RETURN_IF_ERROR(attendance::attachJustificationFile(db, *id, recorded.front().id));
    CARTABLE_ASSIGN_OR_RETURN(auto stored, attendance::getJustification(db, *id));
    return justificationView(stored);
  });
}

http::Response downloadDocument(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return uploads::downloadHeld(call, [&](Connection& db) -> Result<std::int64_t> {
    CARTABLE_ASSIGN_OR_RETURN(auto justification, attendance::getJustification(db, *id));
    if (!justification.file_id) {
      return uploads::notHeld("justification " + std::to_string(*id), "document", "file");
    }
    return *justification.file_id;
  });
}

http::Response listJustifications(Call& call) {
  attendance::JustificationFilter filter;
  if (const auto state = queryText(call, "state")) {
    filter.state = attendance::parseJustificationState(*state);
    if (!filter.state) {
      return http::problem(fieldError("state", "must be pending, accepted or refused"));
    }
  }
  auto student = call.queryInt("student_id", 0, 1, INT64_MAX);
  if (!student.ok()) return http::problem(student.error());
  if (*student != 0) filter.student_id = *student;
  // Parents see their own children's justifications only.
  if (!isStaff(call)) filter.guardian_id = call.who().user_id;
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto found, attendance::listJustifications(db, filter));
    return views::page(found, justificationView, std::nullopt);
  });
}

http::Response decideJustification(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  if (Status keys = body->onlyKeys({"decision", "comment"}); !keys.ok()) {
    return http::problem(keys.error());
  }
  auto decision = body->requiredString("decision", 16);
  if (!decision.ok()) return http::problem(decision.error());
  if (*decision != "accept" && *decision != "refuse") {
    return http::problem(fieldError("decision", "must be accept or refuse"));
  }
  auto comment = body->optionalString("comment", 500);
  if (!comment.ok()) return http::problem(comment.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(
        auto decided,
        attendance::decideJustification(db, *id, *decision == "accept", comment->value_or(""),
                                        call.who().user_id, call.services.clock.now()));
    return justificationView(decided);
  });
}

}  // namespace

void addAttendanceRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  const std::string roll = "/api/v1/timetable/lessons/{id}/roll-calls/{date}";
  table.add({Method::get, roll, signed_in, access::viewRollCall, getRollCall});
  table.add({Method::put, roll, signed_in, access::takeRollCall, putRollCall});
  table.add({Method::get, "/api/v1/attendance/missing-roll-calls", signed_in,
             access::listMissingRollCalls, missingRollCalls});
  table.add({Method::get, "/api/v1/attendance/students/{id}", signed_in, access::viewAttendance,
             studentAttendance});
  table.add({Method::get, "/api/v1/classes/{id}/attendance", signed_in, access::viewClassAttendance,
             classAttendance});
  table.add(
      {Method::get, "/api/v1/attendance/reasons", signed_in, access::viewAbsenceReasons, reasons});
  table.add({Method::post, "/api/v1/attendance/justifications", signed_in,
             access::submitJustification, createJustification});
  ApiRoute attach{Method::put, "/api/v1/attendance/justifications/{id}/document", signed_in,
                  access::justificationDocument, attachDocument};
  attach.accepts_upload = true;
  table.add(attach);
  table.add({Method::get, "/api/v1/attendance/justifications/{id}/document", signed_in,
             access::justificationDocument, downloadDocument});
  table.add({Method::get, "/api/v1/attendance/justifications", signed_in,
             access::listJustifications, listJustifications});
  table.add({Method::post, "/api/v1/attendance/justifications/{id}/decision", signed_in,
             access::decideJustification, decideJustification});
}

}  // namespace cartable::api
