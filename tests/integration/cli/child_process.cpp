#include "child_process.h"

#include <algorithm>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace cartable::cli_testing {
namespace {

using Clock = std::chrono::steady_clock;

struct Pipe {
  int read_end = -1;
  int write_end = -1;
};

// O_CLOEXEC: a pipe made for one child must not leak into a child started
// meanwhile from another thread, or its reader would never see EOF.
Pipe makePipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return {};
  return {fds[0], fds[1]};
}

void closeFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// The parent's environment, without NOTIFY_SOCKET: a serve started by a test
// must not talk to the systemd that may run the test.
std::vector<std::string> childEnvironment() {
  std::vector<std::string> out;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (std::strncmp(*entry, "NOTIFY_SOCKET=", 14) != 0) out.emplace_back(*entry);
  }
  return out;
}

std::vector<char*> pointersTo(std::vector<std::string>& words) {
  std::vector<char*> out;
  for (std::string& word : words) out.push_back(word.data());
  out.push_back(nullptr);
  return out;
}

// Starts `program` with stdin from /dev/null and stdout/stderr on the given
// descriptors. Only async-signal-safe calls happen between fork and exec.
pid_t spawn(const std::string& program, const std::vector<std::string>& arguments, int stdout_fd,
            int stderr_fd) {
  std::vector<std::string> argv_words{program};
  argv_words.insert(argv_words.end(), arguments.begin(), arguments.end());
  std::vector<std::string> env_words = childEnvironment();
  std::vector<char*> argv = pointersTo(argv_words);
  std::vector<char*> envp = pointersTo(env_words);
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(null_fd, STDIN_FILENO);
    ::dup2(stdout_fd, STDOUT_FILENO);
    ::dup2(stderr_fd, STDERR_FILENO);
    ::execve(program.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(null_fd);
  return pid;
}

int exitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

int remainingMillis(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

// Waits for `pid` until `deadline`; false when it is still running then.
bool waitUntil(pid_t pid, Clock::time_point deadline, int& status) {
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return true;
    if (done < 0 && errno != EINTR) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// Appends what is readable on `fd` to `into`; false at end of file.
bool drainOnce(int fd, std::string& into) {
  char buffer[4096];
  const ssize_t n = ::read(fd, buffer, sizeof buffer);
  if (n < 0 && errno == EINTR) return true;
  if (n <= 0) return false;
  into.append(buffer, static_cast<std::size_t>(n));
  return true;
}

// Reads both pipes until both are closed or the deadline passes.
bool readBoth(int out_fd, int err_fd, std::string& out, std::string& err,
              Clock::time_point deadline) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&out, &err};
  int open_count = 2;
  while (open_count > 0) {
    const int ready = ::poll(fds, 2, remainingMillis(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      if (!drainOnce(fds[i].fd, *sinks[i])) {
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  return true;
}

}  // namespace

std::string CommandResult::describe() const {
  std::ostringstream text;
  text << "exit code " << exit_code << (timed_out ? " (timed out)" : "") << "\n--- stdout:\n"
       << out << "--- stderr:\n"
       << err;
  return text.str();
}

CommandResult runCommand(const std::string& program, const std::vector<std::string>& arguments,
                         std::chrono::milliseconds timeout) {
  CommandResult result;
  Pipe out = makePipe();
  Pipe err = makePipe();
  const pid_t pid = spawn(program, arguments, out.write_end, err.write_end);
  const int spawn_errno = errno;
  closeFd(out.write_end);
  closeFd(err.write_end);
  if (pid < 0) {
    closeFd(out.read_end);
    closeFd(err.read_end);
    result.err = "fork failed: " + std::string(std::strerror(spawn_errno));
    return result;
  }
  const auto deadline = Clock::now() + timeout;
  const bool finished = readBoth(out.read_end, err.read_end, result.out, result.err, deadline);
  closeFd(out.read_end);
  closeFd(err.read_end);
  int status = 0;
  if (!finished || !waitUntil(pid, deadline, status)) {
    result.timed_out = true;
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  }
  result.exit_code = exitCodeOf(status);
  return result;
}

BackgroundServer::BackgroundServer(std::string program, std::string config_file,
                                   std::string log_file)
    : program_(std::move(program)),
      config_file_(std::move(config_file)),
      log_file_(std::move(log_file)) {}

BackgroundServer::~BackgroundServer() {
  if (pid_ > 0) killNow();
  closeFd(stdout_fd_);
}

bool BackgroundServer::start(std::chrono::milliseconds timeout, int lines) {
  const int log_fd = ::open(log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  Pipe out = makePipe();
  pid_ = spawn(program_, {"serve", "--config", config_file_}, out.write_end, log_fd);
  ::close(log_fd);
  closeFd(out.write_end);
  stdout_fd_ = out.read_end;

  const auto deadline = Clock::now() + timeout;
  std::string printed;
  while (std::count(printed.begin(), printed.end(), '\n') < lines) {
    pollfd fd{stdout_fd_, POLLIN, 0};
    const int ready = ::poll(&fd, 1, remainingMillis(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      error_ = "serve printed no \"listening\" line in time; log:\n" + log();
      return false;
    }
    if (!drainOnce(stdout_fd_, printed)) {
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
      error_ = "serve exited with code " + std::to_string(exitCodeOf(status)) +
               " before listening; stdout: " + printed + "; log:\n" + log();
      return false;
    }
  }
  const std::string line = printed.substr(0, printed.find('\n'));
  const std::string prefix = "listening ";
  const auto port_colon = line.rfind(':');
  if (!line.starts_with(prefix) || port_colon == std::string::npos) {
    error_ = "unexpected first line from serve: " + line;
    return false;
  }
  url_ = line.substr(prefix.size());
  port_ = static_cast<std::uint16_t>(std::stoi(line.substr(port_colon + 1)));
  const std::string federation_prefix = "federation listening ";
  const auto second = printed.find(federation_prefix);
  if (second != std::string::npos) {
    const std::string rest = printed.substr(second, printed.find('\n', second) - second);
    federation_port_ = static_cast<std::uint16_t>(std::stoi(rest.substr(rest.rfind(':') + 1)));
  }
  return true;
}

int BackgroundServer::stop(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  if (!waitUntil(pid_, Clock::now() + timeout, status)) {
    killNow();
    return -1;
  }
  pid_ = -1;
  closeFd(stdout_fd_);
  return exitCodeOf(status);
}

std::string BackgroundServer::log() const {
  std::ifstream in(log_file_);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void BackgroundServer::killNow() {
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace cartable::cli_testing
