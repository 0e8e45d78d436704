#include "core/http/json.h"

#include <gtest/gtest.h>

namespace cartable::http {
namespace {

JsonObject parsed(std::string_view text) {
  auto result = parseJsonObject(text, 32);
  EXPECT_TRUE(result.ok()) << result.error().message;
  return std::move(result).value();
}

// The error of `result`, which must have failed.
template <class T>
Error errorOf(const Result<T>& result) {
  EXPECT_FALSE(result.ok());
  return result.ok() ? Error{} : result.error();
}

std::string nested(int depth) {
  std::string text;
  for (int i = 1; i < depth; ++i) text += "{\"a\":";
  text += "{}";
  for (int i = 1; i < depth; ++i) text += "}";
  return text;
}

TEST(HttpUtf8, AcceptsWellFormedText) {
  EXPECT_TRUE(isValidUtf8(""));
  EXPECT_TRUE(isValidUtf8("plain ASCII"));
  EXPECT_TRUE(isValidUtf8("Collège élève"));
  EXPECT_TRUE(isValidUtf8("\xE2\x82\xAC"));      // U+20AC, 3 bytes
  EXPECT_TRUE(isValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600, 4 bytes
  EXPECT_TRUE(isValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
  EXPECT_TRUE(isValidUtf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  EXPECT_TRUE(isValidUtf8(std::string_view("a\0b", 3)));
}

TEST(HttpUtf8, RefusesOverlongForms) {
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));  // '/' in 2 bytes
  EXPECT_FALSE(isValidUtf8("\xC1\xBF"));
  EXPECT_FALSE(isValidUtf8("\xE0\x80\xAF"));      // '/' in 3 bytes
  EXPECT_FALSE(isValidUtf8("\xF0\x80\x80\xAF"));  // '/' in 4 bytes
}

TEST(HttpUtf8, RefusesSurrogatesAndCodePointsAboveTheLast) {
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));      // U+D800
  EXPECT_FALSE(isValidUtf8("\xED\xBF\xBF"));      // U+DFFF
  EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(isValidUtf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(isValidUtf8("\xFF"));
}

TEST(HttpUtf8, RefusesTruncatedAndStrayBytes) {
  EXPECT_FALSE(isValidUtf8("\xE2\x82"));  // 3-byte sequence cut short
  EXPECT_FALSE(isValidUtf8("abc\xF0\x9F\x98"));
  EXPECT_FALSE(isValidUtf8("\x80"));      // continuation without lead
  EXPECT_FALSE(isValidUtf8("\xC3\x28"));  // lead followed by ASCII
}

TEST(HttpJsonParse, ReadsAnObject) {
  const JsonObject object = parsed(R"({"name":"Ada","age":36})");
  EXPECT_TRUE(object.has("name"));
  EXPECT_FALSE(object.has("email"));
}

TEST(HttpJsonParse, RefusesInvalidUtf8) {
  const Error error = errorOf(parseJsonObject("{\"name\":\"\xC0\xAF\"}", 32));
  EXPECT_EQ(error.code, Errc::malformed);
  EXPECT_EQ(error.message, "body is not valid UTF-8");
  EXPECT_EQ(error.field, "");
}

TEST(HttpJsonParse, MalformedJsonNamesTheByteOffset) {
  const Error error = errorOf(parseJsonObject(R"({"a":1,   x })", 32));
  EXPECT_EQ(error.code, Errc::malformed);
  EXPECT_EQ(error.message, "malformed JSON at byte 10: unexpected byte 'x' in value");
}

TEST(HttpJsonParse, TruncatedJsonPointsAtTheEnd) {
  const Error error = errorOf(parseJsonObject(R"({"a":)", 32));
  EXPECT_EQ(error.message.rfind("malformed JSON at byte 5: ", 0), 0u) << error.message;
}

TEST(HttpJsonParse, RefusesTrailingGarbage) {
  const Error error = errorOf(parseJsonObject(R"({"a":1} {})", 32));
  EXPECT_NE(error.message.find("malformed JSON"), std::string::npos) << error.message;
}

TEST(HttpJsonParse, RefusesEmptyBody) {
  EXPECT_EQ(errorOf(parseJsonObject("", 32)).message, "body is empty; a JSON object is expected");
}

TEST(HttpJsonParse, RefusesTopLevelValueThatIsNotAnObject) {
  EXPECT_EQ(errorOf(parseJsonObject("[1,2]", 32)).message, "body must be a JSON object");
  EXPECT_EQ(errorOf(parseJsonObject("\"text\"", 32)).message, "body must be a JSON object");
}

TEST(HttpJsonParse, AcceptsNestingUpToTheDepthLimit) {
  EXPECT_TRUE(parseJsonObject(nested(4), 4).ok());
}

TEST(HttpJsonParse, RefusesNestingBeyondTheDepthLimit) {
  const Error error = errorOf(parseJsonObject(nested(5), 4));
  EXPECT_EQ(error.code, Errc::malformed);
  EXPECT_EQ(error.message, "JSON nested deeper than 4 levels");
}

TEST(HttpJsonParse, ArraysCountTowardsDepth) {
  EXPECT_TRUE(parseJsonObject(R"({"a":[[1]]})", 3).ok());
  EXPECT_EQ(errorOf(parseJsonObject(R"({"a":[[1]]})", 2)).message,
            "JSON nested deeper than 2 levels");
}

TEST(HttpJsonParse, NumbersBeyondSixtyFourBitsAreRefused) {
  EXPECT_EQ(errorOf(parseJsonObject(R"({"n":99999999999999999999999})", 32)).message,
            "malformed JSON: a number is out of range");
}

TEST(HttpJsonString, ReturnsTheValue) {
  const JsonObject object = parsed(R"({"name":"Zoé \"Z\"\n"})");
  EXPECT_EQ(object.requiredString("name").value(), "Zoé \"Z\"\n");
}

TEST(HttpJsonString, MissingRequiredStringIsNamed) {
  const Error error = errorOf(parsed("{}").requiredString("name"));
  EXPECT_EQ(error.code, Errc::invalid_argument);
  EXPECT_EQ(error.message, "\"name\" is required");
  EXPECT_EQ(error.field, "name");
}

TEST(HttpJsonString, NullCountsAsMissing) {
  EXPECT_EQ(errorOf(parsed(R"({"name":null})").requiredString("name")).message,
            "\"name\" is required");
  EXPECT_FALSE(parsed(R"({"name":null})").optionalString("name").value().has_value());
}

TEST(HttpJsonString, WrongTypeIsNamed) {
  const Error error = errorOf(parsed(R"({"email":42})").requiredString("email"));
  EXPECT_EQ(error.message, "\"email\" must be a string");
  EXPECT_EQ(error.field, "email");
}

TEST(HttpJsonString, LengthCountsCharactersNotBytes) {
  const JsonObject object = parsed(R"({"name":"ééééé"})");  // 5 characters, 10 bytes
  EXPECT_TRUE(object.requiredString("name", 5).ok());
  const Error error = errorOf(object.requiredString("name", 4));
  EXPECT_EQ(error.message, "\"name\" is longer than 4 characters");
  EXPECT_EQ(error.field, "name");
}

TEST(HttpJsonString, RefusesControlCharactersButNewlineAndTab) {
  EXPECT_TRUE(parsed(R"({"text":"a\tb\nc"})").requiredString("text").ok());
  const Error error = errorOf(parsed(R"({"text":"a\u0007b"})").requiredString("text"));
  EXPECT_EQ(error.message,
            "\"text\" must not contain control characters other than newline and tab");
  EXPECT_EQ(errorOf(parsed(R"({"text":"a\u0000b"})").requiredString("text")).field, "text");
  EXPECT_FALSE(parsed(R"({"text":"\r"})").optionalString("text").ok());
}

TEST(HttpJsonString, OptionalStringMissingIsEmpty) {
  const auto value = parsed("{}").optionalString("nickname");
  ASSERT_TRUE(value.ok());
  EXPECT_FALSE(value->has_value());
  EXPECT_EQ(*parsed(R"({"nickname":"Bob"})").optionalString("nickname").value(), "Bob");
  EXPECT_EQ(errorOf(parsed(R"({"nickname":[]})").optionalString("nickname")).message,
            "\"nickname\" must be a string");
}

TEST(HttpJsonInt, AcceptsIntegersInRange) {
  const JsonObject object = parsed(R"({"age":150,"low":-3,"zero":0})");
  EXPECT_EQ(object.requiredInt("age", 0, 150).value(), 150);
  EXPECT_EQ(object.requiredInt("low", -5, 5).value(), -3);
  EXPECT_EQ(object.requiredInt("zero", 0, 0).value(), 0);
}

TEST(HttpJsonInt, OutOfRangeNamesTheRange) {
  const Error error = errorOf(parsed(R"({"age":151})").requiredInt("age", 0, 150));
  EXPECT_EQ(error.message, "\"age\" must be an integer from 0 to 150");
  EXPECT_EQ(error.field, "age");
  EXPECT_FALSE(parsed(R"({"age":-1})").requiredInt("age", 0, 150).ok());
}

TEST(HttpJsonInt, RefusesEverythingButJsonIntegers) {
  for (const char* text : {R"({"age":1.5})", R"({"age":"3"})", R"({"age":true})", R"({"age":1e3})",
                           R"({"age":[1]})", R"({"age":{}})"}) {
    EXPECT_EQ(errorOf(parsed(text).requiredInt("age", 0, 2000)).message,
              "\"age\" must be an integer from 0 to 2000")
        << text;
  }
}

TEST(HttpJsonInt, HandlesTheWholeSixtyFourBitRange) {
  const JsonObject object = parsed(
      R"({"min":-9223372036854775808,"max":9223372036854775807,"over":9223372036854775808})");
  constexpr auto lowest = std::numeric_limits<std::int64_t>::min();
  constexpr auto highest = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(object.requiredInt("min", lowest, highest).value(), lowest);
  EXPECT_EQ(object.requiredInt("max", lowest, highest).value(), highest);
  EXPECT_FALSE(object.requiredInt("over", lowest, highest).ok());
}

TEST(HttpJsonInt, MissingRequiredAndOptional) {
  EXPECT_EQ(errorOf(parsed("{}").requiredInt("age", 0, 150)).message, "\"age\" is required");
  EXPECT_FALSE(parsed("{}").optionalInt("age", 0, 150).value().has_value());
  EXPECT_EQ(*parsed(R"({"age":7})").optionalInt("age", 0, 150).value(), 7);
  EXPECT_EQ(errorOf(parsed(R"({"age":700})").optionalInt("age", 0, 150)).field, "age");
}

TEST(HttpJsonBool, ReadsTrueAndFalse) {
  const JsonObject object = parsed(R"({"yes":true,"no":false})");
  EXPECT_TRUE(object.requiredBool("yes").value());
  EXPECT_FALSE(object.requiredBool("no").value());
  EXPECT_FALSE(object.optionalBool("maybe").value().has_value());
  EXPECT_EQ(*object.optionalBool("no").value(), false);
}

TEST(HttpJsonBool, WrongTypeAndMissing) {
  EXPECT_EQ(errorOf(parsed(R"({"archived":1})").requiredBool("archived")).message,
            "\"archived\" must be true or false");
  EXPECT_EQ(errorOf(parsed(R"({"archived":"true"})").optionalBool("archived")).field, "archived");
  EXPECT_EQ(errorOf(parsed("{}").requiredBool("archived")).message, "\"archived\" is required");
}

TEST(HttpJsonArray, ReadsStrings) {
  const auto tags = parsed(R"({"tags":["a","b"]})").stringArray("tags", 5);
  ASSERT_TRUE(tags.ok());
  EXPECT_EQ(*tags, (std::vector<std::string>{"a", "b"}));
}

TEST(HttpJsonArray, ErrorsNameTheArrayOrTheItem) {
  EXPECT_EQ(errorOf(parsed("{}").stringArray("tags", 5)).message, "\"tags\" is required");
  EXPECT_EQ(errorOf(parsed(R"({"tags":"a"})").stringArray("tags", 5)).message,
            "\"tags\" must be an array of strings");
  EXPECT_EQ(errorOf(parsed(R"({"tags":["a","b","c"]})").stringArray("tags", 2)).message,
            "\"tags\" has more than 2 items");
  const Error item = errorOf(parsed(R"({"tags":["a",3]})").stringArray("tags", 5));
  EXPECT_EQ(item.message, "\"tags[1]\" must be a string");
  EXPECT_EQ(item.field, "tags[1]");
  EXPECT_EQ(errorOf(parsed(R"({"tags":["abc"]})").stringArray("tags", 5, 2)).message,
            "\"tags[0]\" is longer than 2 characters");
}

TEST(HttpJsonObject, NestedErrorsUseDottedFieldNames) {
  const JsonObject object = parsed(R"({"address":{"city":7,"geo":{"lat":"x"}}})");
  const auto address = object.object("address");
  ASSERT_TRUE(address.ok());
  const Error city = errorOf(address->requiredString("city"));
  EXPECT_EQ(city.message, "\"address.city\" must be a string");
  EXPECT_EQ(city.field, "address.city");
  const auto geo = address->object("geo");
  ASSERT_TRUE(geo.ok());
  EXPECT_EQ(errorOf(geo->requiredInt("lat", -90, 90)).field, "address.geo.lat");
  EXPECT_EQ(errorOf(address->onlyKeys({"city"})).message, "unknown field \"address.geo\"");
}

TEST(HttpJsonObject, WrongTypeAndMissing) {
  EXPECT_EQ(errorOf(parsed(R"({"address":"Paris"})").object("address")).message,
            "\"address\" must be an object");
  EXPECT_EQ(errorOf(parsed("{}").object("address")).message, "\"address\" is required");
}

TEST(HttpJsonObject, OnlyKeysNamesTheFirstUnknownKeyInTextOrder) {
  const JsonObject object = parsed(R"({"name":"a","zeta":1,"alpha":2})");
  const Error error = errorOf(object.onlyKeys({"name"}));
  EXPECT_EQ(error.code, Errc::invalid_argument);
  EXPECT_EQ(error.message, "unknown field \"zeta\"");
  EXPECT_EQ(error.field, "zeta");
  EXPECT_TRUE(object.onlyKeys({"alpha", "name", "zeta"}).ok());
}

TEST(HttpJsonResponse, SerialisesCompactlyInInsertionOrder) {
  auto body = newObject();
  body->set("zeta", 1);
  body->set("alpha", "é");
  const Response response = jsonResponse(201, body);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(response.body, R"({"zeta":1,"alpha":"é"})");
}

TEST(HttpJsonResponse, SerialisesArrays) {
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  items->add(1);
  items->add("two");
  EXPECT_EQ(jsonResponse(200, items).body, R"([1,"two"])");
}

}  // namespace
}  // namespace cartable::http
