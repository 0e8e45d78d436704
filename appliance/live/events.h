// The text of server-sent events (WHATWG HTML, "Server-sent events") as the
// live stream writes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "notifications/notifications.h"

namespace cartable::live {

// One event: "id:" (when given), "event:", one "data:" line per line of
// `data`, then a blank line.
std::string formatEvent(std::string_view name, std::optional<std::int64_t> id,
                        std::string_view data);

// A "notification" event carrying the notice and the person's unread count;
// its id is the notice's, so a reconnecting client resumes after it.
std::string noticeEvent(const notifications::Notification& notice, std::int64_t unread);

// An "unread" event: the count alone (sent when a stream opens).
std::string unreadEvent(std::int64_t unread);

// A comment line: keeps proxies and NAT tables from closing an idle stream.
std::string heartbeat();

// The reconnection delay a client should wait, in milliseconds.
std::string retryAdvice(int milliseconds);

}  // namespace cartable::live
