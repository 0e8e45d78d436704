// Dated backups in one directory, keeping the newest N: what
// `cartable backup --to-dir DIR --keep N` and the daily backup timer use.
#pragma once

#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"

namespace cartable::cli {

// The file name of a backup taken at `when`: "cartable-YYYYMMDD-HHMMSS.db",
// in UTC so that names sort in time order across daylight-saving changes.
std::string backupFileName(Seconds when);

// Whether `name` is a file name made by backupFileName.
bool isBackupFileName(const std::string& name);

// The backups in `directory` (files named by backupFileName), oldest first.
// Other files are ignored.
Result<std::vector<std::string>> listBackups(const std::string& directory);

// Deletes the oldest backups in `directory` so that at most `keep` (>= 1)
// remain; returns the paths it deleted, oldest first. Other files are never
// touched.
Result<std::vector<std::string>> pruneBackups(const std::string& directory, int keep);

}  // namespace cartable::cli
