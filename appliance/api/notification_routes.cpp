// The signed-in person's notification feed: newest first, unread count, read marks.
#include "api/access.h"
#include "api/routes.h"
#include "core/http/problem.h"
#include "notifications/notifications.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;

Poco::JSON::Object::Ptr notificationJson(const notifications::Notification& n) {
  auto out = http::newObject();
  out->set("id", n.id);
  out->set("kind", n.kind);
  out->set("title", n.title);
  out->set("body", n.body);
  out->set("link", n.link);
  out->set("created_at", n.created_at);
  out->set("read", n.read_at.has_value());
  return out;
}

Result<notifications::FeedQuery> feedQuery(Call& call) {
  notifications::FeedQuery query;
  CARTABLE_ASSIGN_OR_RETURN(auto unread, call.queryInt("unread", 0, 0, 1));
  query.unread_only = unread == 1;
  CARTABLE_ASSIGN_OR_RETURN(auto before, call.queryInt("before", 0, 1, INT64_MAX));
  if (before != 0) query.before_id = before;
  CARTABLE_ASSIGN_OR_RETURN(auto limit, call.queryInt("limit", 50, 1, 200));
  query.limit = static_cast<int>(limit);
  return query;
}

http::Response feed(Call& call) {
  auto query = feedQuery(call);
  if (!query.ok()) return http::problem(query.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    const std::int64_t me = call.who().user_id;
    CARTABLE_ASSIGN_OR_RETURN(auto list, notifications::feedOf(db, me, *query));
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& n : list) items->add(notificationJson(n));
    auto out = http::newObject();
    out->set("items", items);
    if (static_cast<int>(list.size()) == query->limit) out->set("next", list.back().id);
    CARTABLE_ASSIGN_OR_RETURN(auto unread, notifications::unreadCount(db, me));
    out->set("unread", unread);
    return out;
  });
}

http::Response markRead(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  if (auto only = body->onlyKeys({"up_to_id"}); !only.ok()) return http::problem(only.error());
  auto up_to = body->requiredInt("up_to_id", 1, INT64_MAX);
  if (!up_to.ok()) return http::problem(up_to.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    const std::int64_t me = call.who().user_id;
    CARTABLE_ASSIGN_OR_RETURN(int marked,
                              notifications::markRead(db, me, *up_to, call.services.clock.now()));
    CARTABLE_ASSIGN_OR_RETURN(auto unread, notifications::unreadCount(db, me));
    auto out = http::newObject();
    out->set("marked", marked);
    out->set("unread", unread);
    return out;
  });
}

}  // namespace

void addNotificationRoutes(RouteTable& table) {
  table.add({Method::get, "/api/v1/me/notifications", Audience::signed_in, access::self, feed});
  table.add(
      {Method::post, "/api/v1/me/notifications/read", Audience::signed_in, access::self, markRead});
}

}  // namespace cartable::api
