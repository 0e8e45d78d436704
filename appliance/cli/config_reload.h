// What SIGHUP changes in a running node: the log level and the access log.
// Every other key is read at start only.
#pragma once

#include <string>

#include "config/settings.h"
#include "node/node.h"

namespace cartable::cli {

// Reads `path` again. When it is valid, applies logging.level and
// logging.access_log to the process and `node`, logs what changed, and
// stores the new logging settings in `current`. When it is not, logs every
// problem and keeps the running settings. Returns whether it applied.
bool reloadLogging(const std::string& path, config::Settings& current, node::Node& node);

}  // namespace cartable::cli
