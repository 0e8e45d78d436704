// cartable-crash-check: proves that every write `cartable serve` acknowledged
// survives SIGKILL. Exit 0 when every round passed, 1 when a write was lost or
// the database was damaged, 2 when the check could not run.
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <random>

#include "crash_check.h"
#include "options.h"

namespace {

namespace fs = std::filesystem;
using cartable::Result;
using cartable::crash::CrashCheck;
using cartable::crash::Options;

constexpr int kPassed = 0;
constexpr int kLost = 1;
constexpr int kCannotRun = 2;

std::atomic<bool> interrupted{false};

// SIGINT and SIGTERM end the check between rounds, so that the server is
// killed and the work directory removed as on any other exit.
void installInterruptHandlers() {
  struct sigaction action = {};
  action.sa_handler = [](int) { interrupted = true; };
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

// The requested directory (created; must be empty) or a new one under $TMPDIR.
Result<std::string> makeWorkDir(const std::string& requested) {
  std::error_code error;
  if (!requested.empty()) {
    fs::create_directories(requested, error);
    if (error || !fs::is_empty(requested, error)) {
      return cartable::makeError(cartable::Errc::invalid_argument,
                                 "--work-dir " + requested + " must be an empty or new directory",
                                 "work-dir");
    }
    return fs::absolute(requested).string();
  }
  const char* tmp = std::getenv("TMPDIR");
  std::string path = std::string(tmp && *tmp ? tmp : "/tmp") + "/cartable-crash-XXXXXX";
  if (::mkdtemp(path.data()) == nullptr) {
    return cartable::makeError(cartable::Errc::io_error, "cannot create a directory like " + path);
  }
  return path;
}

// Removes the work directory when the check ends, however it ends.
struct WorkDirCleanup {
  std::string path;
  bool keep;
  ~WorkDirCleanup() {
    if (keep) {
      std::cout << "work directory kept: " << path << std::endl;
      return;
    }
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

int runCheck(Options& options) {
  if (!options.seed_given) options.seed = std::random_device{}();
  auto work_dir = makeWorkDir(options.work_dir);
  if (!work_dir.ok()) {
    std::cerr << "cartable-crash-check: " << work_dir.error().message << "\n";
    return kCannotRun;
  }
  WorkDirCleanup cleanup{*work_dir, options.keep};
  std::cout << "cartable-crash-check: " << options.kills << " kills, " << options.writers
            << " writers, seed " << options.seed << ", work directory " << *work_dir << std::endl;
  CrashCheck check(options, *work_dir, std::cout, interrupted);
  auto passed = check.run();
  if (options.self_test_drop_one && !check.lossInjected()) {
    // Exit 0 on purpose: the WILL_FAIL test must not pass unless a loss was
    // injected and then reported.
    std::cerr << "cartable-crash-check: the self-test injected no loss"
              << (passed.ok() ? "" : ": " + passed.error().message) << "\n";
    return kPassed;
  }
  if (!passed.ok()) {
    std::cerr << "cartable-crash-check: cannot run the check: " << passed.error().message << "\n";
    return kCannotRun;
  }
  return *passed ? kPassed : kLost;
}

}  // namespace

int main(int argc, char** argv) {
  auto options = cartable::crash::parseOptions(argc, argv);
  if (!options.ok()) {
    std::cerr << "cartable-crash-check: " << options.error().message << "\n"
              << cartable::crash::kUsage;
    return kCannotRun;
  }
  installInterruptHandlers();
  try {
    return runCheck(*options);
  } catch (const std::exception& failure) {
    std::cerr << "cartable-crash-check: " << failure.what() << "\n";
    return kCannotRun;
  }
}
