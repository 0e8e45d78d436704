#include "api/views.h"

#include <Poco/JSON/Parser.h>

namespace cartable::api::views {
namespace {

template <class T>
void setOptional(Poco::JSON::Object& object, const std::string& key, const std::optional<T>& value) {
  if (value) {
    object.set(key, *value);
  } else {
    object.set(key, Poco::Dynamic::Var());
  }
}

Poco::JSON::Array::Ptr ids(const std::vector<std::int64_t>& values) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (std::int64_t value : values) list->add(value);
  return list;
}

Poco::JSON::Array::Ptr ranges(const std::vector<timetable::DateRange>& values) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const auto& range : values) {
    auto item = http::newObject();
    item->set("label", range.label);
    item->set("starts_on", range.starts_on);
    item->set("ends_on", range.ends_on);
    list->add(item);
  }
  return list;
}

}  // namespace

Poco::JSON::Array::Ptr roles(directory::RoleSet set) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (directory::Role role : set.list()) list->add(std::string(directory::roleName(role)));
  return list;
}

Poco::JSON::Object::Ptr user(const directory::User& value) {
  auto out = http::newObject();
  out->set("id", value.id);
  out->set("login", value.login);
  out->set("given_name", value.given_name);
  out->set("family_name", value.family_name);
  out->set("roles", roles(value.roles));
  setOptional(*out, "email", value.email);
  setOptional(*out, "ine", value.ine);
  setOptional(*out, "birth_date", value.birth_date);
  out->set("active", value.active());
  return out;
}

Poco::JSON::Object::Ptr schoolClass(const directory::SchoolClass& value) {
  auto out = http::newObject();
  out->set("id", value.id);
  out->set("code", value.code);
  out->set("label", value.label);
  out->set("level", value.level);
  out->set("school_year", value.school_year);
  return out;
}

Poco::JSON::Object::Ptr group(const directory::Group& value) {
  auto out = http::newObject();
  out->set("id", value.id);
  out->set("code", value.code);
  out->set("label", value.label);
  return out;
}

Poco::JSON::Object::Ptr subject(const directory::Subject& value) {
  auto out = http::newObject();
  out->set("id", value.id);
  out->set("code", value.code);
  out->set("label", value.label);
  return out;
}

Poco::JSON::Object::Ptr session(const auth::SessionInfo& value, std::int64_t current_id) {
  auto out = http::newObject();
  out->set("id", value.id);
  out->set("kind", value.kind == auth::SessionKind::browser ? "browser" : "mobile");
  out->set("created_at", value.created_at);
  out->set("last_seen_at", value.last_seen_at);
  out->set("expires_at", value.expires_at);
  out->set("remote_address", value.remote_address);
  out->set("user_agent", value.user_agent);
  out->set("current", value.id == current_id);
  return out;
}

Poco::JSON::Object::Ptr auditEntry(const auth::AuditEntry& entry) {
  auto out = http::newObject();
  out->set("id", entry.id);
  out->set("at", entry.at);
  out->set("event", entry.event.event);
  setOptional(*out, "actor_id", entry.event.actor);
  setOptional(*out, "subject_id", entry.event.subject);
  out->set("remote_address", entry.event.remote_address);
  try {
    out->set("detail", Poco::JSON::Parser().parse(entry.event.detail));
  } catch (const Poco::Exception&) {
    out->set("detail", entry.event.detail);
  }
  return out;
}

Poco::JSON::Object::Ptr lesson(const timetable::Lesson& value) {
  auto out = http::newObject();
  out->set("id", value.id);
  out->set("subject_id", value.subject_id);
  setOptional(*out, "class_id", value.class_id);
  setOptional(*out, "group_id", value.group_id);
  out->set("teacher_ids", ids(value.teacher_ids));
  out->set("room", value.room);
  out->set("weekday", value.weekday);
  out->set("starts_at", value.starts_at);
  out->set("ends_at", value.ends_at);
  out->set("week_pattern", std::string(timetable::weekPatternName(value.week_pattern)));
  out->set("valid_from", value.valid_from);
  out->set("valid_until", value.valid_until);
  return out;
}

Poco::JSON::Object::Ptr occurrence(const timetable::Occurrence& value) {
  auto out = http::newObject();
  out->set("lesson_id", value.lesson_id);
  out->set("subject_id", value.subject_id);
  setOptional(*out, "class_id", value.class_id);
  setOptional(*out, "group_id", value.group_id);
  out->set("teacher_ids", ids(value.teacher_ids));
  out->set("room", value.room);
  out->set("date", value.date);
  out->set("starts_at", value.starts_at);
  out->set("ends_at", value.ends_at);
  out->set("cancelled", value.cancelled);
  setOptional(*out, "moved_from", value.moved_from);
  setOptional(*out, "substitute_id", value.substitute_id);
  Poco::JSON::Array::Ptr notes = new Poco::JSON::Array;
  for (const std::string& note : value.notes) notes->add(note);
  out->set("notes", notes);
  return out;
}

Poco::JSON::Object::Ptr calendar(const timetable::Calendar& value) {
  auto out = http::newObject();
  setOptional(*out, "week_a_monday", value.week_a_monday);
  out->set("periods", ranges(value.periods));
  out->set("holidays", ranges(value.holidays));
  return out;
}

}  // namespace cartable::api::views
