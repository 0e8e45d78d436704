#include "cli/config_reload.h"

#include "cli/common.h"
#include "config/loader.h"
#include "core/base/log.h"

namespace cartable::cli {
namespace {

const char* levelName(config::LogLevel level) {
  switch (level) {
    case config::LogLevel::debug:
      return "debug";
    case config::LogLevel::info:
      return "info";
    case config::LogLevel::warning:
      return "warning";
    case config::LogLevel::error:
      return "error";
  }
  return "?";
}

const char* onOff(bool value) {
  return value ? "true" : "false";
}

std::string describeChange(const config::LoggingSettings& before,
                           const config::LoggingSettings& after) {
  std::string level = std::string("logging.level ") + levelName(after.level);
  if (after.level != before.level) level += std::string(" (was ") + levelName(before.level) + ")";
  std::string access = std::string("logging.access_log ") + onOff(after.access_log);
  if (after.access_log != before.access_log) {
    access += std::string(" (was ") + onOff(before.access_log) + ")";
  }
  return level + ", " + access;
}

}  // namespace

bool reloadLogging(const std::string& path, config::Settings& current, node::Node& node) {
  const config::LoadResult loaded = config::loadSettingsFile(path);
  if (!loaded.ok()) {
    for (const config::ConfigProblem& problem : loaded.problems) log::error(problem.toString());
    log::error("reload: " + path + " has " + std::to_string(loaded.problems.size()) +
               " problem(s); the running configuration is kept");
    return false;
  }
  const config::LoggingSettings before = current.logging;
  const std::string line = "reload: " + path + ": " +
                           describeChange(before, loaded.settings.logging) +
                           "; other keys take effect at the next restart";
  // Said under whichever of the two levels lets an info line through.
  const bool said_before = log::level() >= log::Level::info;
  if (said_before) log::info(line);
  current.logging = loaded.settings.logging;
  applyLogging(current);
  node.setAccessLog(current.logging.access_log);
  if (!said_before) log::info(line);
  return true;
}

}  // namespace cartable::cli
