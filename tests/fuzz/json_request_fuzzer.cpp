// A request body as the routes read it (api/call.cpp): parseJsonObject with
// the default depth limit, then every accessor on every field, nested objects
// included.
#include <limits>

#include "core/http/json.h"
#include "fuzz_bytes.h"

namespace {

using cartable::http::JsonObject;

constexpr int kMaxDepth = 32;  // limits.max_json_depth's default

void readEveryField(const JsonObject& object, int depth) {
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  std::vector<std::string> keys;
  object.raw()->getNames(keys);
  for (const std::string& key : keys) {
    cartable::fuzz::require(object.has(key), "a listed key is there");
    (void)object.optionalString(key, 20);
    (void)object.requiredString(key);
    (void)object.optionalInt(key, kMin, kMax);
    (void)object.requiredInt(key, -5, 5);
    (void)object.optionalBool(key);
    (void)object.stringArray(key, 4, 10);
    auto nested = object.object(key);
    if (nested.ok()) {
      cartable::fuzz::require(depth < kMaxDepth, "nesting stays within the limit");
      readEveryField(*nested, depth + 1);
    } else {
      cartable::fuzz::require(!nested.error().message.empty(), "an error says what is wrong");
    }
  }
  (void)object.onlyKeys({"title", "text", "recipients"});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = cartable::fuzz::asText(data, size);
  auto parsed = cartable::http::parseJsonObject(body, kMaxDepth);
  if (parsed.ok()) {
    cartable::fuzz::require(cartable::http::isValidUtf8(body), "only UTF-8 is accepted");
    readEveryField(*parsed, 1);
  } else {
    cartable::fuzz::require(!parsed.error().message.empty(), "an error says what is wrong");
  }
  return 0;
}
