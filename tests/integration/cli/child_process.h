// Runs the real programs as child processes: one-shot commands whose exit
// code and output are captured, and `cartable serve` in the background.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace cartable::cli_testing {

struct CommandResult {
  int exit_code = -1;  // 128 + signal number when killed by a signal
  std::string out;
  std::string err;
  bool timed_out = false;

  // For assertion messages: the exit code and both streams.
  std::string describe() const;
};

// Runs `program` with `arguments`, waits for it and returns what it printed.
// A child still running after `timeout` is killed (timed_out is then set).
CommandResult runCommand(const std::string& program, const std::vector<std::string>& arguments,
                         std::chrono::milliseconds timeout = std::chrono::seconds(30));

// `cartable serve --config FILE` in the background. start() waits for the
// "listening <url>" line; stop() sends SIGTERM and waits for the exit.
class BackgroundServer {
 public:
  BackgroundServer(std::string program, std::string config_file, std::string log_file);
  ~BackgroundServer();
  BackgroundServer(const BackgroundServer&) = delete;
  BackgroundServer& operator=(const BackgroundServer&) = delete;

  // Starts the server and reads its URL; false (with the reason in error())
  // when it exits or stays silent for `timeout`. A hub prints a second line
  // ("federation listening ADDRESS:PORT"): pass `lines` = 2 to read it too.
  bool start(std::chrono::milliseconds timeout = std::chrono::seconds(10), int lines = 1);
  // SIGTERM, then waits up to `timeout`. Returns the exit code, or -1 when the
  // server did not exit in time (it is then killed).
  int stop(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  const std::string& url() const { return url_; }
  std::uint16_t port() const { return port_; }
  // The hub's federation port (0 unless a second line announced it).
  std::uint16_t federationPort() const { return federation_port_; }
  const std::string& error() const { return error_; }
  // What the server wrote on stderr so far (its log).
  std::string log() const;
  // SIGKILL, as a power cut would; then reaps the process.
  void killNow();

 private:

  std::string program_;
  std::string config_file_;
  std::string log_file_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string url_;
  std::uint16_t port_ = 0;
  std::uint16_t federation_port_ = 0;
  std::string error_;
};

}  // namespace cartable::cli_testing
