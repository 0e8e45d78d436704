#include "cli/common.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

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

Status checkDataDirOwner(const config::Settings& settings) {
  struct stat info {};
  if (::geteuid() != 0 || ::stat(settings.data_dir.c_str(), &info) != 0 || info.st_uid == 0) {
    return okStatus();
  }
  const passwd* owner = ::getpwuid(info.st_uid);
  const std::string name = owner ? owner->pw_name : "uid " + std::to_string(info.st_uid);
  return makeError(Errc::permission_denied,
                   "refusing to run as root on " + settings.data_dir + ", which belongs to " +
                       name + ": files made now would be unreadable to the service; run it as " +
                       name + " (sudo -u " + name + " cartable ...)",
                   "data_dir");
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
