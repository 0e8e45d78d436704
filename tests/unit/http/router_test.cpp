#include "core/http/router.h"

#include <gtest/gtest.h>

namespace cartable::http {
namespace {

Handler answering(std::string text) {
  return [text](Request&) {
    Response response;
    response.body = text;
    return response;
  };
}

Request requestFor(Method method, std::string path) {
  Request request;
  request.method = method;
  request.path = std::move(path);
  return request;
}

std::string bodyOf(const Router::Lookup& lookup, Request& request) {
  return lookup.route->handler(request).body;
}

TEST(HttpRouter, MatchesLiteralPath) {
  Router router;
  router.add(Method::get, "/healthz", answering("health"));
  auto request = requestFor(Method::get, "/healthz");
  const auto lookup = router.find(request);
  ASSERT_EQ(lookup.match, Router::Match::found);
  EXPECT_EQ(bodyOf(lookup, request), "health");
}

TEST(HttpRouter, FillsPathParameters) {
  Router router;
  router.add(Method::get, "/api/v1/users/{id}/sessions/{session}", answering("sessions"));
  auto request = requestFor(Method::get, "/api/v1/users/42/sessions/abc");
  ASSERT_EQ(router.find(request).match, Router::Match::found);
  EXPECT_EQ(request.path_params.at("id"), "42");
  EXPECT_EQ(request.path_params.at("session"), "abc");
}

TEST(HttpRouter, LiteralSegmentWinsOverParameterWhateverTheOrderAdded) {
  Router router;
  router.add(Method::get, "/users/{id}", answering("by id"));
  router.add(Method::get, "/users/me", answering("me"));
  auto me = requestFor(Method::get, "/users/me");
  EXPECT_EQ(bodyOf(router.find(me), me), "me");
  EXPECT_TRUE(me.path_params.empty());
  auto other = requestFor(Method::get, "/users/7");
  EXPECT_EQ(bodyOf(router.find(other), other), "by id");
}

TEST(HttpRouter, EarlierLiteralSegmentDecidesBetweenPartialMatches) {
  Router router;
  router.add(Method::get, "/{kind}/list", answering("kind list"));
  router.add(Method::get, "/users/{id}", answering("user"));
  auto request = requestFor(Method::get, "/users/list");
  EXPECT_EQ(bodyOf(router.find(request), request), "user");
}

TEST(HttpRouter, TrailingSlashIsAnotherPath) {
  Router router;
  router.add(Method::get, "/users", answering("users"));
  auto request = requestFor(Method::get, "/users/");
  EXPECT_EQ(router.find(request).match, Router::Match::not_found);
}

TEST(HttpRouter, ParameterDoesNotMatchEmptySegment) {
  Router router;
  router.add(Method::get, "/users/{id}", answering("user"));
  auto request = requestFor(Method::get, "/users/");
  EXPECT_EQ(router.find(request).match, Router::Match::not_found);
}

TEST(HttpRouter, UnknownPathIsNotFound) {
  Router router;
  router.add(Method::get, "/users", answering("users"));
  auto request = requestFor(Method::get, "/groups");
  const auto lookup = router.find(request);
  EXPECT_EQ(lookup.match, Router::Match::not_found);
  EXPECT_EQ(lookup.route, nullptr);
}

TEST(HttpRouter, OtherMethodOnKnownPathListsAllowedMethods) {
  Router router;
  router.add(Method::get, "/users/{id}", answering("get"));
  router.add(Method::del, "/users/{id}", answering("delete"));
  router.add(Method::patch, "/users/{id}", answering("patch"));
  auto request = requestFor(Method::post, "/users/3");
  const auto lookup = router.find(request);
  ASSERT_EQ(lookup.match, Router::Match::method_not_allowed);
  EXPECT_EQ(lookup.allowed, (std::vector<Method>{Method::get, Method::patch, Method::del}));
}

TEST(HttpRouter, MethodIsMatchedBeforeLiteralPreference) {
  Router router;
  router.add(Method::get, "/users/me", answering("me"));
  router.add(Method::del, "/users/{id}", answering("delete by id"));
  auto request = requestFor(Method::del, "/users/me");
  const auto lookup = router.find(request);
  ASSERT_EQ(lookup.match, Router::Match::found);
  EXPECT_EQ(bodyOf(lookup, request), "delete by id");
  EXPECT_EQ(request.path_params.at("id"), "me");
}

TEST(HttpRouter, RootPatternMatchesOnlyRoot) {
  Router router;
  router.add(Method::get, "/", answering("root"));
  auto root = requestFor(Method::get, "/");
  EXPECT_EQ(router.find(root).match, Router::Match::found);
  auto other = requestFor(Method::get, "/x");
  EXPECT_EQ(router.find(other).match, Router::Match::not_found);
}

TEST(HttpRouter, MethodNamesRoundTrip) {
  for (const Method method : {Method::get, Method::post, Method::put, Method::patch, Method::del}) {
    EXPECT_EQ(parseMethod(methodName(method)), method);
  }
  EXPECT_EQ(methodName(Method::del), "DELETE");
  EXPECT_FALSE(parseMethod("get").has_value());  // method names are case-sensitive
  EXPECT_FALSE(parseMethod("BREW").has_value());
}

#ifndef NDEBUG
TEST(HttpRouterDeathTest, AddingTheSameRouteTwiceAsserts) {
  Router router;
  router.add(Method::get, "/users/{id}", answering("a"));
  EXPECT_DEATH(router.add(Method::get, "/users/{user}", answering("b")), "duplicate route");
}
#endif

}  // namespace
}  // namespace cartable::http
