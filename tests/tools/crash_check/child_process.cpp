#include "child_process.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <utility>

namespace cartable::crash {
namespace {

Result<int> openForChild(const std::string& path, int mode_flags) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | mode_flags, 0600);
  if (fd < 0) {
    return makeError(Errc::io_error, "cannot open " + path + ": " + std::strerror(errno));
  }
  return fd;
}

// Runs in the forked child: only async-signal-safe calls until exec.
[[noreturn]] void execChild(char* const* argv, int out_fd, int err_fd, pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
  if (::dup2(out_fd, STDOUT_FILENO) < 0 || ::dup2(err_fd, STDERR_FILENO) < 0) ::_exit(127);
  ::execv(argv[0], argv);
  static const char kMessage[] = "cartable-crash-check: cannot execute the program\n";
  [[maybe_unused]] ssize_t written = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  ::_exit(127);
}

}  // namespace

Result<ChildProcess> ChildProcess::start(const std::vector<std::string>& argv,
                                         const std::string& stdout_path,
                                         const std::string& stderr_path) {
  if (::access(argv.front().c_str(), X_OK) != 0) {
    return makeError(Errc::invalid_argument,
                     "cannot execute " + argv.front() + ": " + std::strerror(errno));
  }
  CARTABLE_ASSIGN_OR_RETURN(const int out_fd, openForChild(stdout_path, O_TRUNC));
  auto err_fd = openForChild(stderr_path, O_APPEND);
  if (!err_fd.ok()) {
    ::close(out_fd);
    return err_fd.error();
  }
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) execChild(args.data(), out_fd, *err_fd, parent);
  const int fork_errno = errno;
  ::close(out_fd);
  ::close(*err_fd);
  if (pid < 0) {
    return makeError(Errc::io_error,
                     "cannot start " + argv.front() + ": " + std::strerror(fork_errno));
  }
  return ChildProcess(pid);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), wait_status_(other.wait_status_) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    killAndWait();
    pid_ = std::exchange(other.pid_, -1);
    wait_status_ = other.wait_status_;
  }
  return *this;
}

ChildProcess::~ChildProcess() {
  killAndWait();
}

bool ChildProcess::hasExited() {
  if (pid_ < 0) return true;
  if (::waitpid(pid_, &wait_status_, WNOHANG) != pid_) return false;
  pid_ = -1;
  return true;
}

std::string ChildProcess::wait() {
  while (pid_ >= 0) {
    if (::waitpid(pid_, &wait_status_, 0) == pid_ || errno != EINTR) pid_ = -1;
  }
  return endedHow();
}

void ChildProcess::killAndWait() {
  if (pid_ < 0) return;
  ::kill(pid_, SIGKILL);
  wait();
}

std::string ChildProcess::endedHow() const {
  if (WIFSIGNALED(wait_status_))
    return "killed by signal " + std::to_string(WTERMSIG(wait_status_));
  return "exit code " + std::to_string(WEXITSTATUS(wait_status_));
}

}  // namespace cartable::crash
