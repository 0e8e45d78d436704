#include "core/http/server.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <sstream>
#include <stdexcept>

#include "core/http/json.h"
#include "core/http/problem.h"
#include "http_test_support.h"

namespace cartable::http {
namespace {

using testing::get;
using testing::rawExchange;
using testing::TestServer;

Response text(std::string body) {
  Response response;
  response.content_type = "text/plain";
  response.body = std::move(body);
  return response;
}

// Routes shared by most tests.
void addTestRoutes(Router& router) {
  router.add(Method::get, "/items/{name}",
             [](Request& request) { return text("item " + request.path_params.at("name")); });
  router.add(Method::post, "/echo", [](Request& request) { return text(request.body); });
  router.add(Method::get, "/api/v1/query", [](Request& request) {
    auto body = newObject();
    for (const auto& [name, value] : request.query) body->set(name, value);
    body->set("remote", request.remote_address);
    body->set("agent", request.header("user-agent"));
    return jsonResponse(200, body);
  });
  router.add(Method::get, "/throw", [](Request&) -> Response {
    throw std::runtime_error("database password is hunter2");
  });
  router.add(Method::del, "/items/{name}", [](Request&) {
    Response response;
    response.status = 204;
    return response;
  });
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    addTestRoutes(server_.router);
    addOperationalRoutes(server_.router, server_.metrics, [this] { return ready_.load(); });
  }
  void start(ServerOptions options = testing::plainOptions()) {
    const Status started = server_.start(std::move(options));
    ASSERT_TRUE(started.ok()) << started.error().message;
  }
  std::uint16_t port() const { return server_.port(); }

  TestServer server_;
  std::atomic<bool> ready_{true};
};

TEST_F(HttpServerTest, AnswersARouteWithPathParameters) {
  start();
  Poco::Net::HTTPClientSession session("127.0.0.1", port());
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/items/caf%C3%A9",
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  std::istream& body = session.receiveResponse(response);
  std::string text;
  Poco::StreamCopier::copyToString(body, text);
  EXPECT_EQ(response.getStatus(), 200);
  EXPECT_EQ(response.getContentType(), "text/plain");
  EXPECT_EQ(text, "item café");
}

TEST_F(HttpServerTest, KeepsTheConnectionForSeveralRequests) {
  start();
  Poco::Net::HTTPClientSession session("127.0.0.1", port());
  session.setKeepAlive(true);
  for (int i = 0; i < 3; ++i) {
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/healthz",
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::string text;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), text);
    EXPECT_EQ(response.getStatus(), 200);
    EXPECT_TRUE(response.getKeepAlive());
  }
}

TEST_F(HttpServerTest, PassesQueryHeadersAndRemoteAddressToHandlers) {
  start();
  const auto response = rawExchange(port(),
                                    "GET /api/v1/query?q=a+b%21 HTTP/1.1\r\nHost: t\r\n"
                                    "User-Agent: Tester/1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(response.body, R"({"q":"a b!","remote":"127.0.0.1","agent":"Tester/1"})");
}

TEST_F(HttpServerTest, UnknownPathIsProblem404) {
  start();
  const auto response = get(port(), "/nowhere");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.header("content-type"), "application/problem+json");
  EXPECT_EQ(response.body, R"({"type":"about:blank","title":"Not Found","status":404,)"
                           R"("detail":"no resource at this path"})");
}

TEST_F(HttpServerTest, WrongMethodIsProblem405WithAllow) {
  start();
  const auto response = rawExchange(
      port(), "PUT /items/x HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.header("allow"), "GET, DELETE");
  EXPECT_EQ(response.header("content-type"), "application/problem+json");
  EXPECT_NE(response.body.find(R"("detail":"method PUT is not allowed on this path")"),
            std::string::npos)
      << response.body;
}

TEST_F(HttpServerTest, UnknownMethodIsProblem405WithAllow) {
  start();
  const auto response =
      rawExchange(port(), "BREW /items/x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.header("allow"), "GET, DELETE");
  EXPECT_NE(response.body.find(R"("detail":"method BREW is not supported")"), std::string::npos)
      << response.body;
}

TEST_F(HttpServerTest, NoContentHasNoBody) {
  start();
  const auto response =
      rawExchange(port(), "DELETE /items/x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(response.status, 204);
  EXPECT_FALSE(response.has("content-length"));
  EXPECT_EQ(response.body, "");
}

TEST_F(HttpServerTest, BadPercentEncodingIsProblem400) {
  start();
  for (const char* target : {"/items/a%ZZ", "/items/a%00", "/items/%C0%AF"}) {
    const auto response = get(port(), target);
    EXPECT_EQ(response.status, 400) << target;
    EXPECT_NE(response.body.find("request path is not valid percent-encoded UTF-8"),
              std::string::npos)
        << response.body;
  }
}

TEST_F(HttpServerTest, ThrowingHandlerGives500WithoutDetailsAndServerKeepsServing) {
  start();
  const auto failed = get(port(), "/throw");
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(failed.header("content-type"), "application/problem+json");
  EXPECT_EQ(failed.body, R"({"type":"about:blank","title":"Internal Server Error","status":500,)"
                         R"("detail":"internal error"})");
  EXPECT_EQ(get(port(), "/items/next").status, 200);
}

TEST_F(HttpServerTest, BodyWithinTheLimitReachesTheHandler) {
  auto options = testing::plainOptions();
  options.limits.max_body_bytes = 1024;
  start(options);
  const std::string body(1024, 'x');
  const auto response = rawExchange(
      port(), "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(body.size()) +
                  "\r\nConnection: close\r\n\r\n" + body);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, body);
}

TEST_F(HttpServerTest, OversizedContentLengthIs413WithoutReadingTheBody) {
  auto options = testing::plainOptions();
  options.limits.max_body_bytes = 1024;
  start(options);
  // The body is never sent: the answer must come from the header alone.
  const auto response =
      rawExchange(port(), "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000000\r\n\r\n");
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(Poco::toLower(response.header("connection")), "close");
  EXPECT_EQ(response.header("content-type"), "application/problem+json");
  EXPECT_NE(response.body.find(R"("detail":"request body is larger than 1024 bytes")"),
            std::string::npos)
      << response.body;
}

std::string chunked(const std::string& body, std::size_t chunk_size) {
  std::string out;
  for (std::size_t offset = 0; offset < body.size(); offset += chunk_size) {
    const std::string chunk = body.substr(offset, chunk_size);
    std::ostringstream size;
    size << std::hex << chunk.size();
    out += size.str() + "\r\n" + chunk + "\r\n";
  }
  return out + "0\r\n\r\n";
}

TEST_F(HttpServerTest, ChunkedBodyWithinTheLimitReachesTheHandler) {
  auto options = testing::plainOptions();
  options.limits.max_body_bytes = 1024;
  start(options);
  const std::string body(1024, 'y');
  const auto response = rawExchange(port(),
                                    "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked"
                                    "\r\nConnection: close\r\n\r\n" +
                                        chunked(body, 300));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, body);
}

TEST_F(HttpServerTest, OversizedChunkedBodyIs413) {
  auto options = testing::plainOptions();
  options.limits.max_body_bytes = 1024;
  start(options);
  const auto response = rawExchange(port(),
                                    "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked"
                                    "\r\n\r\n" +
                                        chunked(std::string(3000, 'z'), 500));
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(Poco::toLower(response.header("connection")), "close");
  EXPECT_NE(response.body.find("request body is larger than 1024 bytes"), std::string::npos);
}

std::string requestWithHeaderFields(int count) {
  std::string request = "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n";
  for (int i = 2; i < count; ++i) request += "X-Field-" + std::to_string(i) + ": v\r\n";
  return request + "\r\n";
}

TEST_F(HttpServerTest, TooManyHeaderFieldsIs431) {
  auto options = testing::plainOptions();
  options.limits.max_header_fields = 8;
  start(options);
  EXPECT_EQ(rawExchange(port(), requestWithHeaderFields(8)).status, 200);
  const auto response = rawExchange(port(), requestWithHeaderFields(9));
  EXPECT_EQ(response.status, 431);
  EXPECT_NE(response.body.find("the request has more than 8 header fields"), std::string::npos);
}

// Poco itself refuses more than 100 fields while reading the header, before
// any of our code runs: the client gets a bare 400 and the connection ends.
TEST_F(HttpServerTest, MoreHeaderFieldsThanPocoReadsIsBare400) {
  auto options = testing::plainOptions();
  options.limits.max_header_fields = 1000;
  start(options);
  const auto response = rawExchange(port(), requestWithHeaderFields(101));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(get(port(), "/healthz").status, 200);
}

TEST_F(HttpServerTest, SecurityHeadersOnEveryAnswer) {
  start();
  const auto api = get(port(), "/api/v1/query");
  EXPECT_EQ(api.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(api.header("referrer-policy"), "no-referrer");
  EXPECT_EQ(api.header("x-frame-options"), "DENY");
  EXPECT_EQ(api.header("cache-control"), "no-store");
  EXPECT_FALSE(api.has("strict-transport-security"));  // plain HTTP

  const auto not_found = get(port(), "/nowhere");
  EXPECT_EQ(not_found.header("x-content-type-options"), "nosniff");
  EXPECT_FALSE(not_found.has("cache-control"));  // not under /api/
}

TEST_F(HttpServerTest, HealthzAndReadyz) {
  start();
  const auto health = get(port(), "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, R"({"status":"ok"})");
  EXPECT_EQ(get(port(), "/readyz").body, R"({"status":"ready"})");

  ready_ = false;
  const auto not_ready = get(port(), "/readyz");
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_EQ(not_ready.header("retry-after"), "5");
  EXPECT_EQ(not_ready.header("content-type"), "application/problem+json");
  EXPECT_EQ(get(port(), "/healthz").status, 200);
}

TEST_F(HttpServerTest, MetricsLabelRequestsByRoutePatternNotByPath) {
  start();
  get(port(), "/items/first");
  get(port(), "/items/second");
  get(port(), "/nowhere/secret-token");
  const auto response = get(port(), "/metrics");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = response.body;
  EXPECT_NE(text.find("cartable_http_requests_total{route=\"/items/{name}\",method=\"GET\","
                      "status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("cartable_http_requests_total{route=\"unmatched\",method=\"GET\","
                      "status=\"404\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("secret-token"), std::string::npos);
  EXPECT_NE(text.find("cartable_http_request_duration_seconds_count{route=\"/items/{name}\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("# TYPE cartable_http_threads gauge\ncartable_http_threads "),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("cartable_http_queued_connections 0\n"), std::string::npos) << text;
}

// Redirects this process's stderr, where the log goes, into a file.
class StderrCapture {
 public:
  explicit StderrCapture(std::string path) : path_(std::move(path)) {
    saved_ = ::dup(STDERR_FILENO);
    std::FILE* file = std::fopen(path_.c_str(), "w");
    ::dup2(::fileno(file), STDERR_FILENO);
    std::fclose(file);
  }
  std::string finish() {
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
    return testing::readFile(path_);
  }

 private:
  std::string path_;
  int saved_ = -1;
};

TEST_F(HttpServerTest, AccessLogHasOneLinePerRequestWithoutTheQueryString) {
  testing::TempDir dir;
  auto options = testing::plainOptions();
  options.access_log = true;
  start(options);
  StderrCapture capture(dir.file("stderr.log"));
  get(port(), "/items/a?token=secret");
  server_.server->stop();
  const std::string log = capture.finish();
  EXPECT_NE(log.find("<6>access 127.0.0.1 \"GET /items/a\" 200 6 "), std::string::npos) << log;
  EXPECT_EQ(log.find("secret"), std::string::npos) << log;
}

TEST_F(HttpServerTest, HandlerFailureIsLoggedOnTheServer) {
  testing::TempDir dir;
  start();
  StderrCapture capture(dir.file("stderr.log"));
  get(port(), "/throw");
  const std::string log = capture.finish();
  EXPECT_NE(log.find("<3>http: GET /throw failed: database password is hunter2"), std::string::npos)
      << log;
}

TEST_F(HttpServerTest, StopClosesIdleKeepAliveConnectionsAtOnce) {
  auto options = testing::plainOptions();
  options.limits.keep_alive_seconds = 60;
  start(options);
  auto socket = testing::connectTo(port());
  testing::sendText(socket, "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
  char buffer[1024];
  ASSERT_GT(socket.receiveBytes(buffer, sizeof(buffer)), 0);  // answered, connection kept
  const auto before = std::chrono::steady_clock::now();
  server_.server->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(2));
}

TEST(HttpServerStart, PortInUseIsAnError) {
  TestServer first;
  ASSERT_TRUE(first.start().ok());
  auto options = testing::plainOptions();
  options.port = first.port();
  TestServer second;
  const Status started = second.start(options);
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, Errc::unavailable);
  EXPECT_NE(
      started.error().message.find("cannot listen on 127.0.0.1:" + std::to_string(options.port)),
      std::string::npos)
      << started.error().message;
}

TEST(HttpServerStart, StartsOnlyOnce) {
  TestServer server;
  ASSERT_TRUE(server.start().ok());
  const Status again = server.server->start();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::failed_precondition);
  server.server->stop();
  EXPECT_FALSE(server.server->start().ok());
}

TEST(HttpServerOptions, FromSettings) {
  config::Settings settings;
  settings.data_dir = "/srv/cartable";
  settings.http.listen_address = "0.0.0.0";
  settings.http.port = 9443;
  settings.limits.threads = 7;
  settings.logging.access_log = false;
  const ServerOptions options = ServerOptions::fromSettings(settings);
  EXPECT_EQ(options.address, "0.0.0.0");
  EXPECT_EQ(options.port, 9443);
  EXPECT_TRUE(options.tls);
  EXPECT_EQ(options.certificate_file, "/srv/cartable/tls/cert.pem");
  EXPECT_EQ(options.private_key_file, "/srv/cartable/tls/key.pem");
  EXPECT_EQ(options.limits.threads, 7);
  EXPECT_FALSE(options.access_log);

  settings.http.plain_http = true;
  EXPECT_FALSE(ServerOptions::fromSettings(settings).tls);
}

}  // namespace
}  // namespace cartable::http
