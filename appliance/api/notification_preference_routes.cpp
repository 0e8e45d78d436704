// The signed-in person's notification preferences: per category, in the feed
// and by email.
#include "api/access.h"
#include "api/routes.h"
#include "core/http/problem.h"
#include "notifications/preferences.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;

Json preferencesJson(Connection& db, const Call& call) {
  const std::int64_t me = call.who().user_id;
  CARTABLE_ASSIGN_OR_RETURN(auto preferences, notifications::preferencesOf(db, me));
  auto categories = http::newObject();
  for (const auto& preference : preferences) {
    auto channels = http::newObject();
    channels->set("feed", preference.feed);
    channels->set("email", preference.email);
    categories->set(preference.category, channels);
  }
  Poco::JSON::Array::Ptr required = new Poco::JSON::Array;
  for (const auto& category : notifications::requiredFeedsFor(call.who().roles)) {
    required->add(category);
  }
  auto out = http::newObject();
  out->set("categories", categories);
  out->set("required_feeds", required);
  out->set("email_available", call.services.settings.mail.enabled());
  return out;
}

// {"<category>": {"feed": bool, "email": bool}, ...}: every category or some,
// each with both channels or one.
Result<std::vector<notifications::PreferenceChange>> changesFrom(const http::JsonObject& body) {
  std::vector<notifications::PreferenceChange> changes;
  for (const auto& category : body.raw()->getNames()) {
    CARTABLE_RETURN_IF_ERROR(notifications::checkCategory(category));
    CARTABLE_ASSIGN_OR_RETURN(auto channels, body.object(category));
    CARTABLE_RETURN_IF_ERROR(channels.onlyKeys({"feed", "email"}));
    notifications::PreferenceChange change{category, std::nullopt, std::nullopt};
    CARTABLE_ASSIGN_OR_RETURN(change.feed, channels.optionalBool("feed"));
    CARTABLE_ASSIGN_OR_RETURN(change.email, channels.optionalBool("email"));
    changes.push_back(std::move(change));
  }
  return changes;
}

http::Response getPreferences(Call& call) {
  return readJson(call, 200, [&](Connection& db) { return preferencesJson(db, call); });
}

http::Response putPreferences(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto changes = changesFrom(*body);
  if (!changes.ok()) return http::problem(changes.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_RETURN_IF_ERROR(notifications::setPreferences(db, call.who().user_id, *changes,
                                                           call.services.settings.mail.enabled(),
                                                           call.services.clock.now()));
    return preferencesJson(db, call);
  });
}

}  // namespace

void addNotificationPreferenceRoutes(RouteTable& table) {
  table.add({Method::get, "/api/v1/me/notification-preferences", Audience::signed_in, access::self,
             getPreferences});
  table.add({Method::put, "/api/v1/me/notification-preferences", Audience::signed_in, access::self,
             putPreferences});
}

}  // namespace cartable::api
