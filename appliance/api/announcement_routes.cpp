// Announcements (actualités): writing them for audiences, each reader's feed
// with its unread count, read receipts, attachments.
#include "announcements/announcements.h"
#include "api/access.h"
#include "api/routes.h"
#include "api/uploads.h"
#include "core/http/problem.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;
namespace ann = announcements;

constexpr std::size_t kMaxAudiences = 20;

Error fieldError(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

Result<ann::Audience> audienceFrom(const Poco::JSON::Array::Ptr& list, std::size_t i) {
  const std::string field = "audiences[" + std::to_string(i) + "]";
  Poco::JSON::Object::Ptr item = list->getObject(static_cast<unsigned>(i));
  if (!item) return fieldError(field, "must be an object with \"kind\" and \"class_id\"");
  const http::JsonObject object(item, field + ".");
  CARTABLE_RETURN_IF_ERROR(object.onlyKeys({"kind", "class_id"}));
  CARTABLE_ASSIGN_OR_RETURN(std::string kind_name, object.requiredString("kind", 32));
  const auto kind = ann::parseAudienceKind(kind_name);
  if (!kind) {
    return fieldError(field + ".kind", "\"" + kind_name +
                                           "\" is not one of school, staff, class, "
                                           "class_students, class_parents");
  }
  CARTABLE_ASSIGN_OR_RETURN(auto class_id, object.optionalInt("class_id", 1, INT64_MAX));
  return ann::Audience{*kind, class_id};
}

Result<std::vector<ann::Audience>> audiencesFrom(const http::JsonObject& body) {
  Poco::JSON::Array::Ptr list = body.raw()->getArray("audiences");
  if (!list) return fieldError("audiences", "must be an array of audiences");
  if (list->size() > kMaxAudiences) {
    return fieldError("audiences", "has more than " + std::to_string(kMaxAudiences) + " items");
  }
  std::vector<ann::Audience> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    CARTABLE_ASSIGN_OR_RETURN(auto audience, audienceFrom(list, i));
    out.push_back(audience);
  }
  return out;
}

// Reads the editable fields present in `body` into `a` (absent ones are
// kept; null clears expires_at).
Status applyEditable(const http::JsonObject& body, ann::Announcement& a) {
  if (body.has("title")) {
    CARTABLE_ASSIGN_OR_RETURN(a.title, body.requiredString("title", 200));
  }
  if (body.has("body")) {
    CARTABLE_ASSIGN_OR_RETURN(a.body, body.requiredString("body", 20000));
  }
  if (body.has("publish_at")) {
    CARTABLE_ASSIGN_OR_RETURN(a.publish_at, body.requiredInt("publish_at", 0, INT64_MAX));
  }
  if (body.has("expires_at")) {
    CARTABLE_ASSIGN_OR_RETURN(a.expires_at, body.optionalInt("expires_at", 0, INT64_MAX));
  }
  if (body.has("pinned")) {
    CARTABLE_ASSIGN_OR_RETURN(a.pinned, body.requiredBool("pinned"));
  }
  if (body.has("audiences")) {
    CARTABLE_ASSIGN_OR_RETURN(a.audiences, audiencesFrom(body));
  }
  return okStatus();
}

Result<ann::Announcement> newAnnouncementFrom(const http::JsonObject& body, std::int64_t author) {
  CARTABLE_RETURN_IF_ERROR(
      body.onlyKeys({"title", "body", "audiences", "publish_at", "expires_at", "pinned"}));
  ann::Announcement a;
  a.author_id = author;
  CARTABLE_ASSIGN_OR_RETURN(a.title, body.requiredString("title", 200));
  CARTABLE_ASSIGN_OR_RETURN(a.body, body.requiredString("body", 20000));
  if (!body.has("audiences")) return fieldError("audiences", "is required");
  CARTABLE_RETURN_IF_ERROR(applyEditable(body, a));
  return a;
}

Poco::JSON::Object::Ptr audienceJson(const ann::Audience& audience) {
  auto out = http::newObject();
  out->set("kind", std::string(ann::audienceKindName(audience.kind)));
  if (audience.class_id) out->set("class_id", *audience.class_id);
  return out;
}

Poco::JSON::Object::Ptr announcementJson(const ann::Announcement& a, Seconds now) {
  auto out = http::newObject();
  out->set("id", a.id);
  out->set("author_id", a.author_id ? Poco::Dynamic::Var(*a.author_id) : Poco::Dynamic::Var());
  out->set("title", a.title);
  out->set("body", a.body);
  out->set("publish_at", a.publish_at);
  out->set("expires_at", a.expires_at ? Poco::Dynamic::Var(*a.expires_at) : Poco::Dynamic::Var());
  out->set("pinned", a.pinned);
  out->set("status", std::string(ann::publicationName(ann::publicationAt(a, now))));
  Poco::JSON::Array::Ptr audiences = new Poco::JSON::Array;
  for (const ann::Audience& audience : a.audiences) audiences->add(audienceJson(audience));
  out->set("audiences", audiences);
  Poco::JSON::Array::Ptr attachments = new Poco::JSON::Array;
  for (const files::FileInfo& file : a.attachments) attachments->add(uploads::fileJson(file));
  out->set("attachments", attachments);
  out->set("created_at", a.created_at);
  out->set("updated_at", a.updated_at);
  return out;
}

Poco::JSON::Object::Ptr statsJson(const ann::ReadStats& stats) {
  auto out = http::newObject();
  out->set("read", stats.read);
  out->set("audience", stats.audience);
  out->set("ratio", stats.ratio);
  return out;
}

// The announcement as the caller sees it: their own read flag and, for its
// author and admins, how many of the audience read it.
Json fullView(Call& call, Connection& db, std::int64_t id) {
  const Seconds now = call.services.clock.now();
  CARTABLE_ASSIGN_OR_RETURN(auto a, ann::getAnnouncement(db, id));
  auto out = announcementJson(a, now);
  CARTABLE_ASSIGN_OR_RETURN(auto read, db.scalarInt64("SELECT 1 FROM announcement_reads WHERE "
                                                      "announcement_id = ? AND user_id = ?",
                                                      id, call.who().user_id));
  out->set("read", read.has_value());
  if (call.who().has(directory::Role::admin) || a.author_id == call.who().user_id) {
    CARTABLE_ASSIGN_OR_RETURN(auto stats, ann::readStats(db, a));
    out->set("reads", statsJson(stats));
  }
  return out;
}

Result<ann::Page> pageOf(const Call& call) {
  ann::Page page;
  CARTABLE_ASSIGN_OR_RETURN(auto limit, call.queryInt("limit", 50, 1, 200));
  CARTABLE_ASSIGN_OR_RETURN(auto offset, call.queryInt("offset", 0, 0, 1000000));
  page.limit = static_cast<int>(limit);
  page.offset = static_cast<int>(offset);
  return page;
}

template <class T>
void setNext(Poco::JSON::Object::Ptr& out, const std::vector<T>& items, const ann::Page& page) {
  if (items.size() == static_cast<std::size_t>(page.limit))
    out->set("next", page.offset + page.limit);
}

Json feedView(Call& call, Connection& db, const ann::Page& page) {
  const Seconds now = call.services.clock.now();
  const std::int64_t me = call.who().user_id;
  CARTABLE_ASSIGN_OR_RETURN(auto items, ann::feedOf(db, me, now, page));
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const ann::FeedItem& item : items) {
    auto entry = announcementJson(item.announcement, now);
    entry->set("read", item.read);
    list->add(entry);
  }
  auto out = http::newObject();
  out->set("items", list);
  CARTABLE_ASSIGN_OR_RETURN(auto unread, ann::unreadCount(db, me, now));
  out->set("unread", unread);
  setNext(out, items, page);
  return out;
}

Json managedView(Call& call, Connection& db, std::optional<std::int64_t> author,
                 const ann::Page& page) {
  const Seconds now = call.services.clock.now();
  CARTABLE_ASSIGN_OR_RETURN(auto items, ann::listAnnouncements(db, author, page));
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const ann::Announcement& a : items) {
    auto entry = announcementJson(a, now);
    CARTABLE_ASSIGN_OR_RETURN(auto stats, ann::readStats(db, a));
    entry->set("reads", statsJson(stats));
    list->add(entry);
  }
  auto out = http::newObject();
  out->set("items", list);
  setNext(out, items, page);
  return out;
}

http::Response listAnnouncements(Call& call) {
  const auto& query = call.request.query;
  const std::string view = query.contains("view") ? query.at("view") : "feed";
  if (view != "feed" && view != "authored" && view != "all") {
    return http::problem(fieldError("view", "must be feed, authored or all"));
  }
  auto page = pageOf(call);
  if (!page.ok()) return http::problem(page.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    if (view == "feed") return feedView(call, db, *page);
    std::optional<std::int64_t> author;
    if (view == "authored") author = call.who().user_id;
    return managedView(call, db, author, *page);
  });
}

http::Response createAnnouncement(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto announcement = newAnnouncementFrom(*body, call.who().user_id);
  if (!announcement.ok()) return http::problem(announcement.error());
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(
        std::int64_t id, ann::createAnnouncement(db, *announcement, call.services.clock.now()));
    return fullView(call, db, id);
  });
}

http::Response getAnnouncement(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) { return fullView(call, db, *id); });
}

http::Response patchAnnouncement(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  if (auto only =
          body->onlyKeys({"title", "body", "audiences", "publish_at", "expires_at", "pinned"});
      !only.ok()) {
    return http::problem(only.error());
  }
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto a, ann::getAnnouncement(db, *id));
    CARTABLE_RETURN_IF_ERROR(applyEditable(*body, a));
    CARTABLE_RETURN_IF_ERROR(ann::updateAnnouncement(db, a, call.services.clock.now()));
    return fullView(call, db, *id);
  });
}

http::Response deleteAnnouncement(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  Status deleted =
      call.services.db.write([&](Connection& db) { return ann::deleteAnnouncement(db, *id); });
  if (!deleted.ok()) return http::problem(deleted.error());
  return http::Response{204, "", "", {}};
}

http::Response markRead(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    const Seconds now = call.services.clock.now();
    CARTABLE_RETURN_IF_ERROR(ann::markRead(db, *id, call.who().user_id, now));
    auto out = http::newObject();
    out->set("id", *id);
    out->set("read", true);
    CARTABLE_ASSIGN_OR_RETURN(auto unread, ann::unreadCount(db, call.who().user_id, now));
    out->set("unread", unread);
    return out;
  });
}

http::Response addAttachments(Call& call) {
  return uploads::attachUploads(
      call,
      [](Connection& db, std::int64_t id) -> Status {
        CARTABLE_RETURN_IF_ERROR(ann::getAnnouncement(db, id));
        return okStatus();
      },
      ann::attachFile, [&](Connection& db, std::int64_t id) { return fullView(call, db, id); });
}

http::Response downloadAttachment(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto file_id = call.pathId("file_id");
  if (!file_id.ok()) return http::problem(file_id.error());
  return uploads::downloadHeld(call, [&](Connection& db) -> Result<std::int64_t> {
    CARTABLE_ASSIGN_OR_RETURN(bool attached, ann::hasAttachment(db, *id, *file_id));
    if (!attached) {
      return uploads::notHeld("announcement " + std::to_string(*id),
                              "attachment " + std::to_string(*file_id), "file_id");
    }
    return *file_id;
  });
}

}  // namespace

void addAnnouncementRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  const std::string one = "/api/v1/announcements/{id}";
  table.add({Method::get, "/api/v1/announcements", signed_in, access::listAnnouncements,
             listAnnouncements});
  table.add({Method::post, "/api/v1/announcements", signed_in, access::writeAnnouncement,
             createAnnouncement});
  table.add({Method::get, one, signed_in, access::viewAnnouncement, getAnnouncement});
  table.add({Method::patch, one, signed_in, access::manageAnnouncement, patchAnnouncement});
  table.add({Method::del, one, signed_in, access::manageAnnouncement, deleteAnnouncement});
  table.add({Method::post, one + "/read", signed_in, access::viewAnnouncement, markRead});
  ApiRoute attach{Method::post, one + "/attachments", signed_in, access::manageAnnouncement,
                  addAttachments};
  attach.accepts_upload = true;
  table.add(attach);
  table.add({Method::get, one + "/attachments/{file_id}", signed_in, access::viewAnnouncement,
             downloadAttachment});
}

}  // namespace cartable::api
