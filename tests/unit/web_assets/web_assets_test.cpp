#include "web_assets/web_assets.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/http/server_io.h"
#include "unit/http/http_test_support.h"

namespace cartable::web_assets {
namespace {

using http::testing::get;
using http::testing::rawExchange;
using http::testing::RawResponse;
using http::testing::TempDir;
using http::testing::TestServer;

constexpr const char* kIndexHtml = "<!doctype html><title>Cartable</title>";
constexpr const char* kSecret = "outside the web root";

RawResponse exchange(std::uint16_t port, const std::string& method, const std::string& target,
                     const std::string& extra_headers = "") {
  return rawExchange(port, method + " " + target + " HTTP/1.1\r\nHost: test\r\n" + extra_headers +
                               "Connection: close\r\n\r\n");
}

RawResponse page(std::uint16_t port, const std::string& target) {
  return exchange(port, "GET", target, "Accept: text/html,application/xhtml+xml\r\n");
}

class WebAssetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("web/index.html", kIndexHtml);
    dir_.write("web/assets/app-3f9a1c.js", "console.log(1)");
    dir_.write("web/assets/app-3f9a1c.css", "body{}");
    dir_.write("web/manifest.webmanifest", "{}");
    dir_.write("web/sw.js", "self");
    dir_.write("web/icons/icon.svg", "<svg/>");
    dir_.write("web/.env", "hidden");
    dir_.write("secret.txt", kSecret);
    std::filesystem::create_symlink("../secret.txt", dir_.path() / "web/escape.txt");
    std::filesystem::create_symlink("assets/app-3f9a1c.js", dir_.path() / "web/alias.js");
    server_.router.add(http::Method::get, "/api/v1/ping", [](http::Request&) {
      http::Response response;
      response.body = "{}";
      return response;
    });
    server_.router.add(http::Method::post, "/api/v1/session",
                       [](http::Request&) { return http::Response{}; });
  }
  void start(const std::string& web_root) {
    install(server_.router, web_root);
    const Status started = server_.start();
    ASSERT_TRUE(started.ok()) << started.error().message;
  }
  void start() { start(root()); }
  std::string root() const { return dir_.file("web"); }
  std::uint16_t port() const { return server_.port(); }

  TempDir dir_;
  TestServer server_;
};

TEST_F(WebAssetsTest, RootServesIndexRevalidatedEachTime) {
  start();
  const auto answer = get(port(), "/");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, kIndexHtml);
  EXPECT_EQ(answer.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(answer.header("cache-control"), "no-cache");
}

TEST_F(WebAssetsTest, HashedAssetsAreCachedForAYearAsImmutable) {
  start();
  const auto script = get(port(), "/assets/app-3f9a1c.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.body, "console.log(1)");
  EXPECT_EQ(script.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(script.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(get(port(), "/assets/app-3f9a1c.css").header("content-type"),
            "text/css; charset=utf-8");
}

TEST_F(WebAssetsTest, ManifestServiceWorkerAndIconsAreRevalidated) {
  start();
  const auto manifest = get(port(), "/manifest.webmanifest");
  EXPECT_EQ(manifest.header("content-type"), "application/manifest+json");
  EXPECT_EQ(manifest.header("cache-control"), "no-cache");
  EXPECT_EQ(get(port(), "/sw.js").header("cache-control"), "no-cache");
  EXPECT_EQ(get(port(), "/icons/icon.svg").header("content-type"), "image/svg+xml");
}

TEST_F(WebAssetsTest, MatchingEntityTagGivesNotModifiedWithoutBody) {
  start();
  const auto first = get(port(), "/assets/app-3f9a1c.js");
  const std::string tag = first.header("etag");
  ASSERT_FALSE(tag.empty());
  const auto again =
      exchange(port(), "GET", "/assets/app-3f9a1c.js", "If-None-Match: " + tag + "\r\n");
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  EXPECT_EQ(again.header("etag"), tag);
  const auto other = exchange(port(), "GET", "/assets/app-3f9a1c.js", "If-None-Match: \"0-0\"\r\n");
  EXPECT_EQ(other.status, 200);
}

TEST_F(WebAssetsTest, RewrittenFileGetsANewEntityTag) {
  start();
  const std::string before = get(port(), "/sw.js").header("etag");
  dir_.write("web/sw.js", "self.version = 2");
  EXPECT_NE(get(port(), "/sw.js").header("etag"), before);
}

TEST_F(WebAssetsTest, HeadGivesTheHeadersOfGetWithoutBody) {
  start();
  const auto answer = exchange(port(), "HEAD", "/assets/app-3f9a1c.js");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.header("content-length"), "14");
  EXPECT_EQ(answer.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(answer.body, "");
  EXPECT_EQ(exchange(port(), "HEAD", "/api/v1/ping").status, 200);
}

TEST_F(WebAssetsTest, PageAddressesOfTheClientGetIndexWhenHtmlIsAccepted) {
  start();
  const auto answer = page(port(), "/devoirs/12");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, kIndexHtml);
  EXPECT_EQ(answer.header("cache-control"), "no-cache");
}

TEST_F(WebAssetsTest, MissingFileWithoutHtmlAcceptedIsProblem404) {
  start();
  const auto answer = get(port(), "/assets/app-000000.js");
  EXPECT_EQ(answer.status, 404);
  EXPECT_EQ(answer.header("content-type"), "application/problem+json");
}

TEST_F(WebAssetsTest, ApiPathsNeverGetTheClient) {
  start();
  const auto answer = page(port(), "/api/v1/nothing-here");
  EXPECT_EQ(answer.status, 404);
  EXPECT_EQ(answer.header("content-type"), "application/problem+json");
  EXPECT_EQ(answer.header("cache-control"), "no-store");
}

TEST_F(WebAssetsTest, RoutesAndTheirMethodsWinOverTheClient) {
  start();
  EXPECT_EQ(page(port(), "/api/v1/ping").body, "{}");
  const auto wrong_method = page(port(), "/api/v1/session");
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.header("allow"), "POST");
  EXPECT_EQ(exchange(port(), "POST", "/index.html").status, 404);
}

TEST_F(WebAssetsTest, DotDotNeverLeavesTheRoot) {
  start();
  for (const std::string target :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/%2E%2E/%2e%2e/secret.txt",
        "/assets/..%2f..%2fsecret.txt", "/%2e%2e%5csecret.txt", "/./index.html"}) {
    const auto answer = get(port(), target);
    EXPECT_EQ(answer.status, 404) << target;
    EXPECT_EQ(answer.body.find(kSecret), std::string::npos) << target;
    const auto as_page = page(port(), target);
    EXPECT_EQ(as_page.body.find(kSecret), std::string::npos) << target;
  }
}

TEST_F(WebAssetsTest, NulInThePathIsRefused) {
  start();
  EXPECT_EQ(get(port(), "/index.html%00.js").status, 400);
}

TEST_F(WebAssetsTest, SymbolicLinkOutOfTheRootIsNotFollowed) {
  start();
  const auto answer = get(port(), "/escape.txt");
  EXPECT_EQ(answer.status, 404);
  EXPECT_EQ(answer.body.find(kSecret), std::string::npos);
  EXPECT_EQ(get(port(), "/alias.js").body, "console.log(1)");  // a link inside is fine
}

TEST_F(WebAssetsTest, DotFilesAreNotServed) {
  start();
  EXPECT_EQ(get(port(), "/.env").status, 404);
}

TEST_F(WebAssetsTest, EveryAnswerCarriesTheContentSecurityPolicy) {
  start();
  for (const std::string target : {"/", "/api/v1/ping", "/api/v1/none", "/../x"}) {
    const auto answer = get(port(), target);
    EXPECT_EQ(answer.header("content-security-policy"), http::kContentSecurityPolicy) << target;
    EXPECT_EQ(answer.header("x-content-type-options"), "nosniff") << target;
    EXPECT_EQ(answer.header("referrer-policy"), "no-referrer") << target;
  }
  const std::string policy = http::kContentSecurityPolicy;
  EXPECT_NE(policy.find("script-src 'self';"), std::string::npos);
  EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos);
}

TEST_F(WebAssetsTest, MissingFolderServesOnlyTheApi) {
  start(dir_.file("not-built"));
  EXPECT_EQ(page(port(), "/").status, 404);
  EXPECT_EQ(get(port(), "/api/v1/ping").status, 200);
}

TEST_F(WebAssetsTest, EmptyWebRootServesOnlyTheApi) {
  start("");
  EXPECT_EQ(page(port(), "/").status, 404);
  EXPECT_EQ(get(port(), "/api/v1/ping").status, 200);
}

TEST(StaticSite, MissingFolderIsNamedWithTheKey) {
  TempDir dir;
  const auto site = StaticSite::open(dir.file("web"));
  ASSERT_FALSE(site.ok());
  EXPECT_EQ(site.error().code, Errc::not_found);
  EXPECT_EQ(site.error().message, "web client folder " + dir.file("web") + " does not exist");
  EXPECT_EQ(site.error().field, "http.web_root");
}

TEST(StaticSite, FolderWithoutIndexIsNotAClient) {
  TempDir dir;
  dir.write("web/readme.txt", "x");
  const auto site = StaticSite::open(dir.file("web"));
  ASSERT_FALSE(site.ok());
  EXPECT_EQ(site.error().message,
            "web client folder " + dir.file("web") + " has no index.html; is the client built?");
}

}  // namespace
}  // namespace cartable::web_assets
