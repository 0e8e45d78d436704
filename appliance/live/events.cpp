#include "live/events.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace cartable::live {
namespace {

std::string compact(const Poco::JSON::Object& object) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(object, out);
  return out.str();
}

}  // namespace

std::string formatEvent(std::string_view name, std::optional<std::int64_t> id,
                        std::string_view data) {
  std::string out;
  if (id) out += "id: " + std::to_string(*id) + "\n";
  out += "event: ";
  out += name;
  out += "\n";
  // A line break inside data would end the field: each line gets its own.
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = data.find('\n', start);
    out += "data: ";
    out += data.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    out += "\n";
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  out += "\n";
  return out;
}

std::string noticeEvent(const notifications::Notification& notice, std::int64_t unread) {
  Poco::JSON::Object object;
  object.set("id", notice.id);
  object.set("kind", notice.kind);
  object.set("title", notice.title);
  object.set("body", notice.body);
  object.set("link", notice.link);
  object.set("created_at", notice.created_at);
  object.set("unread", unread);
  return formatEvent("notification", notice.id, compact(object));
}

std::string unreadEvent(std::int64_t unread) {
  Poco::JSON::Object object;
  object.set("unread", unread);
  return formatEvent("unread", std::nullopt, compact(object));
}

std::string heartbeat() {
  return ":\n\n";
}

std::string retryAdvice(int milliseconds) {
  return "retry: " + std::to_string(milliseconds) + "\n\n";
}

}  // namespace cartable::live
