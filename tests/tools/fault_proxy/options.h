// Command line of cartable-fault-proxy.
#pragma once

#include <string>
#include <vector>

#include "core/base/result.h"
#include "fault_proxy.h"

namespace cartable::fault_proxy {

struct Options {
  FaultProxyConfig config;
  DirectionFaults up;
  DirectionFaults down;
  bool refuse = false;
  bool help = false;
};

// Parses the arguments after the program name; errors name the option at fault.
Result<Options> parseOptions(const std::vector<std::string>& arguments);

extern const char* const kUsage;

}  // namespace cartable::fault_proxy
