// JSON bodies in and out, with errors that name the field at fault.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/http/message.h"

namespace cartable::http {

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates).
bool isValidUtf8(std::string_view text);

// Read access to one JSON object of a request body. Each accessor fails with
// invalid_argument naming the field (dotted for nested objects) when the
// value is missing (for required ones), of the wrong type or out of range.
class JsonObject {
 public:
  JsonObject(Poco::JSON::Object::Ptr object, std::string path_prefix = {});

  bool has(const std::string& key) const;
  Result<std::string> requiredString(const std::string& key, std::size_t max_length = 1000) const;
  Result<std::optional<std::string>> optionalString(const std::string& key,
                                                    std::size_t max_length = 1000) const;
  Result<std::int64_t> requiredInt(const std::string& key, std::int64_t min,
                                   std::int64_t max) const;
  Result<std::optional<std::int64_t>> optionalInt(const std::string& key, std::int64_t min,
                                                  std::int64_t max) const;
  Result<bool> requiredBool(const std::string& key) const;
  Result<std::optional<bool>> optionalBool(const std::string& key) const;
  Result<std::vector<std::string>> stringArray(const std::string& key, std::size_t max_items,
                                               std::size_t max_length = 1000) const;
  Result<JsonObject> object(const std::string& key) const;
  // Fails naming the first key not in `allowed` (unknown fields are refused).
  Status onlyKeys(std::initializer_list<std::string_view> allowed) const;

  const Poco::JSON::Object::Ptr& raw() const { return object_; }

 private:
  std::string fieldName(const std::string& key) const;
  Poco::JSON::Object::Ptr object_;
  std::string prefix_;
};

// Parses a request body that must be a JSON object. Refuses invalid UTF-8,
// malformed JSON (with the byte offset), nesting deeper than `max_depth`, and
// a top-level value that is not an object.
Result<JsonObject> parseJsonObject(std::string_view body, int max_depth);

// Serialises `value` as a response with `status`.
Response jsonResponse(int status, const Poco::JSON::Object::Ptr& value);
Response jsonResponse(int status, const Poco::JSON::Array::Ptr& value);

// A new object that keeps keys in insertion order (stable output).
Poco::JSON::Object::Ptr newObject();

}  // namespace cartable::http
