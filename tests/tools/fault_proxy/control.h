// The control language read on stdin by cartable-fault-proxy, one command a
// line, so a test script can change the faults while connections run.
#pragma once

#include <string>
#include <string_view>

#include "fault_proxy.h"

namespace cartable::fault_proxy {

struct Reply {
  std::string text;  // "ok", "error: ...", the stats line; empty for a blank line
  bool quit = false;
};

// Runs one command line against `proxy`.
Reply runCommand(FaultProxy& proxy, std::string_view line);

extern const char* const kCommandHelp;

}  // namespace cartable::fault_proxy
