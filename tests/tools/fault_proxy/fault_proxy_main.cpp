// cartable-fault-proxy: see kUsage in options.cpp and kCommandHelp in control.cpp.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "control.h"
#include "fault_proxy.h"
#include "options.h"

using namespace cartable::fault_proxy;

int main(int argc, char** argv) {
  const std::vector<std::string> arguments(argv + 1, argv + argc);
  auto options = parseOptions(arguments);
  if (!options.ok()) {
    std::cerr << "cartable-fault-proxy: " << options.error().message << "\n" << kUsage;
    return 2;
  }
  if (options->help) {
    std::cout << kUsage << kCommandHelp << "\n";
    return 0;
  }
  auto running = FaultProxyThread::start(options->config);
  if (!running.ok()) {
    std::cerr << "cartable-fault-proxy: " << running.error().message << "\n";
    return 1;
  }
  FaultProxy& proxy = (*running)->proxy();
  proxy.setFaults(Direction::up, options->up);
  proxy.setFaults(Direction::down, options->down);
  proxy.setRefuse(options->refuse);
  std::cout << "listening on " << options->config.listen.host << ":" << proxy.port() << std::endl;

  for (std::string line; std::getline(std::cin, line);) {
    const Reply reply = runCommand(proxy, line);
    if (!reply.text.empty()) std::cout << reply.text << std::endl;
    if (reply.quit) return 0;
  }
  // Without a controller (stdin at its end, as for a background job) the
  // proxy keeps its faults and runs until a signal ends it.
  for (;;) ::pause();
}
