#include "cli/systemd_notifier.h"

#include <systemd/sd-daemon.h>
#include <time.h>

#include <algorithm>

#include "core/base/log.h"

namespace cartable::cli {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

void notify(const std::string& message) {
  sd_notify(0, message.c_str());
}

std::string monotonicMicros() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return std::to_string(static_cast<long long>(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000);
}

}  // namespace

SystemdNotifier::SystemdNotifier(Hooks hooks, milliseconds status_interval)
    : hooks_(std::move(hooks)), status_interval_(status_interval) {}

SystemdNotifier::~SystemdNotifier() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

microseconds SystemdNotifier::watchdogTimeout() {
  uint64_t usec = 0;
  // > 0 only when WATCHDOG_USEC is set and WATCHDOG_PID, if set, is this process.
  if (sd_watchdog_enabled(0, &usec) <= 0) return microseconds::zero();
  return microseconds(usec);
}

void SystemdNotifier::ready() {
  notify("READY=1\nSTATUS=" + hooks_.describe());
  if (thread_.joinable()) return;
  const microseconds watchdog = watchdogTimeout();
  if (watchdog > microseconds::zero()) {
    log::info("systemd watchdog: " + std::to_string(watchdog.count() / 1000) +
              " ms; /healthz is checked every quarter of it");
  }
  thread_ = std::thread([this, watchdog] { monitor(watchdog); });
}

void SystemdNotifier::reloading() {
  // systemd 253+ matches RELOADING=1 to the reload through MONOTONIC_USEC.
  notify("RELOADING=1\nMONOTONIC_USEC=" + monotonicMicros() +
         "\nSTATUS=reloading the configuration");
}

void SystemdNotifier::stopping() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  notify("STOPPING=1\nSTATUS=stopping");
}

// Several checks per watchdog period: one slow answer under load does not get
// the service killed; only a server that stays mute for the whole period does.
void SystemdNotifier::monitor(microseconds watchdog) {
  const bool watching = watchdog > microseconds::zero();
  const auto probe_every =
      std::max(std::chrono::duration_cast<milliseconds>(watchdog / 4), milliseconds(100));
  auto next_probe = steady_clock::now();
  auto next_status = steady_clock::now() + status_interval_;
  std::unique_lock lock(mutex_);
  while (!stop_) {
    const auto next = watching ? std::min(next_probe, next_status) : next_status;
    if (wake_.wait_until(lock, next, [this] { return stop_; })) break;
    lock.unlock();
    const auto now = steady_clock::now();
    if (watching && now >= next_probe) {
      probe(probe_every);
      next_probe = now + probe_every;
    }
    if (now >= next_status) {
      if (!failing_) sendStatus();
      next_status = now + status_interval_;
    }
    lock.lock();
  }
}

void SystemdNotifier::probe(milliseconds timeout) {
  const Status health = hooks_.check_health(timeout);
  if (health.ok()) {
    notify("WATCHDOG=1");
    if (failing_) {
      log::info("health check: the server answers again");
      failing_ = false;
      sendStatus();
    }
    return;
  }
  // Logged once per failing spell; the journal need not repeat it 4 times a period.
  if (!failing_) log::warning("health check failed, watchdog not fed: " + health.error().message);
  failing_ = true;
  sendStatus("health check failing (" + health.error().message + ") · ");
}

void SystemdNotifier::sendStatus(const std::string& prefix) {
  notify("STATUS=" + prefix + hooks_.describe());
}

}  // namespace cartable::cli
