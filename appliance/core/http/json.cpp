#include "core/http/json.h"

#include <Poco/Exception.h>
#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <limits>
#include <sstream>

#include "core/base/utf8.h"

namespace cartable::http {
namespace {

using Poco::Dynamic::Var;

std::string quoted(const std::string& field) {
  return "\"" + field + "\"";
}

Error fieldError(const std::string& field, const std::string& problem) {
  return makeError(Errc::invalid_argument, quoted(field) + " " + problem, field);
}

// Checks one string value: type, encoding, control characters and length.
Result<std::string> checkedString(const Var& value, const std::string& field,
                                  std::size_t max_length) {
  if (!value.isString()) return fieldError(field, "must be a string");
  std::string text = value.extract<std::string>();
  const auto length = utf8::countCodePoints(text);
  if (!length) return fieldError(field, "is not valid UTF-8");
  if (utf8::hasControlCharacter(text)) {
    return fieldError(field, "must not contain control characters other than newline and tab");
  }
  if (*length > max_length) {
    return fieldError(field, "is longer than " + std::to_string(max_length) + " characters");
  }
  return text;
}

// The value of a JSON integer, or nothing for any other JSON value
// (booleans, 1.5, 1e3, "3") and for integers beyond the int64 range.
std::optional<std::int64_t> integerValue(const Var& value) {
  if (value.isBoolean() || !value.isInteger()) return std::nullopt;
  if (value.isSigned()) return value.convert<std::int64_t>();
  const auto unsigned_value = value.convert<std::uint64_t>();
  if (unsigned_value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(unsigned_value);
}

std::string serialise(const auto& value) {
  std::ostringstream out;
  value->stringify(out, 0);
  return out.str();
}

Response jsonBody(int status, std::string body) {
  Response response;
  response.status = status;
  response.content_type = "application/json; charset=utf-8";
  response.body = std::move(body);
  return response;
}

// Poco's parser reports no position; the stream position after the failure
// is one past the offending byte (or -1 once the whole text was read).
std::size_t errorOffset(std::istringstream& input, std::string_view message,
                        std::size_t body_size) {
  const auto position = static_cast<long long>(input.tellg());
  if (position <= 0 || message.find("end of text") != std::string_view::npos) return body_size;
  return static_cast<std::size_t>(position - 1);
}

bool startsWithObject(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

}  // namespace

bool isValidUtf8(std::string_view text) { return utf8::isValid(text); }

JsonObject::JsonObject(Poco::JSON::Object::Ptr object, std::string path_prefix)
    : object_(std::move(object)), prefix_(std::move(path_prefix)) {}

std::string JsonObject::fieldName(const std::string& key) const {
  return prefix_ + key;
}

bool JsonObject::has(const std::string& key) const {
  return object_->has(key);
}

Result<std::string> JsonObject::requiredString(const std::string& key,
                                               std::size_t max_length) const {
  CARTABLE_ASSIGN_OR_RETURN(auto value, optionalString(key, max_length));
  if (!value) return fieldError(fieldName(key), "is required");
  return std::move(*value);
}

Result<std::optional<std::string>> JsonObject::optionalString(const std::string& key,
                                                              std::size_t max_length) const {
  if (!object_->has(key) || object_->isNull(key)) return std::optional<std::string>{};
  CARTABLE_ASSIGN_OR_RETURN(auto text,
                            checkedString(object_->get(key), fieldName(key), max_length));
  return std::optional<std::string>(std::move(text));
}

Result<std::int64_t> JsonObject::requiredInt(const std::string& key, std::int64_t min,
                                             std::int64_t max) const {
  CARTABLE_ASSIGN_OR_RETURN(auto value, optionalInt(key, min, max));
  if (!value) return fieldError(fieldName(key), "is required");
  return *value;
}

Result<std::optional<std::int64_t>> JsonObject::optionalInt(const std::string& key,
                                                            std::int64_t min,
                                                            std::int64_t max) const {
  if (!object_->has(key) || object_->isNull(key)) return std::optional<std::int64_t>{};
  const auto number = integerValue(object_->get(key));
  if (!number || *number < min || *number > max) {
    return fieldError(fieldName(key), "must be an integer from " + std::to_string(min) + " to " +
                                          std::to_string(max));
  }
  return std::optional<std::int64_t>(*number);
}

Result<bool> JsonObject::requiredBool(const std::string& key) const {
  CARTABLE_ASSIGN_OR_RETURN(auto value, optionalBool(key));
  if (!value) return fieldError(fieldName(key), "is required");
  return *value;
}

Result<std::optional<bool>> JsonObject::optionalBool(const std::string& key) const {
  if (!object_->has(key) || object_->isNull(key)) return std::optional<bool>{};
  const Var value = object_->get(key);
  if (!value.isBoolean()) return fieldError(fieldName(key), "must be true or false");
  return std::optional<bool>(value.extract<bool>());
}

Result<std::vector<std::string>> JsonObject::stringArray(const std::string& key,
                                                         std::size_t max_items,
                                                         std::size_t max_length) const {
  const std::string field = fieldName(key);
  if (!object_->has(key) || object_->isNull(key)) return fieldError(field, "is required");
  if (!object_->isArray(key)) return fieldError(field, "must be an array of strings");
  const auto array = object_->getArray(key);
  if (array->size() > max_items) {
    return fieldError(field, "has more than " + std::to_string(max_items) + " items");
  }
  std::vector<std::string> items;
  items.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string item_field = field + "[" + std::to_string(i) + "]";
    CARTABLE_ASSIGN_OR_RETURN(
        auto item, checkedString(array->get(static_cast<unsigned>(i)), item_field, max_length));
    items.push_back(std::move(item));
  }
  return items;
}

Result<JsonObject> JsonObject::object(const std::string& key) const {
  const std::string field = fieldName(key);
  if (!object_->has(key) || object_->isNull(key)) return fieldError(field, "is required");
  if (!object_->isObject(key)) return fieldError(field, "must be an object");
  return JsonObject(object_->getObject(key), field + ".");
}

Status JsonObject::onlyKeys(std::initializer_list<std::string_view> allowed) const {
  // getNames() follows the text's order; iterating the object would sort.
  for (const auto& key : object_->getNames()) {
    bool known = false;
    for (const auto candidate : allowed) known = known || candidate == key;
    if (!known) {
      const std::string field = fieldName(key);
      return makeError(Errc::invalid_argument, "unknown field " + quoted(field), field);
    }
  }
  return okStatus();
}

Result<JsonObject> parseJsonObject(std::string_view body, int max_depth) {
  if (!isValidUtf8(body)) return makeError(Errc::malformed, "body is not valid UTF-8");
  if (body.empty()) {
    return makeError(Errc::malformed, "body is empty; a JSON object is expected");
  }
  // Checked first: Poco's messages for a top-level scalar are obscure.
  if (!startsWithObject(body))
    return makeError(Errc::malformed, "body must be a JSON object");
  std::istringstream input{std::string(body)};
  Var parsed;
  try {
    // Keeping key order makes onlyKeys() name the first unknown key of the text.
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    parser.setDepth(static_cast<std::size_t>(max_depth));
    parsed = parser.parse(input);
  } catch (const Poco::JSON::JSONException& error) {
    if (error.message().find("depth") != std::string::npos) {
      return makeError(Errc::malformed,
                       "JSON nested deeper than " + std::to_string(max_depth) + " levels");
    }
    return makeError(Errc::malformed,
                     "malformed JSON at byte " +
                         std::to_string(errorOffset(input, error.message(), body.size())) + ": " +
                         error.message());
  } catch (const Poco::SyntaxException&) {
    // Poco reports integers beyond 64 bits this way.
    return makeError(Errc::malformed, "malformed JSON: a number is out of range");
  } catch (const Poco::Exception& error) {
    return makeError(Errc::malformed, "malformed JSON: " + error.message());
  }
  return JsonObject(parsed.extract<Poco::JSON::Object::Ptr>());
}

Response jsonResponse(int status, const Poco::JSON::Object::Ptr& value) {
  return jsonBody(status, serialise(value));
}

Response jsonResponse(int status, const Poco::JSON::Array::Ptr& value) {
  return jsonBody(status, serialise(value));
}

Poco::JSON::Object::Ptr newObject() {
  return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

}  // namespace cartable::http
