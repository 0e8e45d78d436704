#include "control.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

namespace cartable::fault_proxy {
namespace {

using namespace std::chrono_literals;

class FaultProxyControl : public ::testing::Test {
 protected:
  void SetUp() override {
    FaultProxyConfig config;
    config.upstream = {"127.0.0.1", 9};
    auto opened = FaultProxy::open(io_, config);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    proxy_ = std::move(opened).value();
  }
  std::string run(std::string_view line) { return runCommand(*proxy_, line).text; }
  DirectionFaults up() const { return proxy_->faults(Direction::up); }
  DirectionFaults down() const { return proxy_->faults(Direction::down); }

  boost::asio::io_context io_;
  std::unique_ptr<FaultProxy> proxy_;
};

TEST_F(FaultProxyControl, ACommandWithoutADirectionChangesBoth) {
  EXPECT_EQ(run("latency 120"), "ok");
  EXPECT_EQ(up().latency, 120ms);
  EXPECT_EQ(down().latency, 120ms);
}

TEST_F(FaultProxyControl, ATrailingDirectionChangesOnlyThatOne) {
  EXPECT_EQ(run("rate 64kbit down"), "ok");
  EXPECT_EQ(run("black-hole on up"), "ok");
  EXPECT_EQ(run("jitter 9 up"), "ok");
  EXPECT_EQ(down().rate, kRate64kbit);
  EXPECT_EQ(up().rate, 0u);
  EXPECT_TRUE(up().black_hole);
  EXPECT_FALSE(down().black_hole);
  EXPECT_EQ(up().jitter, 9ms);
  EXPECT_EQ(down().jitter, 0ms);
}

TEST_F(FaultProxyControl, CutsCanBeSetAndCleared) {
  EXPECT_EQ(run("cut-after 4096 down"), "ok");
  EXPECT_EQ(run("cut-mode fin"), "ok");
  EXPECT_EQ(run("cut-random 5 800 up"), "ok");
  EXPECT_EQ(down().cut_after, 4096u);
  EXPECT_EQ(down().cut_mode, CutMode::fin);
  ASSERT_TRUE(up().cut_random.has_value());
  EXPECT_EQ(up().cut_random->seed, 5u);
  EXPECT_EQ(up().cut_random->max_bytes, 800u);

  EXPECT_EQ(run("cut-after off"), "ok");
  EXPECT_EQ(run("cut-random off"), "ok");
  EXPECT_FALSE(down().cut_after.has_value());
  EXPECT_FALSE(up().cut_random.has_value());
}

TEST_F(FaultProxyControl, RefuseAndSlowCloseAndRateOff) {
  EXPECT_EQ(run("refuse on"), "ok");
  EXPECT_TRUE(proxy_->refusing());
  EXPECT_EQ(run("slow-close 250 down"), "ok");
  EXPECT_EQ(down().slow_close, 250ms);
  EXPECT_EQ(run("rate 1000"), "ok");
  EXPECT_EQ(run("rate off"), "ok");
  EXPECT_EQ(up().rate, 0u);
}

TEST_F(FaultProxyControl, StatsIsOneLineOfCounters) {
  EXPECT_EQ(run("stats"),
            "accepted=0 refused=0 upstream_failures=0 live=0 cuts=0 bytes_up=0 bytes_down=0 "
            "held=0");
}

TEST_F(FaultProxyControl, BadCommandsAnswerAnErrorAndChangeNothing) {
  EXPECT_EQ(run("latency soon"), "error: latency \"soon\" is not a whole number from 0 to 3600000");
  EXPECT_EQ(run("rate"), "error: usage: rate RATE|off [DIR]");
  EXPECT_EQ(run("black-hole maybe up"), "error: black-hole \"maybe\" is not on or off");
  EXPECT_EQ(run("cut sideways"), "error: cut \"sideways\" is not a cut mode: fin or rst");
  EXPECT_EQ(run("refuse"), "error: usage: refuse on|off");
  EXPECT_EQ(run("teleport"), "error: unknown command \"teleport\" (try help)");
  EXPECT_EQ(up().latency, 0ms);
  EXPECT_FALSE(up().black_hole);
}

TEST_F(FaultProxyControl, BlankLinesAreSilentAndQuitEnds) {
  EXPECT_EQ(run("   "), "");
  const Reply quit = runCommand(*proxy_, "quit");
  EXPECT_EQ(quit.text, "ok");
  EXPECT_TRUE(quit.quit);
}

}  // namespace
}  // namespace cartable::fault_proxy
