// `cartable backup --to FILE` or `--to-dir DIR [--keep N]` (online, while
// serving) and `cartable restore --from FILE` (with the service stopped).
#include <charconv>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/backup_rotation.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "core/storage/backup.h"
#include "federation/replication/change_log.h"
#include "node/data_lock.h"
#include "node/node.h"
#include "schema/schema.h"

namespace cartable::cli {
namespace {

// Where a backup goes: one named file, or a dated file in a directory whose
// oldest backups beyond `keep` are then deleted.
struct BackupTarget {
  std::string file;
  std::optional<std::string> directory;
  std::optional<int> keep;
};

Result<int> parseKeep(const std::string& text) {
  int keep = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), keep);
  if (error != std::errc() || end != text.data() + text.size() || keep < 1) {
    return makeError(Errc::invalid_argument,
                     "--keep expects a whole number of backups, at least 1, got \"" + text + "\"",
                     "keep");
  }
  return keep;
}

Result<BackupTarget> backupTarget(const Args& args, const Clock& clock) {
  const auto file = args.value("to");
  const auto directory = args.value("to-dir");
  const auto keep = args.value("keep");
  if (file && directory) {
    return makeError(Errc::invalid_argument, "give --to or --to-dir, not both");
  }
  if (!file && !directory) {
    return makeError(Errc::invalid_argument, "--to FILE or --to-dir DIR is required");
  }
  if (keep && !directory) return makeError(Errc::invalid_argument, "--keep goes with --to-dir");
  if (file) return BackupTarget{*file, std::nullopt, std::nullopt};
  BackupTarget target{(std::filesystem::path(*directory) / backupFileName(clock.now())).string(),
                      directory, std::nullopt};
  if (keep) {
    CARTABLE_ASSIGN_OR_RETURN(target.keep, parseKeep(*keep));
  }
  return target;
}

Status ensureDirectory(const std::string& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    return makeError(Errc::io_error, "cannot create " + directory + ": " + error.message(),
                     "to-dir");
  }
  return okStatus();
}

}  // namespace

int runBackup(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"config", "to", "to-dir", "keep"}, {});
  if (!args.ok()) return usage("backup", args.error().message);
  auto target = backupTarget(*args, SystemClock::instance());
  if (!target.ok()) return usage("backup", target.error().message);
  auto settings = loadConfig(*args);
  if (!settings) return kExitConfig;
  if (Status owner = checkDataDirOwner(*settings); !owner.ok()) {
    return fail("backup", owner.error());
  }
  auto db = node::openDatabase(*settings, SystemClock::instance());
  if (!db.ok()) return fail("backup", db.error());
  if (target->directory) {
    if (Status made = ensureDirectory(*target->directory); !made.ok()) {
      return fail("backup", made.error());
    }
  }
  if (Status done = storage::backupTo(**db, target->file); !done.ok()) {
    return fail("backup", done.error());
  }
  std::cout << "Backup written to " << target->file << "\n";
  // Pruning only after a good backup: a failing backup never costs an old one.
  if (!target->keep) return kExitOk;
  auto removed = pruneBackups(*target->directory, *target->keep);
  if (!removed.ok()) return fail("backup", removed.error());
  for (const std::string& path : *removed) std::cout << "Removed old backup " << path << "\n";
  return kExitOk;
}

int runRestore(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"config", "from"}, {});
  if (!args.ok()) return usage("restore", args.error().message);
  const auto source = args->value("from");
  if (!source) return usage("restore", "--from FILE is required");
  auto settings = loadConfig(*args);
  if (!settings) return kExitConfig;
  if (Status owner = checkDataDirOwner(*settings); !owner.ok()) {
    return fail("restore", owner.error());
  }
  // Replacing the file under a live server would leave it on the old one.
  auto lock = node::DataLock::acquire(settings->data_dir);
  if (!lock.ok()) return fail("restore", lock.error());
  const std::string path = settings->databasePath();
  if (Status done = storage::restoreFrom(*source, path, schema::latestVersion()); !done.ok()) {
    return fail("restore", done.error());
  }
  // The restored database starts a new replication epoch, so that the hub
  // takes what it writes from now on instead of mistaking it for what it saw.
  auto db = node::openDatabase(*settings, SystemClock::instance());
  if (!db.ok()) return fail("restore", db.error());
  if (Status epoch = (*db)->write(federation::startNewEpoch); !epoch.ok()) {
    return fail("restore", epoch.error());
  }
  std::cout << "Restored " << path << " from " << *source << "; the previous database is kept as "
            << path << ".before-restore\n";
  return kExitOk;
}

}  // namespace cartable::cli
