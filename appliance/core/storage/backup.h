// Online backups with SQLite's backup API, and their restore.
#pragma once

#include <string>

#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::storage {

// Copies the live database to `destination` while the server keeps serving.
// The copy is written to "<destination>.partial", fsynced, checked with
// PRAGMA integrity_check, then renamed: `destination` is never half-written.
// An existing destination is refused (already_exists).
Status backupTo(Database& db, const std::string& destination);

// Replaces the database file at `database_path` by a copy of `backup_file`,
// for use while no server runs on it. The backup is checked first
// (integrity_check, schema version not above `max_known_version`); the current
// file, if any, is kept as "<database_path>.before-restore" and stale WAL/SHM
// files are removed.
Status restoreFrom(const std::string& backup_file, const std::string& database_path,
                   int max_known_version);

}  // namespace cartable::storage
