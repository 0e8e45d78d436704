#include "api/call.h"

#include <charconv>

namespace cartable::api {
namespace {

Result<std::int64_t> parseInteger(const std::string& text, const std::string& name,
                                  std::int64_t min, std::int64_t max) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return makeError(Errc::invalid_argument,
                     "\"" + name + "\" must be an integer from " + std::to_string(min) + " to " +
                         std::to_string(max),
                     name);
  }
  return value;
}

}  // namespace

accounts::Origin Call::origin() const {
  return accounts::Origin{request.remote_address, request.header("user-agent")};
}

Result<http::JsonObject> Call::body() const {
  // Browsers cannot send this type across sites without a preflight, which
  // rules out forged form posts (login CSRF included).
  const std::string type = request.header("content-type");
  const std::string media = type.substr(0, type.find(';'));
  if (media != "application/json") {
    return makeError(Errc::malformed, "Content-Type must be application/json", "Content-Type");
  }
  return http::parseJsonObject(request.body, services.settings.limits.max_json_depth);
}

Result<std::int64_t> Call::pathId(const std::string& name) const {
  const auto found = request.path_params.find(name);
  if (found == request.path_params.end()) {
    return makeError(Errc::internal, "route has no parameter " + name);
  }
  auto id = parseInteger(found->second, name, 1, INT64_MAX);
  if (!id.ok()) return makeError(Errc::not_found, "no such " + name + ": " + found->second, name);
  return id;
}

Result<std::int64_t> Call::queryInt(const std::string& name, std::int64_t fallback,
                                    std::int64_t min, std::int64_t max) const {
  const auto found = request.query.find(name);
  if (found == request.query.end()) return fallback;
  return parseInteger(found->second, name, min, max);
}

}  // namespace cartable::api
