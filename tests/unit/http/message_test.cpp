#include "core/http/message.h"

#include <gtest/gtest.h>

#include "core/http/problem.h"

namespace cartable::http {
namespace {

TEST(HttpMessage, HeaderLookupIgnoresCase) {
  Request request;
  request.headers = {{"content-type", "application/json"}, {"x-a", "1"}, {"x-a", "2"}};
  EXPECT_EQ(request.header("Content-Type"), "application/json");
  EXPECT_EQ(request.header("X-A"), "1");
  EXPECT_EQ(request.header("missing"), "");
}

TEST(HttpMessage, CookieIsFoundAmongOthers) {
  Request request;
  request.headers = {{"cookie", "theme=dark; session=abc123;  csrf=\"x y\""}};
  EXPECT_EQ(request.cookie("session"), "abc123");
  EXPECT_EQ(request.cookie("csrf"), "x y");
  EXPECT_EQ(request.cookie("sess"), "");
  EXPECT_EQ(request.cookie("missing"), "");
}

TEST(HttpMessage, CookieIsSearchedInEveryCookieHeader) {
  Request request;
  request.headers = {{"cookie", "a=1"}, {"cookie", "b=2"}};
  EXPECT_EQ(request.cookie("b"), "2");
}

TEST(HttpMessage, SetHeaderReplacesSameNameIgnoringCase) {
  Response response;
  response.setHeader("Retry-After", "1");
  response.setHeader("retry-after", "5");
  response.setHeader("Allow", "GET");
  ASSERT_EQ(response.headers.size(), 2u);
  EXPECT_EQ(response.headers[0].second, "5");
}

TEST(HttpProblem, BodyFollowsRfc9457) {
  const Response response = problem(422, "\"email\" must be a string", "email");
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(response.content_type, "application/problem+json");
  EXPECT_EQ(response.body, R"({"type":"about:blank","title":"Unprocessable Entity","status":422,)"
                           R"("detail":"\"email\" must be a string","field":"email"})");
}

TEST(HttpProblem, FieldIsLeftOutWhenEmpty) {
  const Response response = problem(404, "no such user");
  EXPECT_EQ(response.body,
            R"({"type":"about:blank","title":"Not Found","status":404,"detail":"no such user"})");
}

TEST(HttpProblem, StatusForEachErrorCode) {
  EXPECT_EQ(statusFor(Errc::invalid_argument), 422);
  EXPECT_EQ(statusFor(Errc::not_found), 404);
  EXPECT_EQ(statusFor(Errc::already_exists), 409);
  EXPECT_EQ(statusFor(Errc::conflict), 409);
  EXPECT_EQ(statusFor(Errc::unauthenticated), 401);
  EXPECT_EQ(statusFor(Errc::permission_denied), 403);
  EXPECT_EQ(statusFor(Errc::failed_precondition), 409);
  EXPECT_EQ(statusFor(Errc::too_many_requests), 429);
  EXPECT_EQ(statusFor(Errc::resource_exhausted), 413);
  EXPECT_EQ(statusFor(Errc::unavailable), 503);
  EXPECT_EQ(statusFor(Errc::io_error), 500);
  EXPECT_EQ(statusFor(Errc::corrupt), 500);
  EXPECT_EQ(statusFor(Errc::internal), 500);
}

TEST(HttpProblem, FromErrorKeepsMessageAndField) {
  const Response response = problem(makeError(Errc::conflict, "stale version", "version"));
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(response.body, R"({"type":"about:blank","title":"Conflict","status":409,)"
                           R"("detail":"stale version","field":"version"})");
}

TEST(HttpProblem, InternalErrorDetailsStayOnTheServer) {
  const Response response =
      problem(makeError(Errc::io_error, "cannot write /var/lib/cartable/x", "path"));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("/var/lib"), std::string::npos);
  EXPECT_NE(response.body.find(R"("detail":"internal error")"), std::string::npos);
}

}  // namespace
}  // namespace cartable::http
