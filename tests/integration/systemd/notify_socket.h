// An AF_UNIX datagram socket standing in for systemd's notification socket
// (NOTIFY_SOCKET): it records every message a process sends with sd_notify.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace cartable::systemd_testing {

class NotifySocket {
 public:
  // Binds a socket at `path` (which must not exist yet).
  explicit NotifySocket(std::string path);
  ~NotifySocket();
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  bool ok() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }

  // Receives messages until one has a line starting with `prefix` (e.g.
  // "READY=1") and returns that whole message; nothing after `timeout`.
  std::optional<std::string> waitForLine(const std::string& prefix,
                                         std::chrono::milliseconds timeout);
  // Every message received so far, in order, for assertion messages.
  std::string transcript() const;

 private:
  std::optional<std::string> receive(std::chrono::milliseconds timeout);

  std::string path_;
  int fd_ = -1;
  std::vector<std::string> messages_;
};

}  // namespace cartable::systemd_testing
