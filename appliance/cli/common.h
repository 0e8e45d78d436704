// Helpers shared by the subcommands: loading the configuration, printing errors.
#pragma once

#include <optional>
#include <string>

#include "cli/args.h"
#include "config/settings.h"
#include "core/base/result.h"

namespace cartable::cli {

// Loads the file named by --config (or the default path); prints every
// problem to stderr and returns nothing when there is any.
std::optional<config::Settings> loadConfig(const Args& args);

// Run as root on a data directory that belongs to another user (the packaged
// `cartable` user), refuses: files root created there (database, journal,
// keys) would be unreadable to the service. Ok in every other case.
Status checkDataDirOwner(const config::Settings& settings);

// Prints "cartable <command>: <message>" to stderr and returns kExitFailure.
int fail(const std::string& command, const Error& error);
// Prints a usage error and returns kExitUsage.
int usage(const std::string& command, const std::string& message);

// Sets the log level from the settings.
void applyLogging(const config::Settings& settings);

}  // namespace cartable::cli
