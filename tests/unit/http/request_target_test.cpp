#include "core/http/request_target.h"

#include <gtest/gtest.h>

namespace cartable::http {
namespace {

TEST(HttpRequestTarget, DecodesPathAndQuery) {
  const auto target = parseRequestTarget("/caf%C3%A9/a%20b?q=hello+world%21&empty=&flag&q=second");
  ASSERT_TRUE(target.ok()) << target.error().message;
  EXPECT_EQ(target->raw_path, "/caf%C3%A9/a%20b");
  EXPECT_EQ(target->path, "/café/a b");
  EXPECT_EQ(target->query.at("q"), "hello world!");  // the first value wins
  EXPECT_EQ(target->query.at("empty"), "");
  EXPECT_EQ(target->query.at("flag"), "");
}

TEST(HttpRequestTarget, PlusIsLiteralInThePath) {
  EXPECT_EQ(parseRequestTarget("/a+b")->path, "/a+b");
}

TEST(HttpRequestTarget, AcceptsAbsoluteForm) {
  const auto target = parseRequestTarget("https://school.example:8443/api/v1/x?y=1");
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(target->path, "/api/v1/x");
  EXPECT_EQ(target->query.at("y"), "1");
  EXPECT_EQ(parseRequestTarget("http://host")->path, "/");
}

TEST(HttpRequestTarget, RefusesBadEscapes) {
  for (const char* text : {"/a%ZZ", "/a%4", "/a%"}) {
    const auto target = parseRequestTarget(text);
    ASSERT_FALSE(target.ok()) << text;
    EXPECT_EQ(target.error().message,
              "request path is not valid percent-encoded UTF-8 without NUL");
  }
}

TEST(HttpRequestTarget, RefusesNulAndInvalidUtf8) {
  EXPECT_FALSE(parseRequestTarget("/a%00b").ok());
  EXPECT_FALSE(parseRequestTarget("/a%C0%AF").ok());  // overlong '/'
  const auto query = parseRequestTarget("/a?x=%FF");
  ASSERT_FALSE(query.ok());
  EXPECT_EQ(query.error().message, "query string is not valid percent-encoded UTF-8 without NUL");
}

TEST(HttpRequestTarget, RefusesTargetsThatAreNotPaths) {
  EXPECT_EQ(parseRequestTarget("*").error().message, "request target must be an absolute path");
  EXPECT_FALSE(parseRequestTarget("users").ok());
}

}  // namespace
}  // namespace cartable::http
