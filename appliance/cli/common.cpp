#include "cli/common.h"

#include <iostream>

#include "config/loader.h"
#include "core/base/log.h"

namespace cartable::cli {

std::optional<config::Settings> loadConfig(const Args& args) {
  const std::string path = args.value("config").value_or(config::kDefaultConfigPath);
  config::LoadResult loaded = config::loadSettingsFile(path);
  if (loaded.ok()) return loaded.settings;
  for (const config::ConfigProblem& problem : loaded.problems) {
    std::cerr << problem.toString() << "\n";
  }
  std::cerr << path << ": " << loaded.problems.size() << " problem"
            << (loaded.problems.size() == 1 ? "" : "s") << "; nothing started\n";
  return std::nullopt;
}

int fail(const std::string& command, const Error& error) {
  std::cerr << "cartable " << command << ": " << error.message << "\n";
  return kExitFailure;
}

int usage(const std::string& command, const std::string& message) {
  std::cerr << "cartable " << command << ": " << message << "\n"
            << "Run `cartable help` for the list of commands and options.\n";
  return kExitUsage;
}

void applyLogging(const config::Settings& settings) {
  using config::LogLevel;
  switch (settings.logging.level) {
    case LogLevel::debug: log::setLevel(log::Level::debug); break;
    case LogLevel::info: log::setLevel(log::Level::info); break;
    case LogLevel::warning: log::setLevel(log::Level::warning); break;
    case LogLevel::error: log::setLevel(log::Level::error); break;
  }
}

}  // namespace cartable::cli
