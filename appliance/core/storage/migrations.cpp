#include "core/storage/migrations.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <regex>

namespace cartable::storage {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)";

std::string fileName(const Migration& migration) {
  char number[8];
  std::snprintf(number, sizeof number, "%04d", migration.version);
  return std::string(number) + "_" + migration.name + ".sql";
}

Result<Migration> parseFileName(const EmbeddedFile& file) {
  static const std::regex kPattern("^([0-9]{4})_([a-z0-9_]+)\\.sql$");
  const std::string name(file.name);
  std::smatch match;
  if (!std::regex_match(name, match, kPattern)) {
    return makeError(Errc::invalid_argument,
                     "migration file name \"" + name + "\" does not match NNNN_name.sql", name);
  }
  return Migration{std::stoi(match[1].str()), match[2].str(), file.contents};
}

// Versions must be exactly 1..N once sorted.
Status checkSequence(const std::vector<Migration>& migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    const int expected = static_cast<int>(i) + 1;
    const Migration& migration = migrations[i];
    if (migration.version == expected) continue;
    const std::string file = fileName(migration);
    if (i > 0 && migrations[i - 1].version == migration.version) {
      return makeError(
          Errc::invalid_argument,
          "migration " + file + " has the same version as " + fileName(migrations[i - 1]), file);
    }
    return makeError(Errc::invalid_argument,
                     "migration " + file + " should have version " + std::to_string(expected) +
                         ": versions must run from 1 with no gap",
                     file);
  }
  return okStatus();
}

struct Recorded {
  int version = 0;
  std::string name;
};

Result<std::vector<Recorded>> recordedMigrations(Connection& connection) {
  CARTABLE_ASSIGN_OR_RETURN(
      Statement stmt,
      connection.query("SELECT version, name FROM schema_migrations ORDER BY version"));
  std::vector<Recorded> recorded;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, stmt.step());
    if (!has_row) return recorded;
    recorded.push_back({static_cast<int>(stmt.int64(0)), stmt.text(1)});
  }
}

// Checks that the database's history is a prefix of `migrations` and returns
// the number of migrations already applied.
Result<int> checkHistory(const std::vector<Recorded>& recorded,
                         std::span<const Migration> migrations) {
  const int known = static_cast<int>(migrations.size());
  const int current = recorded.empty() ? 0 : recorded.back().version;
  if (current > known) {
    return makeError(Errc::failed_precondition,
                     "database schema version " + std::to_string(current) +
                         " is newer than this program knows (" + std::to_string(known) +
                         "); install a newer Cartable or restore a backup");
  }
  for (std::size_t i = 0; i < recorded.size(); ++i) {
    const Recorded& row = recorded[i];
    if (row.version != static_cast<int>(i) + 1) {
      return makeError(Errc::corrupt,
                       "schema_migrations has no row for version " + std::to_string(i + 1));
    }
    const Migration& migration = migrations[i];
    if (row.name != migration.name) {
      return makeError(Errc::corrupt, "schema_migrations records version " +
                                          std::to_string(row.version) + " as \"" + row.name +
                                          "\" but this program knows it as \"" + migration.name +
                                          "\"");
    }
  }
  return current;
}

Status applyOne(Database& db, const Migration& migration, const Clock& clock) {
  Status status = db.write([&](Connection& connection) -> Status {
    CARTABLE_RETURN_IF_ERROR(connection.script(migration.sql));
    CARTABLE_RETURN_IF_ERROR(connection.exec(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
        migration.version, migration.name, clock.now()));
    return connection.script("PRAGMA user_version = " + std::to_string(migration.version));
  });
  if (status.ok()) return status;
  Error error = status.error();
  error.message = "migration " + fileName(migration) + " failed: " + error.message;
  return error;
}

}  // namespace

Result<std::vector<Migration>> migrationsFromFiles(std::span<const EmbeddedFile> files) {
  std::vector<Migration> migrations;
  for (const EmbeddedFile& file : files) {
    CARTABLE_ASSIGN_OR_RETURN(Migration migration, parseFileName(file));
    migrations.push_back(std::move(migration));
  }
  std::stable_sort(migrations.begin(), migrations.end(),
                   [](const Migration& a, const Migration& b) { return a.version < b.version; });
  CARTABLE_RETURN_IF_ERROR(checkSequence(migrations));
  return migrations;
}

Result<int> schemaVersion(Database& db) {
  int version = 0;
  CARTABLE_RETURN_IF_ERROR(db.read([&](Connection& connection) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(
        auto has_table, connection.scalarInt64("SELECT count(*) FROM sqlite_master WHERE type = "
                                               "'table' AND name = 'schema_migrations'"));
    if (has_table.value_or(0) == 0) return okStatus();
    CARTABLE_ASSIGN_OR_RETURN(auto highest,
                              connection.scalarInt64("SELECT max(version) FROM schema_migrations"));
    version = static_cast<int>(highest.value_or(0));
    return okStatus();
  }));
  return version;
}

Result<int> applyMigrations(Database& db, std::span<const Migration> migrations,
                            const Clock& clock) {
  std::vector<Recorded> recorded;
  CARTABLE_RETURN_IF_ERROR(db.write([&](Connection& connection) -> Status {
    CARTABLE_RETURN_IF_ERROR(connection.script(kCreateTable));
    CARTABLE_ASSIGN_OR_RETURN(recorded, recordedMigrations(connection));
    return okStatus();
  }));
  CARTABLE_ASSIGN_OR_RETURN(int current, checkHistory(recorded, migrations));
  for (std::size_t i = static_cast<std::size_t>(current); i < migrations.size(); ++i) {
    assert(migrations[i].version == static_cast<int>(i) + 1 && "migrations must be 1..N");
    CARTABLE_RETURN_IF_ERROR(applyOne(db, migrations[i], clock));
  }
  return static_cast<int>(migrations.size()) - current;
}

}  // namespace cartable::storage
