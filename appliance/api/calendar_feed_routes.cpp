// The private iCalendar subscription: its owner issues, reads and revokes it;
// calendar clients fetch it with the secret token alone (it is the credential,
// in the query string so that access logs never record it).
#include "api/access.h"
#include "api/routes.h"
#include "calendar_feed/feed.h"
#include "core/http/problem.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;

constexpr const char* kFeedPath = "/ical/feed.ics";

std::string feedUrl(const Call& call, const std::string& token) {
  return std::string(call.request.secure ? "https://" : "http://") + call.request.header("host") +
         kFeedPath + "?token=" + token;
}

http::Response feedState(Call& call) {
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto issued, calendar_feed::issuedAt(db, call.who().user_id));
    auto out = http::newObject();
    out->set("active", issued.has_value());
    if (issued) out->set("issued_at", *issued);
    return out;
  });
}

http::Response issueFeed(Call& call) {
  return writeJson(call, 201, [&](Connection& db) -> Json {
    const Seconds now = call.services.clock.now();
    CARTABLE_ASSIGN_OR_RETURN(
        std::string token,
        calendar_feed::issueToken(db, call.who().user_id, call.services.random, now));
    auto out = http::newObject();
    out->set("active", true);
    out->set("issued_at", now);
    out->set("url", feedUrl(call, token));
    return out;
  });
}

http::Response revokeFeed(Call& call) {
  Status revoked = call.services.db.write(
      [&](Connection& db) { return calendar_feed::revokeToken(db, call.who().user_id); });
  if (!revoked.ok()) return http::problem(revoked.error());
  return http::Response{204, "", "", {}};
}

http::Response serveFeed(Call& call) {
  const auto token = call.request.query.find("token");
  const auto& settings = call.services.settings;
  std::string body;
  Status rendered = call.services.db.read([&](Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(
        auto owner,
        calendar_feed::ownerOf(db, token == call.request.query.end() ? "" : token->second));
    if (!owner) return makeError(Errc::not_found, "no such calendar feed");
    calendar_feed::FeedOptions options;
    options.uai = settings.school ? settings.school->uai : "hub";
    options.school_name = settings.school ? settings.school->name : "";
    options.now = call.services.clock.now();
    CARTABLE_ASSIGN_OR_RETURN(body, calendar_feed::render(db, *owner, options));
    return okStatus();
  });
  if (!rendered.ok()) return http::problem(rendered.error());
  http::Response response{200, "text/calendar; charset=utf-8", std::move(body), {}};
  response.setHeader("Cache-Control", "private, max-age=900");
  return response;
}

}  // namespace

void addCalendarFeedRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  table.add({Method::get, "/api/v1/me/calendar-feed", signed_in, access::self, feedState});
  table.add({Method::post, "/api/v1/me/calendar-feed", signed_in, access::self, issueFeed});
  table.add({Method::del, "/api/v1/me/calendar-feed", signed_in, access::self, revokeFeed});
  table.add({Method::get, kFeedPath, Audience::anyone, nullptr, serveFeed});
}

}  // namespace cartable::api
