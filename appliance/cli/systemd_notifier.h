// What `cartable serve` tells systemd (sd_notify): READY=1, a one-line
// STATUS= kept current, WATCHDOG=1 only while the server proves it answers,
// RELOADING=1 and STOPPING=1. Every message is a no-op when the process was
// not started by systemd (NOTIFY_SOCKET unset).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/base/result.h"

namespace cartable::cli {

class SystemdNotifier {
 public:
  struct Hooks {
    // Proves that the server answers requests within the time given; called
    // from the monitor thread.
    std::function<Status(std::chrono::milliseconds)> check_health;
    // The one-line state shown by `systemctl status`.
    std::function<std::string()> describe;
  };

  explicit SystemdNotifier(Hooks hooks,
                           std::chrono::milliseconds status_interval = std::chrono::seconds(30));
  ~SystemdNotifier();
  SystemdNotifier(const SystemdNotifier&) = delete;
  SystemdNotifier& operator=(const SystemdNotifier&) = delete;

  // READY=1 with the current status. The first call starts the monitor
  // thread: it refreshes STATUS= every status interval and, when systemd set
  // a watchdog for this process, checks health every quarter of the watchdog
  // timeout and sends WATCHDOG=1 after each success.
  void ready();
  // RELOADING=1, before the configuration is read again; ready() follows.
  void reloading();
  // STOPPING=1, after stopping the monitor thread.
  void stopping();

  // The watchdog timeout systemd set for this process; zero when none.
  static std::chrono::microseconds watchdogTimeout();

 private:
  void monitor(std::chrono::microseconds watchdog);
  void probe(std::chrono::milliseconds timeout);
  void sendStatus(const std::string& prefix = {});

  Hooks hooks_;
  const std::chrono::milliseconds status_interval_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool failing_ = false;  // monitor thread only
};

}  // namespace cartable::cli
