// JSON shapes of the directory's records, as the API returns them.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "core/auth/audit.h"
#include "core/auth/sessions.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "timetable/timetable.h"

namespace cartable::api::views {

Poco::JSON::Object::Ptr user(const directory::User& user);
Poco::JSON::Array::Ptr roles(directory::RoleSet roles);
Poco::JSON::Object::Ptr schoolClass(const directory::SchoolClass& value);
Poco::JSON::Object::Ptr group(const directory::Group& value);
Poco::JSON::Object::Ptr subject(const directory::Subject& value);
Poco::JSON::Object::Ptr session(const auth::SessionInfo& value, std::int64_t current_id);
Poco::JSON::Object::Ptr auditEntry(const auth::AuditEntry& entry);
Poco::JSON::Object::Ptr lesson(const timetable::Lesson& value);
Poco::JSON::Object::Ptr occurrence(const timetable::Occurrence& value);
Poco::JSON::Object::Ptr calendar(const timetable::Calendar& value);

// {"items":[...]} plus "next" when a further page may exist.
template <class T, class View>
Poco::JSON::Object::Ptr page(const std::vector<T>& items, View view, std::optional<std::int64_t> next);

}  // namespace cartable::api::views

#include "core/http/json.h"

namespace cartable::api::views {

template <class T, class View>
Poco::JSON::Object::Ptr page(const std::vector<T>& items, View view,
                             std::optional<std::int64_t> next) {
  auto out = http::newObject();
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const T& item : items) list->add(view(item));
  out->set("items", list);
  if (next) out->set("next", *next);
  return out;
}

}  // namespace cartable::api::views
