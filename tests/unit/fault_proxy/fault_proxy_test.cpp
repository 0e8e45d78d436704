#include "fault_proxy.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "loopback.h"

namespace cartable::fault_proxy {
namespace {

using namespace std::chrono_literals;
using testing::Client;
using testing::Ending;
using testing::LoopbackServer;
using testing::patternBytes;
using Clock = std::chrono::steady_clock;

std::unique_ptr<FaultProxyThread> startProxy(const LoopbackServer& server,
                                             std::size_t max_held_bytes = 256 * 1024) {
  FaultProxyConfig config;
  config.upstream = {"127.0.0.1", server.port()};
  config.max_held_bytes = max_held_bytes;
  auto started = FaultProxyThread::start(config);
  EXPECT_TRUE(started.ok()) << started.error().message;
  return std::move(started).value();
}

// Waits until `condition` holds; false after `timeout`.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = 3s) {
  const auto deadline = Clock::now() + timeout;
  while (!condition()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

std::chrono::milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

TEST(FaultProxy, PassesBytesUnchangedBothWays) {
  LoopbackServer echo(LoopbackServer::Mode::echo);
  auto proxy = startProxy(echo);
  Client client(proxy->port());
  const std::string sent = patternBytes(1'000'000);
  std::thread writer([&] { client.send(sent); });
  const std::string back = client.receive(sent.size(), 5s);
  writer.join();
  EXPECT_TRUE(back == sent) << "received " << back.size() << " bytes, not the same";
  EXPECT_TRUE(eventually([&] { return proxy->proxy().stats().bytes_down == sent.size(); }));
  const ProxyStats stats = proxy->proxy().stats();
  EXPECT_EQ(stats.accepted, 1u);
  EXPECT_EQ(stats.bytes_up, sent.size());
  EXPECT_EQ(stats.cuts, 0u);
}

TEST(FaultProxy, PassesTheEndOfFileOnAndThenClosesBothSides) {
  LoopbackServer echo(LoopbackServer::Mode::echo);
  auto proxy = startProxy(echo);
  Client client(proxy->port());
  client.send("bye");
  client.shutdownWrite();
  EXPECT_EQ(client.receiveUntilEnd(2s), "bye");
  EXPECT_EQ(client.ending(), Ending::eof);
  EXPECT_TRUE(eventually([&] { return proxy->proxy().stats().live == 0; }));
}

TEST(FaultProxy, AddsLatencyInEachDirection) {
  LoopbackServer echo(LoopbackServer::Mode::echo);
  auto proxy = startProxy(echo);
  proxy->proxy().setLatency(Direction::both, 60ms);
  Client client(proxy->port());
  const auto start = Clock::now();
  client.send("ping");
  EXPECT_EQ(client.receive(4, 2s), "ping");
  EXPECT_GE(since(start), 120ms);
}

TEST(FaultProxy, JitterNeverReordersBytes) {
  LoopbackServer echo(LoopbackServer::Mode::echo);
  auto proxy = startProxy(echo);
  proxy->proxy().setLatency(Direction::up, 2ms, 30ms);
  Client client(proxy->port());
  std::string sent;
  for (int i = 0; i < 60; ++i) {
    const std::string piece = std::to_string(i) + ",";
    client.send(piece);
    sent += piece;
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(client.receive(sent.size(), 3s), sent);
}

TEST(FaultProxy, CapsTheRate) {
  LoopbackServer sink(LoopbackServer::Mode::sink);
  auto proxy = startProxy(sink);
  proxy->proxy().setRate(Direction::up, 100'000);
  Client client(proxy->port());
  const auto start = Clock::now();
  client.send(patternBytes(60'000));
  ASSERT_TRUE(sink.waitForReceived(60'000, 5s));
  // One burst (5,000 bytes) may go at once; the rest at 100,000 bytes/s.
  EXPECT_GE(since(start), 540ms);
}

TEST(FaultProxy, EmulatesA64kbitLink) {
  LoopbackServer echo(LoopbackServer::Mode::echo);
  auto proxy = startProxy(echo);
  proxy->proxy().setRate(Direction::down, kRate64kbit);
  Client client(proxy->port());
  const auto start = Clock::now();
  const std::string sent = patternBytes(4'400);
  client.send(sent);
  EXPECT_EQ(client.receive(sent.size(), 3s), sent);
  // 8,000 bytes/s after a first burst of 400 bytes.
  EXPECT_GE(since(start), 500ms);
}

TEST(FaultProxy, ASlowDirectionHoldsNoMoreThanItsBuffer) {
  LoopbackServer sink(LoopbackServer::Mode::sink);
  constexpr std::size_t kHeldLimit = 32 * 1024;
  auto proxy = startProxy(sink, kHeldLimit);
  proxy->proxy().setRate(Direction::up, kRate64kbit);
  Client client(proxy->port());
  const std::string block = patternBytes(64 * 1024);
  std::size_t written = 0;
  for (const auto start = Clock::now(); since(start) < 400ms;) {
    written += client.sendWithoutBlocking(block);
    EXPECT_LE(proxy->proxy().stats().held, kHeldLimit + 16 * 1024);
  }
  EXPECT_GE(proxy->proxy().stats().held, kHeldLimit);
  EXPECT_LT(written, 64u * 1024 * 1024);
  EXPECT_LT(proxy->proxy().stats().bytes_up, 8'000u);
}

TEST(FaultProxy, CutAfterNBytesUpDeliversExactlyNThenResetsBothSides) {
  LoopbackServer sink(LoopbackServer::Mode::sink);
  auto proxy = startProxy(sink);
  proxy->proxy().setCutAfter(Direction::up, 12'345, CutMode::reset);
  Client client(proxy->port());
  client.send(patternBytes(100'000));
  const auto records = sink.waitForEnded(1, 3s);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].received, patternBytes(12'345));
  EXPECT_EQ(records[0].ending, Ending::reset);
  client.receiveUntilEnd(2s);
  EXPECT_EQ(client.ending(), Ending::reset);
  EXPECT_EQ(proxy->proxy().stats().cuts, 1u);
}

TEST(FaultProxy, CutAfterNBytesDownWithFinGivesTheClientNBytesThenEndOfFile) {
  LoopbackServer echo(LoopbackServer::Mode::echo);
  auto proxy = startProxy(echo);
  proxy->proxy().setCutAfter(Direction::down, 777, CutMode::fin);
  Client client(proxy->port());
  client.send(patternBytes(10'000));
  EXPECT_EQ(client.receiveUntilEnd(3s), patternBytes(777));
  EXPECT_EQ(client.ending(), Ending::eof);
  EXPECT_EQ(proxy->proxy().stats().cuts, 1u);
}

TEST(FaultProxy, CutAfterNBytesDownWithResetGivesTheClientNBytesThenReset) {
  LoopbackServer echo(LoopbackServer::Mode::echo);
  auto proxy = startProxy(echo);
  proxy->proxy().setCutAfter(Direction::down, 5'000, CutMode::reset);
  Client client(proxy->port());
  client.send(patternBytes(40'000));
  EXPECT_EQ(client.receiveUntilEnd(3s), patternBytes(5'000));
  EXPECT_EQ(client.ending(), Ending::reset);
}

TEST(FaultProxy, CutAfterSetOnALiveConnectionCutsItAtThatByte) {
  LoopbackServer sink(LoopbackServer::Mode::sink);
  auto proxy = startProxy(sink);
  Client client(proxy->port());
  client.send(patternBytes(1'000));
  ASSERT_TRUE(sink.waitForReceived(1'000, 2s));
  proxy->proxy().setCutAfter(Direction::up, 1'500, CutMode::fin);
  client.send(patternBytes(2'000));
  const auto records = sink.waitForEnded(1, 3s);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].received.size(), 1'500u);
  EXPECT_EQ(records[0].ending, Ending::eof);
}

// Returns the bytes the sink received on each of `connections` connections
// through a proxy with a random cut seeded with `seed`.
std::vector<std::size_t> randomCutPoints(std::uint64_t seed, int connections) {
  LoopbackServer sink(LoopbackServer::Mode::sink);
  auto proxy = startProxy(sink);
  proxy->proxy().setCutRandom(Direction::up, RandomCut{seed, 3'000}, CutMode::fin);
  for (int i = 0; i < connections; ++i) {
    Client client(proxy->port());
    client.send(patternBytes(4'000));
    sink.waitForEnded(static_cast<std::size_t>(i + 1), 3s);
  }
  std::vector<std::size_t> points;
  for (const auto& record : sink.records()) points.push_back(record.received.size());
  return points;
}

TEST(FaultProxy, CutsAtARandomByteRepeatablyForASeed) {
  const std::vector<std::size_t> first = randomCutPoints(42, 3);
  ASSERT_EQ(first.size(), 3u);
  for (std::size_t point : first) {
    EXPECT_GE(point, 1u);
    EXPECT_LE(point, 3'000u);
  }
  EXPECT_EQ(randomCutPoints(42, 3), first);
  EXPECT_NE(randomCutPoints(7, 3), first);
}

TEST(FaultProxy, BlackHoleHoldsBytesAndTheEndWithoutClosingUntilLifted) {
  LoopbackServer sink(LoopbackServer::Mode::sink);
  auto proxy = startProxy(sink);
  proxy->proxy().setBlackHole(Direction::up, true);
  Client client(proxy->port());
  client.send("hello");
  client.shutdownWrite();
  EXPECT_FALSE(sink.waitForReceived(1, 200ms));
  EXPECT_TRUE(eventually([&] { return proxy->proxy().stats().held == 5; }));
  EXPECT_EQ(client.receiveUntilEnd(100ms), "");
  EXPECT_EQ(client.ending(), Ending::open);

  proxy->proxy().setBlackHole(Direction::up, false);
  const auto records = sink.waitForEnded(1, 2s);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].received, "hello");
  EXPECT_EQ(records[0].ending, Ending::eof);
}

TEST(FaultProxy, BlackHoleStopsReadingWhenTheBufferIsFull) {
  LoopbackServer sink(LoopbackServer::Mode::sink);
  constexpr std::size_t kHeldLimit = 64 * 1024;
  auto proxy = startProxy(sink, kHeldLimit);
  proxy->proxy().setBlackHole(Direction::up, true);
  Client client(proxy->port());
  const std::string block = patternBytes(64 * 1024);
  std::size_t written = 0;
  auto last_progress = Clock::now();
  while (since(last_progress) < 300ms && written < 256u * 1024 * 1024) {
    const std::size_t n = client.sendWithoutBlocking(block);
    written += n;
    if (n > 0) last_progress = Clock::now();
  }
  // The sender was pushed back: only kernel buffers and the proxy's bounded
  // queue (plus one read) hold its bytes.
  EXPECT_LT(written, 64u * 1024 * 1024);
  const ProxyStats held = proxy->proxy().stats();
  EXPECT_GE(held.held, kHeldLimit);
  EXPECT_LE(held.held, kHeldLimit + 16 * 1024);
  EXPECT_EQ(held.bytes_up, 0u);

  proxy->proxy().setBlackHole(Direction::up, false);
  EXPECT_TRUE(sink.waitForReceived(written, 5s));
  EXPECT_TRUE(eventually([&] { return proxy->proxy().stats().held == 0; }));
}

TEST(FaultProxy, RefuseResetsNewConnectionsWithoutReachingUpstream) {
  LoopbackServer echo(LoopbackServer::Mode::echo);
  auto proxy = startProxy(echo);
  proxy->proxy().setRefuse(true);
  {
    Client client(proxy->port());
    client.receiveUntilEnd(2s);
    EXPECT_EQ(client.ending(), Ending::reset);
  }
  EXPECT_EQ(proxy->proxy().stats().refused, 1u);
  EXPECT_EQ(proxy->proxy().stats().accepted, 0u);
  EXPECT_EQ(echo.connections(), 0u);

  proxy->proxy().setRefuse(false);
  Client client(proxy->port());
  client.send("back");
  EXPECT_EQ(client.receive(4, 2s), "back");
}

TEST(FaultProxy, CutAllDropsEveryLiveConnection) {
  LoopbackServer echo(LoopbackServer::Mode::echo);
  auto proxy = startProxy(echo);
  Client first(proxy->port());
  Client second(proxy->port());
  first.send("1");
  second.send("2");
  ASSERT_EQ(first.receive(1, 2s), "1");
  ASSERT_EQ(second.receive(1, 2s), "2");

  proxy->proxy().cutAll(CutMode::reset);
  first.receiveUntilEnd(2s);
  second.receiveUntilEnd(2s);
  EXPECT_EQ(first.ending(), Ending::reset);
  EXPECT_EQ(second.ending(), Ending::reset);
  EXPECT_EQ(echo.waitForEnded(2, 2s).size(), 2u);
  EXPECT_TRUE(eventually([&] { return proxy->proxy().stats().live == 0; }));
  EXPECT_EQ(proxy->proxy().stats().cuts, 2u);
}

TEST(FaultProxy, SlowCloseDelaysTheEndOfFile) {
  LoopbackServer sink(LoopbackServer::Mode::sink);
  auto proxy = startProxy(sink);
  proxy->proxy().setSlowClose(Direction::up, 150ms);
  Client client(proxy->port());
  client.send("x");
  ASSERT_TRUE(sink.waitForReceived(1, 2s));
  const auto start = Clock::now();
  client.shutdownWrite();
  const auto records = sink.waitForEnded(1, 2s);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].ending, Ending::eof);
  EXPECT_GE(since(start), 150ms);
}

TEST(FaultProxy, ResetsTheClientWhenUpstreamIsUnreachable) {
  std::uint16_t closed_port = 0;
  {
    LoopbackServer gone(LoopbackServer::Mode::sink);
    closed_port = gone.port();
  }
  FaultProxyConfig config;
  config.upstream = {"127.0.0.1", closed_port};
  auto proxy = FaultProxyThread::start(config);
  ASSERT_TRUE(proxy.ok());
  Client client((*proxy)->port());
  client.receiveUntilEnd(2s);
  EXPECT_EQ(client.ending(), Ending::reset);
  EXPECT_TRUE(eventually([&] { return (*proxy)->proxy().stats().upstream_failures == 1; }));
}

TEST(FaultProxy, OpenRejectsAMissingUpstreamAndABadListenAddress) {
  FaultProxyConfig config;
  auto no_upstream = FaultProxyThread::start(config);
  ASSERT_FALSE(no_upstream.ok());
  EXPECT_EQ(no_upstream.error().field, "upstream");

  config.upstream = {"127.0.0.1", 9};
  config.listen = {"localhost:x", 0};
  auto bad_listen = FaultProxyThread::start(config);
  ASSERT_FALSE(bad_listen.ok());
  EXPECT_EQ(bad_listen.error().message, "listen address \"localhost:x\" is not an IP address");
}

}  // namespace
}  // namespace cartable::fault_proxy
