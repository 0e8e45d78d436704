// Differentiated pathways (need groupings of a class) and methodological guides.
#include "api/access.h"
#include "api/routes.h"
#include "core/base/civil_date.h"
#include "core/http/problem.h"
#include "directory/users.h"
#include "documents/documents.h"
#include "follow_up/guides.h"
#include "follow_up/pathways.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;
using Object = Poco::JSON::Object::Ptr;

// The suggestion looks back this far by default.
constexpr int kSuggestionDays = 56;

Error fieldError(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

Poco::Dynamic::Var orNull(const std::optional<std::int64_t>& value) {
  return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

std::string nameOf(Connection& db, std::int64_t id) {
  auto user = directory::getUser(db, id);
  return user.ok() ? user->displayName() : std::string();
}

Object groupingView(Connection& db, const follow_up::Grouping& grouping) {
  auto out = http::newObject();
  out->set("id", grouping.id);
  out->set("teacher_id", orNull(grouping.teacher_id));
  out->set("class_id", grouping.class_id);
  out->set("subject_id", grouping.subject_id);
  out->set("title", grouping.title);
  Poco::JSON::Array::Ptr groups = new Poco::JSON::Array;
  for (const follow_up::NeedGroup& group : grouping.groups) {
    auto item = http::newObject();
    item->set("label", group.label);
    Poco::JSON::Array::Ptr ids = new Poco::JSON::Array;
    Poco::JSON::Array::Ptr members = new Poco::JSON::Array;
    for (const follow_up::GroupMember& member : group.members) {
      ids->add(member.student_id);
      auto entry = http::newObject();
      entry->set("student_id", member.student_id);
      entry->set("name", nameOf(db, member.student_id));
      // The figure that placed the student: their mean on 20 (12.5), or null.
      entry->set("mean", member.basis ? Poco::Dynamic::Var(static_cast<double>(*member.basis) / 100)
                                      : Poco::Dynamic::Var());
      members->add(entry);
    }
    item->set("student_ids", ids);
    item->set("members", members);
    groups->add(item);
  }
  out->set("groups", groups);
  out->set("created_at", grouping.created_at);
  out->set("updated_at", grouping.updated_at);
  return out;
}

Result<std::vector<follow_up::NeedGroup>> groupsFrom(const http::JsonObject& body) {
  Poco::JSON::Array::Ptr list = body.raw()->getArray("groups");
  if (!list) return fieldError("groups", "must be an array of groups");
  std::vector<follow_up::NeedGroup> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string prefix = "groups[" + std::to_string(i) + "]";
    Poco::JSON::Object::Ptr raw = list->getObject(static_cast<unsigned>(i));
    if (!raw) return fieldError(prefix, "must be an object with label and student_ids");
    const http::JsonObject item(raw, prefix);
    CARTABLE_RETURN_IF_ERROR(item.onlyKeys({"label", "student_ids"}));
    follow_up::NeedGroup group;
    CARTABLE_ASSIGN_OR_RETURN(group.label, item.requiredString("label", 1000));
    Poco::JSON::Array::Ptr ids = raw->getArray("student_ids");
    if (!ids) return fieldError(prefix + ".student_ids", "must be an array of student ids");
    for (std::size_t j = 0; j < ids->size(); ++j) {
      const auto& value = ids->get(static_cast<unsigned>(j));
      if (!value.isInteger()) {
        return fieldError(prefix + ".student_ids[" + std::to_string(j) + "]", "must be an id");
      }
      group.members.push_back({value.convert<std::int64_t>(), std::nullopt});
    }
    out.push_back(std::move(group));
  }
  return out;
}

http::Response listPathways(Call& call) {
  auto class_id = call.queryInt("class_id", 0, 1, INT64_MAX);
  if (!class_id.ok()) return http::problem(class_id.error());
  if (*class_id == 0 && !call.who().has(directory::Role::teacher)) {
    return http::problem(fieldError("class_id", "is required"));
  }
  return readJson(call, 200, [&](Connection& db) -> Json {
    std::vector<follow_up::Grouping> found;
    if (*class_id != 0) {
      CARTABLE_ASSIGN_OR_RETURN(found, follow_up::groupingsOfClass(db, *class_id));
    } else {
      CARTABLE_ASSIGN_OR_RETURN(found, follow_up::groupingsBy(db, call.who().user_id));
    }
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& grouping : found) items->add(groupingView(db, grouping));
    auto out = http::newObject();
    out->set("items", items);
    return out;
  });
}

http::Response createPathway(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  follow_up::Grouping grouping;
  grouping.teacher_id = call.who().user_id;
  Status read = [&]() -> Status {
    CARTABLE_RETURN_IF_ERROR(body->onlyKeys({"class_id", "subject_id", "title", "groups"}));
    CARTABLE_ASSIGN_OR_RETURN(grouping.class_id, body->requiredInt("class_id", 1, INT64_MAX));
    CARTABLE_ASSIGN_OR_RETURN(grouping.subject_id, body->requiredInt("subject_id", 1, INT64_MAX));
    CARTABLE_ASSIGN_OR_RETURN(grouping.title, body->requiredString("title", 1000));
    CARTABLE_ASSIGN_OR_RETURN(grouping.groups, groupsFrom(*body));
    return okStatus();
  }();
  if (!read.ok()) return http::problem(read.error());
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t id,
                              follow_up::createGrouping(db, grouping, call.services.clock.now()));
    CARTABLE_ASSIGN_OR_RETURN(auto stored, follow_up::getGrouping(db, id));
    return groupingView(db, stored);
  });
}

http::Response getPathway(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto grouping, follow_up::getGrouping(db, *id));
    return groupingView(db, grouping);
  });
}

http::Response patchPathway(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto grouping, follow_up::getGrouping(db, *id));
    CARTABLE_RETURN_IF_ERROR(body->onlyKeys({"title", "groups"}));
    if (body->has("title")) {
      CARTABLE_ASSIGN_OR_RETURN(grouping.title, body->requiredString("title", 1000));
    }
    if (body->has("groups")) {
      CARTABLE_ASSIGN_OR_RETURN(grouping.groups, groupsFrom(*body));
    }
    CARTABLE_RETURN_IF_ERROR(follow_up::updateGrouping(db, grouping, call.services.clock.now()));
    CARTABLE_ASSIGN_OR_RETURN(auto stored, follow_up::getGrouping(db, *id));
    return groupingView(db, stored);
  });
}

http::Response deletePathway(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  Status deleted =
      call.services.db.write([&](Connection& db) { return follow_up::deleteGrouping(db, *id); });
  if (!deleted.ok()) return http::problem(deleted.error());
  return http::Response{204, "", "", {}};
}

http::Response suggestPathway(Call& call) {
  auto class_id = call.queryInt("class_id", 0, 1, INT64_MAX);
  if (!class_id.ok()) return http::problem(class_id.error());
  auto subject_id = call.queryInt("subject_id", 0, 1, INT64_MAX);
  if (!subject_id.ok()) return http::problem(subject_id.error());
  if (*class_id == 0) return http::problem(fieldError("class_id", "is required"));
  if (*subject_id == 0) return http::problem(fieldError("subject_id", "is required"));
  const auto given = call.request.query.find("from");
  std::string from = given == call.request.query.end() ? std::string() : given->second;
  if (from.empty()) {
    const auto today = civil::dayOf(call.services.clock.now());
    from = civil::formatDay(today - std::chrono::days{kSuggestionDays});
  }
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto grouping,
                              follow_up::suggestGrouping(db, *class_id, *subject_id, from));
    auto out = groupingView(db, grouping);
    out->remove("id");
    out->set("from", from);
    return out;
  });
}

Object guideView(const follow_up::Guide& guide) {
  auto out = http::newObject();
  out->set("document_id", guide.document_id);
  out->set("name", guide.name);
  out->set("topic", guide.topic);
  out->set("subject_id", orNull(guide.subject_id));
  out->set("added_by", orNull(guide.added_by));
  out->set("added_at", guide.added_at);
  return out;
}

http::Response listGuides(Call& call) {
  const documents::Person who{call.who().user_id, call.who().roles};
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto guides, follow_up::allGuides(db));
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& guide : guides) {
      CARTABLE_ASSIGN_OR_RETURN(auto rights,
                                documents::rightsOnDocument(db, guide.document_id, who));
      if (rights.read) items->add(guideView(guide));
    }
    auto out = http::newObject();
    out->set("items", items);
    return out;
  });
}

http::Response addGuide(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  follow_up::Guide guide;
  Status read = [&]() -> Status {
    CARTABLE_RETURN_IF_ERROR(body->onlyKeys({"document_id", "topic", "subject_id"}));
    CARTABLE_ASSIGN_OR_RETURN(guide.document_id, body->requiredInt("document_id", 1, INT64_MAX));
    CARTABLE_ASSIGN_OR_RETURN(guide.topic, body->requiredString("topic", 1000));
    CARTABLE_ASSIGN_OR_RETURN(guide.subject_id, body->optionalInt("subject_id", 1, INT64_MAX));
    return okStatus();
  }();
  if (!read.ok()) return http::problem(read.error());
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_RETURN_IF_ERROR(
        follow_up::addGuide(db, guide, call.who().user_id, call.services.clock.now()));
    CARTABLE_ASSIGN_OR_RETURN(auto all, follow_up::allGuides(db));
    for (const auto& stored : all) {
      if (stored.document_id == guide.document_id) return guideView(stored);
    }
    return makeError(Errc::internal, "the guide just added is missing");
  });
}

http::Response removeGuide(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  Status removed =
      call.services.db.write([&](Connection& db) { return follow_up::removeGuide(db, *id); });
  if (!removed.ok()) return http::problem(removed.error());
  return http::Response{204, "", "", {}};
}

}  // namespace

void addPathwayRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  const std::string pathways = "/api/v1/pathways";
  table.add({Method::get, pathways, signed_in, access::listPathways, listPathways});
  table.add({Method::post, pathways, signed_in, access::setPathway, createPathway});
  table.add({Method::get, "/api/v1/pathway-suggestions", signed_in, access::suggestPathway,
             suggestPathway});
  table.add({Method::get, pathways + "/{id}", signed_in, access::viewPathway, getPathway});
  table.add({Method::patch, pathways + "/{id}", signed_in, access::managePathway, patchPathway});
  table.add({Method::del, pathways + "/{id}", signed_in, access::managePathway, deletePathway});
  table.add({Method::get, "/api/v1/guides", signed_in, access::listGuides, listGuides});
  table.add({Method::post, "/api/v1/guides", signed_in, access::addGuide, addGuide});
  table.add({Method::del, "/api/v1/guides/{id}", signed_in, access::removeGuide, removeGuide});
}

}  // namespace cartable::api
