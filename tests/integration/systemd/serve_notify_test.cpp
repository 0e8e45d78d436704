// The real `cartable serve` under a stand-in for systemd: a notification
// socket of the test's own, a 2 s watchdog for the child's pid. It must say
// READY=1 with a STATUS= line, feed the watchdog, report RELOADING=1 and
// READY=1 around a SIGHUP reload, and STOPPING=1 before exiting 0 on SIGTERM.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <optional>
#include <thread>

#include "node_fixture.h"
#include "notify_socket.h"

extern char** environ;

namespace cartable::systemd_testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;
using namespace std::chrono_literals;

// The test's environment without systemd's variables, plus `extra`.
std::vector<std::string> serveEnvironment(const std::vector<std::string>& extra) {
  std::vector<std::string> out;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view word(*entry);
    if (!word.starts_with("NOTIFY_SOCKET=") && !word.starts_with("WATCHDOG_"))
      out.emplace_back(word);
  }
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

// Writes `value` in decimal at `out` (async-signal-safe, for after fork).
void writeDecimal(long value, char* out) {
  char digits[24];
  int count = 0;
  do {
    digits[count++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  while (count > 0) *out++ = digits[--count];
  *out = '\0';
}

class SystemdNotify : public NodeFixture {
 protected:
  SystemdNotify() : notify_((root() / "notify.sock").string()) {}

  ~SystemdNotify() override {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  void SetUp() override { ASSERT_TRUE(notify_.ok()) << "cannot bind " << notify_.path(); }

  std::string log() const { return readWhole(root() / "serve.log"); }

  // `cartable serve` with NOTIFY_SOCKET and WATCHDOG_USEC=2000000. The
  // watchdog is meant for the child itself unless `watchdog_pid` names
  // another process.
  void startServe(std::optional<pid_t> watchdog_pid = std::nullopt) {
    std::vector<std::string> words{CARTABLE_BINARY, "serve", "--config", configPath().string()};
    std::vector<std::string> env =
        serveEnvironment({"NOTIFY_SOCKET=" + notify_.path(), "WATCHDOG_USEC=2000000",
                          "WATCHDOG_PID=" + std::string(24, ' ')});
    if (watchdog_pid) env.back() = "WATCHDOG_PID=" + std::to_string(*watchdog_pid);
    char* pid_slot = env.back().data() + std::strlen("WATCHDOG_PID=");
    std::vector<char*> argv = pointers(words);
    std::vector<char*> envp = pointers(env);
    const int log_fd =
        ::open((root() / "serve.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    const bool own_pid = !watchdog_pid;
    pid_ = ::fork();
    if (pid_ == 0) {
      // Only now is the child's pid known: systemd sets WATCHDOG_PID the same way.
      if (own_pid) writeDecimal(static_cast<long>(::getpid()), pid_slot);
      ::dup2(null_fd, STDIN_FILENO);
      ::dup2(null_fd, STDOUT_FILENO);
      ::dup2(log_fd, STDERR_FILENO);
      ::execve(words[0].c_str(), argv.data(), envp.data());
      ::_exit(127);
    }
    ::close(log_fd);
    ::close(null_fd);
  }

  // SIGTERM, then the exit code (-1 when it did not exit within 10 s).
  int stopServe() {
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) return -1;
      std::this_thread::sleep_for(10ms);
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  static std::vector<char*> pointers(std::vector<std::string>& words) {
    std::vector<char*> out;
    for (std::string& word : words) out.push_back(word.data());
    out.push_back(nullptr);
    return out;
  }

  NotifySocket notify_;
  pid_t pid_ = -1;
};

TEST_F(SystemdNotify, ServeSaysReadyWithAStatusLineThenFeedsTheWatchdog) {
  initNode();
  startServe();
  const auto ready = notify_.waitForLine("READY=1", 10s);
  ASSERT_TRUE(ready) << notify_.transcript() << log();
  EXPECT_THAT(*ready, HasSubstr("\nSTATUS=serving http://127.0.0.1:"));
  EXPECT_THAT(*ready, HasSubstr("/ · 1 active user · federation: not enrolled"));
  EXPECT_THAT(notify_.waitForLine("WATCHDOG=1", 3s), Optional(std::string("WATCHDOG=1")))
      << notify_.transcript() << log();
  EXPECT_EQ(stopServe(), 0) << log();
}

TEST_F(SystemdNotify, SigtermSaysStoppingAndExitsZero) {
  initNode();
  startServe();
  ASSERT_TRUE(notify_.waitForLine("READY=1", 10s)) << notify_.transcript() << log();
  EXPECT_EQ(stopServe(), 0) << log();
  EXPECT_THAT(notify_.waitForLine("STOPPING=1", 1s),
              Optional(std::string("STOPPING=1\nSTATUS=stopping")))
      << notify_.transcript();
}

// The watchdog's own /healthz requests are access-logged at debug level only.
TEST_F(SystemdNotify, SighupReloadsTheLoggingSettingsBetweenReloadingAndReady) {
  initNode();
  startServe();
  ASSERT_TRUE(notify_.waitForLine("READY=1", 10s)) << notify_.transcript() << log();
  ASSERT_TRUE(notify_.waitForLine("WATCHDOG=1", 3s)) << notify_.transcript() << log();
  EXPECT_THAT(log(), Not(HasSubstr("GET /healthz")));
  writeConfig(nodeConfig("logging:\n  level: debug\n  access_log: true\n"));
  ::kill(pid_, SIGHUP);
  EXPECT_TRUE(notify_.waitForLine("RELOADING=1", 5s)) << notify_.transcript();
  EXPECT_TRUE(notify_.waitForLine("READY=1", 5s)) << notify_.transcript();
  EXPECT_TRUE(notify_.waitForLine("WATCHDOG=1", 3s)) << notify_.transcript();
  EXPECT_EQ(stopServe(), 0) << log();
  EXPECT_THAT(log(), HasSubstr("<6>reload: " + configPath().string() +
                               ": logging.level debug (was info), logging.access_log true; other "
                               "keys take effect at the next restart"));
  EXPECT_THAT(log(), HasSubstr("<7>access 127.0.0.1 \"GET /healthz\" 200"));
}

TEST_F(SystemdNotify, ABadFileOnReloadIsLoggedAndTheServerKeepsServing) {
  initNode();
  startServe();
  ASSERT_TRUE(notify_.waitForLine("READY=1", 10s)) << notify_.transcript() << log();
  writeConfig(nodeConfig("logging:\n  level: loud\n"));
  ::kill(pid_, SIGHUP);
  EXPECT_TRUE(notify_.waitForLine("READY=1", 5s)) << notify_.transcript();
  EXPECT_TRUE(notify_.waitForLine("WATCHDOG=1", 3s)) << "the server still answers " << log();
  EXPECT_EQ(stopServe(), 0) << log();
  EXPECT_THAT(log(), HasSubstr("logging.level"));
  EXPECT_THAT(log(), HasSubstr("the running configuration is kept"));
}

TEST_F(SystemdNotify, AWatchdogMeantForAnotherProcessIsNotFed) {
  initNode();
  startServe(/*watchdog_pid=*/::getpid());
  ASSERT_TRUE(notify_.waitForLine("READY=1", 10s)) << notify_.transcript() << log();
  EXPECT_FALSE(notify_.waitForLine("WATCHDOG=1", 1500ms)) << notify_.transcript();
  EXPECT_EQ(stopServe(), 0) << log();
}

}  // namespace
}  // namespace cartable::systemd_testing
