#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "child.h"
#include "loopback.h"

namespace cartable::fault_proxy {
namespace {

using namespace std::chrono_literals;
using testing::Child;
using testing::Client;
using testing::Ending;
using testing::LoopbackServer;
using Clock = std::chrono::steady_clock;

const std::string kProgram = FAULT_PROXY_BINARY;

// Reads "listening on 127.0.0.1:PORT" and returns PORT (0 if not printed).
std::uint16_t listeningPort(Child& child) {
  const std::string line = child.readLine(5s);
  const std::string prefix = "listening on 127.0.0.1:";
  if (!line.starts_with(prefix)) {
    ADD_FAILURE() << "first line: \"" << line << "\"";
    return 0;
  }
  return static_cast<std::uint16_t>(std::stoi(line.substr(prefix.size())));
}

// Asks for the stats until they end with `ending` (the proxy's own thread
// may count a moment after a peer saw the bytes) or 2 s pass; the last line.
std::string statsOnceSettled(Child& child, const std::string& ending) {
  const auto deadline = Clock::now() + 2s;
  std::string line;
  do {
    child.writeLine("stats");
    line = child.readLine(2s);
  } while (!line.ends_with(ending) && Clock::now() < deadline);
  return line;
}

TEST(FaultProxyCommand, ABadArgumentExitsWithTwoAndNamesTheOption) {
  Child child(kProgram, {"--upstream", "127.0.0.1:9", "--rate", "fast"});
  EXPECT_EQ(child.wait(5s), 2);
  const std::string err = child.readStderr();
  EXPECT_TRUE(err.starts_with("cartable-fault-proxy: --rate \"fast\" is not a rate")) << err;
  EXPECT_NE(err.find("usage: cartable-fault-proxy"), std::string::npos) << err;
}

TEST(FaultProxyCommand, AMissingUpstreamExitsWithTwo) {
  Child child(kProgram, {"--latency-ms", "5"});
  EXPECT_EQ(child.wait(5s), 2);
  EXPECT_TRUE(
      child.readStderr().starts_with("cartable-fault-proxy: --upstream HOST:PORT is required\n"));
}

TEST(FaultProxyCommand, PrintsItsPortAndTakesCommandsWhileRunning) {
  LoopbackServer echo(LoopbackServer::Mode::echo);
  Child child(kProgram,
              {"--upstream", "127.0.0.1:" + std::to_string(echo.port()), "--latency-ms", "up:50"});
  const std::uint16_t port = listeningPort(child);
  ASSERT_NE(port, 0);

  Client client(port);
  const auto start = Clock::now();
  client.send("hi");
  EXPECT_EQ(client.receive(2, 2s), "hi");
  EXPECT_GE(Clock::now() - start, 50ms);

  child.writeLine("black-hole on down");
  EXPECT_EQ(child.readLine(2s), "ok");
  client.send("held");
  EXPECT_EQ(client.receive(4, 300ms), "");
  child.writeLine("black-hole off down");
  EXPECT_EQ(child.readLine(2s), "ok");
  EXPECT_EQ(client.receive(4, 2s), "held");

  child.writeLine("rate fast");
  EXPECT_EQ(child.readLine(2s),
            "error: rate \"fast\" is not a rate: bytes per second, or a number followed by kbit "
            "or mbit");
  child.writeLine("cut");
  EXPECT_EQ(child.readLine(2s), "ok");
  client.receiveUntilEnd(2s);
  EXPECT_EQ(client.ending(), Ending::reset);
  EXPECT_EQ(statsOnceSettled(child, "live=0 cuts=1 bytes_up=6 bytes_down=6 held=0"),
            "accepted=1 refused=0 upstream_failures=0 live=0 cuts=1 bytes_up=6 bytes_down=6 "
            "held=0");
  child.writeLine("quit");
  EXPECT_EQ(child.readLine(2s), "ok");
  EXPECT_EQ(child.wait(5s), 0);
}

}  // namespace
}  // namespace cartable::fault_proxy
