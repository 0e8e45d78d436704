// SystemdNotifier in this process, with a notification socket of the test's
// own: WATCHDOG=1 follows health, and the status says when health fails.
#include "cli/systemd_notifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "notify_socket.h"

namespace cartable::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using namespace std::chrono_literals;
using systemd_testing::NotifySocket;

std::string socketPath() {
  return (fs::temp_directory_path() / ("cartable-notifier-" + std::to_string(::getpid()) + ".sock"))
      .string();
}

class SystemdNotifierTest : public ::testing::Test {
 protected:
  SystemdNotifierTest() : notify_(socketPath()) {
    ::setenv("NOTIFY_SOCKET", notify_.path().c_str(), 1);
    ::setenv("WATCHDOG_USEC", "400000", 1);
    ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
  }
  ~SystemdNotifierTest() override {
    ::unsetenv("NOTIFY_SOCKET");
    ::unsetenv("WATCHDOG_USEC");
    ::unsetenv("WATCHDOG_PID");
  }

  SystemdNotifier::Hooks hooks() {
    return {[this](std::chrono::milliseconds) {
              return healthy_ ? okStatus() : Status(makeError(Errc::unavailable, "no answer"));
            },
            [] { return std::string("serving test"); }};
  }

  NotifySocket notify_;
  std::atomic<bool> healthy_{true};
};

TEST_F(SystemdNotifierTest, ReadsTheWatchdogTimeoutSystemdSet) {
  EXPECT_EQ(SystemdNotifier::watchdogTimeout(), 400ms);
  ::setenv("WATCHDOG_PID", "1", 1);
  EXPECT_EQ(SystemdNotifier::watchdogTimeout(), 0ms) << "the watchdog is for another process";
}

TEST_F(SystemdNotifierTest, ReadySendsTheStatusAndHealthyChecksFeedTheWatchdog) {
  ASSERT_TRUE(notify_.ok());
  SystemdNotifier notifier(hooks());
  notifier.ready();
  EXPECT_EQ(notify_.waitForLine("READY=1", 1s), "READY=1\nSTATUS=serving test");
  EXPECT_EQ(notify_.waitForLine("WATCHDOG=1", 1s), "WATCHDOG=1");
  notifier.stopping();
  EXPECT_EQ(notify_.waitForLine("STOPPING=1", 1s), "STOPPING=1\nSTATUS=stopping");
}

TEST_F(SystemdNotifierTest, AFailingHealthCheckStarvesTheWatchdogAndShowsInTheStatus) {
  ASSERT_TRUE(notify_.ok());
  healthy_ = false;
  SystemdNotifier notifier(hooks());
  notifier.ready();
  const auto failing = notify_.waitForLine("STATUS=health check failing", 1s);
  EXPECT_EQ(failing, "STATUS=health check failing (no answer) · serving test")
      << notify_.transcript();
  EXPECT_FALSE(notify_.waitForLine("WATCHDOG=1", 600ms)) << notify_.transcript();
  healthy_ = true;
  EXPECT_EQ(notify_.waitForLine("WATCHDOG=1", 1s), "WATCHDOG=1") << notify_.transcript();
  EXPECT_EQ(notify_.waitForLine("STATUS=", 1s), "STATUS=serving test") << notify_.transcript();
}

}  // namespace
}  // namespace cartable::cli
