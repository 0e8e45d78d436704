// `cartable backup --to FILE` (online, while serving) and
// `cartable restore --from FILE` (with the service stopped).
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/storage/backup.h"
#include "node/data_lock.h"
#include "node/node.h"
#include "schema/schema.h"

namespace cartable::cli {

int runBackup(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"config", "to"}, {});
  if (!args.ok()) return usage("backup", args.error().message);
  const auto destination = args->value("to");
  if (!destination) return usage("backup", "--to FILE is required");
  auto settings = loadConfig(*args);
  if (!settings) return kExitConfig;
  auto db = node::openDatabase(*settings, SystemClock::instance());
  if (!db.ok()) return fail("backup", db.error());
  if (Status done = storage::backupTo(**db, *destination); !done.ok()) {
    return fail("backup", done.error());
  }
  std::cout << "Backup written to " << *destination << "\n";
  return kExitOk;
}

int runRestore(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"config", "from"}, {});
  if (!args.ok()) return usage("restore", args.error().message);
  const auto source = args->value("from");
  if (!source) return usage("restore", "--from FILE is required");
  auto settings = loadConfig(*args);
  if (!settings) return kExitConfig;
  // Replacing the file under a live server would leave it on the old one.
  auto lock = node::DataLock::acquire(settings->data_dir);
  if (!lock.ok()) return fail("restore", lock.error());
  const std::string path = settings->databasePath();
  if (Status done = storage::restoreFrom(*source, path, schema::latestVersion()); !done.ok()) {
    return fail("restore", done.error());
  }
  std::cout << "Restored " << path << " from " << *source << "; the previous database is kept as "
            << path << ".before-restore\n";
  return kExitOk;
}

}  // namespace cartable::cli
