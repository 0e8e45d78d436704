// The live notification stream (server-sent events). The request reads the
// opening state on the worker pool, then hands its connection to the live
// hub, which holds every idle stream on one thread.
#include "api/access.h"
#include "api/routes.h"
#include "core/http/problem.h"
#include "live/events.h"
#include "live/hub.h"
#include "notifications/notifications.h"

namespace cartable::api {
namespace {

using http::Method;

constexpr int kReconnectMilliseconds = 5000;
constexpr int kReplayLimit = 50;  // notices a reconnecting client is given back

// The id of the last event the client saw: the EventSource's Last-Event-ID
// header on reconnection, or ?last_event_id= for a client that reopens itself.
Result<std::int64_t> lastSeen(Call& call) {
  const std::string header = call.request.header("last-event-id");
  if (header.empty()) return call.queryInt("last_event_id", 0, 0, INT64_MAX);
  try {
    std::size_t used = 0;
    const long long value = std::stoll(header, &used);
    if (used == header.size() && value >= 0) return value;
  } catch (const std::exception&) {
  }
  return makeError(Errc::invalid_argument, "Last-Event-ID must be a notification id",
                   "Last-Event-ID");
}

http::Response events(Call& call) {
  live::Hub& hub = call.services.live;
  if (Status room = hub.admit(); !room.ok()) {
    http::Response busy = http::problem(503, room.error().message);
    busy.setHeader("Retry-After", "30");
    return busy;
  }
  auto last_seen = lastSeen(call);
  if (!last_seen.ok()) return http::problem(last_seen.error());
  const std::int64_t me = call.who().user_id;
  live::Opening opening{me, call.who().session_id, 0};
  std::string opening_text = live::retryAdvice(kReconnectMilliseconds);
  const Status read = call.services.db.read([&](storage::Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(opening.cursor, notifications::latestId(db));
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t unread, notifications::unreadCount(db, me));
    if (*last_seen > 0) {
      CARTABLE_ASSIGN_OR_RETURN(
          auto missed, notifications::missedBy(db, me, *last_seen, opening.cursor, kReplayLimit));
      for (const auto& notice : missed) opening_text += live::noticeEvent(notice, unread);
    }
    opening_text += live::unreadEvent(unread);
    return okStatus();
  });
  if (!read.ok()) return http::problem(read.error());
  http::Response answer{200, "text/event-stream; charset=utf-8", std::move(opening_text), {}};
  answer.setHeader("X-Accel-Buffering", "no");  // a reverse proxy must not hold events back
  answer.stream = [&hub, opening](std::unique_ptr<http::StreamConnection> connection) {
    hub.adopt(std::move(connection), opening);
  };
  return answer;
}

}  // namespace

void addLiveRoutes(RouteTable& table) {
  table.add({Method::get, "/api/v1/me/events", Audience::signed_in, access::self, events});
}

}  // namespace cartable::api
