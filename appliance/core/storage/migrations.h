// Numbered schema migrations, applied at start and recorded in the database.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/embedded_file.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::storage {

struct Migration {
  int version = 0;        // 1, 2, 3, ... with no gap
  std::string name;       // from the file name: 0003_sessions.sql -> "sessions"
  std::string_view sql;
};

// Builds the migration list from files named NNNN_name.sql. Fails when a name
// does not follow the pattern, or versions are not exactly 1..N.
Result<std::vector<Migration>> migrationsFromFiles(std::span<const EmbeddedFile> files);

// The highest migration recorded in the database (0 for an empty one).
Result<int> schemaVersion(Database& db);

// Applies every pending migration, each in its own transaction together with
// its row in schema_migrations (version, name, applied_at). Returns the number
// applied. A database whose version is above the last known migration is
// refused with failed_precondition and a message naming both versions.
Result<int> applyMigrations(Database& db, std::span<const Migration> migrations,
                            const Clock& clock);

}  // namespace cartable::storage
