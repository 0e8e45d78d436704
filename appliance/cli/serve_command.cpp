// `cartable serve`: runs the node until SIGTERM or SIGINT, reloads the
// logging settings on SIGHUP, and keeps systemd informed (systemd_notifier.h).
#include <sys/resource.h>

#include <csignal>
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/config_reload.h"
#include "cli/health_probe.h"
#include "cli/service_status.h"
#include "cli/systemd_notifier.h"
#include "config/loader.h"
#include "core/base/log.h"
#include "node/data_lock.h"
#include "node/node.h"

namespace cartable::cli {
namespace {

// Blocks SIGTERM, SIGINT and SIGHUP in every thread (call before any thread
// starts) and returns the set, for sigwait.
sigset_t blockServeSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

std::string urlOf(const config::Settings& settings, std::uint16_t port) {
  const std::string& address = settings.http.listen_address;
  const std::string host = address.find(':') != std::string::npos ? "[" + address + "]" : address;
  return std::string(settings.http.plain_http ? "http" : "https") + "://" + host + ":" +
         std::to_string(port) + "/";
}

// Waits for SIGTERM or SIGINT, reloading on each SIGHUP meanwhile; returns
// the signal that ended the wait.
int serveUntilStopped(const sigset_t& signals, const std::string& config_path,
                      config::Settings& settings, node::Node& node, SystemdNotifier& notifier) {
  for (;;) {
    int received = 0;
    sigwait(&signals, &received);
    if (received != SIGHUP) return received;
    notifier.reloading();
    reloadLogging(config_path, settings, node);
    notifier.ready();
  }
}

// Each live notification stream holds a descriptor: the soft limit (often
// 1,024 outside systemd) is raised to the hard one, and a limit still below
// limits.max_live_streams is said in the journal.
void raiseDescriptorLimit(const config::Settings& settings) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  const auto wanted = static_cast<rlim_t>(settings.limits.max_live_streams) +
                      static_cast<rlim_t>(settings.limits.threads) + 256;
  if (limit.rlim_cur < wanted) {
    log::warning("the open file limit " + std::to_string(limit.rlim_cur) +
                 " is below what limits.max_live_streams needs (" + std::to_string(wanted) +
                 "); raise LimitNOFILE or lower max_live_streams");
  }
}

}  // namespace

int runServe(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"config"}, {});
  if (!args.ok()) return usage("serve", args.error().message);
  const std::string config_path = args->value("config").value_or(config::kDefaultConfigPath);
  auto settings = loadConfig(*args);
  if (!settings) return kExitConfig;
  if (Status owner = checkDataDirOwner(*settings); !owner.ok()) return fail("serve", owner.error());
  applyLogging(*settings);
  raiseDescriptorLimit(*settings);
  const sigset_t signals = blockServeSignals();
  auto lock = node::DataLock::acquire(settings->data_dir);
  if (!lock.ok()) return fail("serve", lock.error());
  auto node = node::Node::open(*settings);
  if (!node.ok()) return fail("serve", node.error());
  if (Status started = (*node)->start(); !started.ok()) return fail("serve", started.error());
  const std::string url = urlOf(*settings, (*node)->port());
  log::info("serving on " + url);
  // Tests and scripts read this line to learn the port when port 0 was asked.
  std::cout << "listening " << url << std::endl;
  if (const std::uint16_t federation_port = (*node)->federationPort()) {
    std::cout << "federation listening " << settings->federation.listen_address << ":"
              << federation_port << std::endl;
  }

  const HealthProbe probe(settings->http.listen_address, (*node)->port(),
                          !settings->http.plain_http);
  node::Node& serving = **node;
  SystemdNotifier notifier({
      [&probe](std::chrono::milliseconds timeout) { return probe.check(timeout); },
      [&url, &serving] {
        return formatStatus(currentStatus(url, serving.database(), serving.federationSummary()));
      },
  });
  notifier.ready();
  const int received = serveUntilStopped(signals, config_path, *settings, **node, notifier);
  notifier.stopping();
  log::info(std::string("stopping on ") + (received == SIGINT ? "SIGINT" : "SIGTERM"));
  (*node)->stop();
  return kExitOk;
}

}  // namespace cartable::cli
