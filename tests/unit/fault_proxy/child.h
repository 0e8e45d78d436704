// Runs cartable-fault-proxy as a child process with its stdin, stdout and
// stderr on pipes, as a test script would.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace cartable::fault_proxy::testing {

class Child {
 public:
  Child(const std::string& program, const std::vector<std::string>& arguments);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  void writeLine(const std::string& line);
  void closeStdin();
  // The next stdout line without its newline; empty on timeout or end.
  std::string readLine(std::chrono::milliseconds timeout);
  // Waits for the exit; the exit code, or -1 if still running after `timeout`.
  int wait(std::chrono::milliseconds timeout);
  // Everything on stderr (after the exit).
  std::string readStderr();

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  std::string pending_;
};

}  // namespace cartable::fault_proxy::testing
