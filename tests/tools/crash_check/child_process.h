// Child processes started by the checker: stdout and stderr go to files, and a
// child still running when its owner goes away (or this process dies) gets
// SIGKILL, so no server outlives the check.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "core/base/result.h"

namespace cartable::crash {

class ChildProcess {
 public:
  // Runs the program at path argv[0] with `argv`. Its stdout replaces
  // `stdout_path`; its stderr is appended to `stderr_path`. Must be called from
  // the main thread: the kernel ties the parent-death signal to the thread
  // that forked.
  static Result<ChildProcess> start(const std::vector<std::string>& argv,
                                    const std::string& stdout_path, const std::string& stderr_path);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  // Whether the child has exited; reaps it if so. Never blocks.
  bool hasExited();
  // Blocks until the child exits; returns how it ended, e.g. "exit code 2".
  std::string wait();
  // SIGKILL, then reap. Does nothing once the child has been reaped.
  void killAndWait();
  // How the reaped child ended: "exit code N" or "killed by signal N".
  std::string endedHow() const;

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}

  pid_t pid_ = -1;  // -1 once reaped
  int wait_status_ = 0;
};

}  // namespace cartable::crash
