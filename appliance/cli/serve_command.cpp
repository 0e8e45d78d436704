// `cartable serve`: runs the node until SIGTERM or SIGINT, telling systemd
// when it is ready and when it stops.
#include <systemd/sd-daemon.h>

#include <csignal>
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/base/log.h"
#include "node/data_lock.h"
#include "node/node.h"

namespace cartable::cli {
namespace {

// Blocks SIGTERM and SIGINT in every thread (call before any thread starts)
// and returns the set, for sigwait.
sigset_t blockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

}  // namespace

int runServe(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"config"}, {});
  if (!args.ok()) return usage("serve", args.error().message);
  auto settings = loadConfig(*args);
  if (!settings) return kExitConfig;
  applyLogging(*settings);
  const sigset_t stop_signals = blockStopSignals();
  auto lock = node::DataLock::acquire(settings->data_dir);
  if (!lock.ok()) return fail("serve", lock.error());
  auto node = node::Node::open(*settings);
  if (!node.ok()) return fail("serve", node.error());
  if (Status started = (*node)->start(); !started.ok()) return fail("serve", started.error());
  const std::string scheme = settings->http.plain_http ? "http" : "https";
  const std::string url = scheme + "://" + settings->http.listen_address + ":" +
                          std::to_string((*node)->port()) + "/";
  log::info("serving on " + url);
  // Tests and scripts read this line to learn the port when port 0 was asked.
  std::cout << "listening " << url << std::endl;
  sd_notify(0, ("READY=1\nSTATUS=serving on " + url).c_str());
  int received = 0;
  sigwait(&stop_signals, &received);
  sd_notify(0, "STOPPING=1");
  log::info(std::string("stopping on ") + (received == SIGINT ? "SIGINT" : "SIGTERM"));
  (*node)->stop();
  return kExitOk;
}

}  // namespace cartable::cli
