// Overload: a full queue and the per-address limit answer 503 with
// Retry-After on the acceptor thread, before any request is read; a client
// trickling its request header is closed so that it cannot hold a worker.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/http/server.h"
#include "http_test_support.h"

namespace cartable::http {
namespace {

using testing::connectTo;
using testing::get;
using testing::readUntilClosed;
using testing::sendText;
using testing::waitFor;

// Holds handlers until opened.
class Gate {
 public:
  void enterAndWait() {
    std::unique_lock lock(mutex_);
    ++entered_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
  }
  bool waitUntilEntered(int count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(5), [&] { return entered_ >= count; });
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int entered_ = 0;
  bool open_ = false;
};

// Opens the gate when the test ends, so that a failed assertion does not
// leave a worker blocked while the server stops.
struct GateOpener {
  Gate& gate;
  ~GateOpener() { gate.open(); }
};

const char kBlockRequest[] = "GET /block HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
const char kHealthRequest[] = "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

void addRoutes(testing::TestServer& server, Gate& gate) {
  server.router.add(Method::get, "/block", [&gate](Request&) {
    gate.enterAndWait();
    Response response;
    response.body = "released";
    return response;
  });
  addOperationalRoutes(server.router, server.metrics, [] { return true; });
}

void expectBusyAnswer(const testing::RawResponse& response) {
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.header("retry-after"), "1");
  EXPECT_EQ(Poco::toLower(response.header("connection")), "close");
  EXPECT_EQ(response.header("content-type"), "application/problem+json");
  EXPECT_EQ(response.body, R"({"type":"about:blank","title":"Service Unavailable","status":503,)"
                           R"("detail":"the server is busy; retry in a moment"})");
}

TEST(HttpServerLimits, FullQueueAnswers503WithRetryAfter) {
  Gate gate;
  testing::TestServer server;
  GateOpener opener{gate};
  addRoutes(server, gate);
  auto options = testing::plainOptions();
  options.limits.threads = 1;
  options.limits.queue = 1;
  ASSERT_TRUE(server.start(options).ok());

  auto busy = connectTo(server.port());
  sendText(busy, kBlockRequest);
  ASSERT_TRUE(gate.waitUntilEntered(1));  // the only worker is taken
  auto queued = connectTo(server.port());
  sendText(queued, kHealthRequest);
  ASSERT_TRUE(waitFor([&] { return server.server->stats().queued_connections == 1; }));

  expectBusyAnswer(get(server.port(), "/healthz"));
  EXPECT_EQ(server.server->stats().refused_connections, 1);

  gate.open();
  EXPECT_EQ(testing::parseRawResponse(readUntilClosed(busy)).body, "released");
  EXPECT_EQ(testing::parseRawResponse(readUntilClosed(queued)).status, 200);
  const std::string metrics = get(server.port(), "/metrics").body;
  EXPECT_NE(metrics.find("cartable_http_refused_total{reason=\"queue_full\"} 1\n"),
            std::string::npos)
      << metrics;
}

TEST(HttpServerLimits, ConnectionsBeyondThePerAddressLimitAnswer503) {
  Gate gate;
  testing::TestServer server;
  GateOpener opener{gate};
  addRoutes(server, gate);
  auto options = testing::plainOptions();
  options.limits.max_connections_per_address = 2;
  ASSERT_TRUE(server.start(options).ok());

  auto first = connectTo(server.port());
  auto second = connectTo(server.port());
  ASSERT_TRUE(waitFor([&] { return server.server->stats().current_connections == 2; }));
  expectBusyAnswer(get(server.port(), "/healthz"));

  first.close();  // frees one place for this address
  ASSERT_TRUE(waitFor([&] { return server.server->stats().current_connections == 1; }));
  EXPECT_EQ(get(server.port(), "/healthz").status, 200);
  const std::string metrics = get(server.port(), "/metrics").body;
  EXPECT_NE(metrics.find("cartable_http_refused_total{reason=\"per_address\"} 1\n"),
            std::string::npos)
      << metrics;
}

// Sends one byte of a header field every 250 ms, well within the read
// timeout, until stopped or closed by the server.
class Trickler {
 public:
  explicit Trickler(std::uint16_t port) : socket_(connectTo(port)) {
    sendText(socket_, "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: ");
    thread_ = std::thread([this] {
      try {
        while (!stop_) {
          sendText(socket_, "a");
          std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
      } catch (const Poco::Exception&) {
        closed_ = true;
      }
    });
  }
  ~Trickler() {
    stop_ = true;
    thread_.join();
  }
  bool closedByServer() {
    try {
      char byte;
      return socket_.receiveBytes(&byte, 1) == 0 || closed_;
    } catch (const Poco::Exception&) {
      return true;
    }
  }

 private:
  Poco::Net::StreamSocket socket_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> closed_{false};
  std::thread thread_;
};

TEST(HttpServerLimits, AClientTricklingItsHeaderIsClosedAndTheNextIsServed) {
  testing::TestServer server;
  addOperationalRoutes(server.router, server.metrics, [] { return true; });
  auto options = testing::plainOptions();
  options.limits.threads = 1;
  options.limits.keep_alive_seconds = 1;
  options.limits.request_timeout_seconds = 1;
  ASSERT_TRUE(server.start(options).ok());

  Trickler slow(server.port());  // takes the only worker
  ASSERT_TRUE(waitFor([&] { return server.server->stats().current_connections == 1; }));
  auto queued = connectTo(server.port());
  queued.setReceiveTimeout(Poco::Timespan(20, 0));
  sendText(queued, kHealthRequest);

  // Served once the slow client has been closed, keep-alive + request
  // timeout after it took the worker.
  EXPECT_EQ(testing::parseRawResponse(readUntilClosed(queued)).status, 200);
  EXPECT_TRUE(slow.closedByServer());
  // The watchdog counts the close just after making it, so the count is
  // awaited; read from the registry, since a request for /metrics would wait
  // for the only worker and could itself close the served keep-alive
  // connection.
  const std::string counted = "cartable_http_refused_total{reason=\"slow_request\"} 1\n";
  EXPECT_TRUE(waitFor([&] { return server.metrics.render().find(counted) != std::string::npos; }))
      << server.metrics.render();
}

TEST(HttpServerLimits, StopWaitsForARunningRequestToFinish) {
  Gate gate;
  testing::TestServer server;
  GateOpener opener{gate};
  addRoutes(server, gate);
  ASSERT_TRUE(server.start().ok());
  auto busy = connectTo(server.port());
  sendText(busy, kBlockRequest);
  ASSERT_TRUE(gate.waitUntilEntered(1));

  std::thread stopper([&] { server.server->stop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  gate.open();
  stopper.join();
  EXPECT_EQ(testing::parseRawResponse(readUntilClosed(busy)).body, "released");
}

}  // namespace
}  // namespace cartable::http
