#include "core/storage/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "core/storage/sqlite_error.h"

namespace cartable::storage {
namespace {

namespace fs = std::filesystem;

Error ioError(const std::string& doing, int error_number) {
  return makeError(Errc::io_error, doing + ": " + std::generic_category().message(error_number));
}

Error ioError(const std::string& doing, const std::error_code& ec) {
  return makeError(Errc::io_error, doing + ": " + ec.message());
}

std::string directoryOf(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

// Flushes a file, or a directory's entries, to the disk.
Status syncPath(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
  if (fd < 0) return ioError("cannot open " + path + " to sync it", errno);
  const int rc = ::fsync(fd);
  const int sync_errno = errno;
  ::close(fd);
  if (rc != 0) return ioError("cannot sync " + path, sync_errno);
  return okStatus();
}

// Renames without ever replacing `to`, so that a backup cannot overwrite a file
// created after our existence check.
Status renameNoReplace(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
    return okStatus();
  }
  if (errno == EEXIST) {
    return makeError(Errc::already_exists, "backup destination " + to + " already exists");
  }
  if (errno != EINVAL && errno != ENOSYS)
    return ioError("cannot rename " + from + " to " + to, errno);
  // The file system cannot refuse to replace: fall back to a checked rename.
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) return ioError("cannot rename " + from + " to " + to, ec);
  return okStatus();
}

Status renameIfPresent(const std::string& from, const std::string& to) {
  std::error_code ec;
  if (!fs::exists(from, ec)) return okStatus();
  fs::rename(from, to, ec);
  if (ec) return ioError("cannot rename " + from + " to " + to, ec);
  return okStatus();
}

Status removeIfPresent(const std::string& path) {
  std::error_code ec;
  fs::remove(path, ec);
  if (ec) return ioError("cannot remove " + path, ec);
  return okStatus();
}

// Removes a database file and its companions when the operation that was
// writing it did not finish.
class RemoveUnlessKept {
 public:
  explicit RemoveUnlessKept(std::string path) : path_(std::move(path)) {}
  ~RemoveUnlessKept() {
    if (kept_) return;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
      std::error_code ec;
      fs::remove(path_ + suffix, ec);
    }
  }
  RemoveUnlessKept(const RemoveUnlessKept&) = delete;
  RemoveUnlessKept& operator=(const RemoveUnlessKept&) = delete;
  void keep() { kept_ = true; }

 private:
  std::string path_;
  bool kept_ = false;
};

Status checkIntegrity(Connection& connection, const std::string& path) {
  CARTABLE_ASSIGN_OR_RETURN(Statement stmt, connection.query("PRAGMA integrity_check"));
  CARTABLE_ASSIGN_OR_RETURN(bool has_row, stmt.step());
  const std::string verdict = has_row ? stmt.text(0) : std::string("no answer");
  if (verdict == "ok") return okStatus();
  return makeError(Errc::corrupt, path + " fails the integrity check: " + verdict);
}

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

// Copies `source` into a new file at `path`, left in rollback-journal mode so
// that the backup is one self-contained file.
Status copyDatabase(Connection& source, const std::string& path) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int open_rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqliteHandle destination(raw);
  const std::string doing = "cannot back up to " + path;
  if (open_rc != SQLITE_OK) return sqliteError(open_rc, raw, doing);
  sqlite3_extended_result_codes(raw, 1);

  sqlite3_backup* backup = sqlite3_backup_init(raw, "main", source.handle(), "main");
  if (backup == nullptr) return sqliteError(sqlite3_extended_errcode(raw), raw, doing);
  // All pages in one step: the source's read transaction then spans the whole
  // copy, which is a consistent snapshot while the writer keeps committing.
  const int step_rc = sqlite3_backup_step(backup, -1);
  const int finish_rc = sqlite3_backup_finish(backup);
  if (step_rc != SQLITE_DONE) return sqliteError(step_rc, raw, doing);
  if (finish_rc != SQLITE_OK) return sqliteError(finish_rc, raw, doing);

  const int rc = sqlite3_exec(raw, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return sqliteError(rc, raw, doing);
  return okStatus();
}

Status verifyCopy(const std::string& path) {
  CARTABLE_ASSIGN_OR_RETURN(auto copy, Connection::open(path, Connection::Mode::read_only));
  return checkIntegrity(*copy, path);
}

// Checks that `backup_file` is a sound Cartable database this program can run.
Status checkBackup(const std::string& backup_file, int max_known_version) {
  CARTABLE_ASSIGN_OR_RETURN(auto backup,
                            Connection::open(backup_file, Connection::Mode::read_only));
  CARTABLE_RETURN_IF_ERROR(checkIntegrity(*backup, backup_file));
  CARTABLE_ASSIGN_OR_RETURN(
      auto has_table, backup->scalarInt64("SELECT count(*) FROM sqlite_master "
                                          "WHERE type = 'table' AND name = 'schema_migrations'"));
  if (has_table.value_or(0) == 0) {
    return makeError(
        Errc::invalid_argument,
        backup_file + " is not a Cartable database: it has no schema_migrations table");
  }
  CARTABLE_ASSIGN_OR_RETURN(auto version,
                            backup->scalarInt64("SELECT max(version) FROM schema_migrations"));
  if (version.value_or(0) > max_known_version) {
    return makeError(Errc::failed_precondition,
                     backup_file + " has schema version " + std::to_string(*version) +
                         ", newer than this program knows (" + std::to_string(max_known_version) +
                         "); install a newer Cartable");
  }
  return okStatus();
}

// Moves the current database aside as "<path>.before-restore", together with
// its journal files so that uncheckpointed commits stay with it.
Status setCurrentAside(const std::string& database_path) {
  const std::string aside = database_path + ".before-restore";
  for (const char* suffix : {"-wal", "-journal", "-shm"}) {
    CARTABLE_RETURN_IF_ERROR(removeIfPresent(aside + suffix));
  }
  CARTABLE_RETURN_IF_ERROR(renameIfPresent(database_path, aside));
  for (const char* suffix : {"-wal", "-journal"}) {
    CARTABLE_RETURN_IF_ERROR(renameIfPresent(database_path + suffix, aside + suffix));
  }
  return removeIfPresent(database_path + "-shm");
}

Status backupUnchecked(Database& db, const std::string& destination) {
  std::error_code ec;
  if (fs::exists(destination, ec)) {
    return makeError(Errc::already_exists, "backup destination " + destination + " already exists");
  }
  const std::string partial = destination + ".partial";
  RemoveUnlessKept cleanup(partial);
  CARTABLE_RETURN_IF_ERROR(removeIfPresent(partial));  // left by an interrupted backup
  CARTABLE_RETURN_IF_ERROR(
      db.read([&](Connection& source) { return copyDatabase(source, partial); }));
  CARTABLE_RETURN_IF_ERROR(verifyCopy(partial));
  CARTABLE_RETURN_IF_ERROR(syncPath(partial, false));
  CARTABLE_RETURN_IF_ERROR(renameNoReplace(partial, destination));
  cleanup.keep();
  return syncPath(directoryOf(destination), true);
}

Status restoreUnchecked(const std::string& backup_file, const std::string& database_path,
                        int max_known_version) {
  std::error_code ec;
  if (!fs::is_regular_file(backup_file, ec)) {
    return makeError(Errc::not_found, "backup file " + backup_file + " does not exist");
  }
  Status usable = checkBackup(backup_file, max_known_version);
  if (!usable.ok()) {
    Error error = usable.error();
    error.message = "cannot restore " + backup_file + ": " + error.message;
    return error;
  }
  const std::string restoring = database_path + ".restoring";
  RemoveUnlessKept cleanup(restoring);
  fs::copy_file(backup_file, restoring, fs::copy_options::overwrite_existing, ec);
  if (ec) return ioError("cannot copy " + backup_file + " to " + restoring, ec);
  CARTABLE_RETURN_IF_ERROR(syncPath(restoring, false));
  CARTABLE_RETURN_IF_ERROR(setCurrentAside(database_path));
  fs::rename(restoring, database_path, ec);
  if (ec) {
    std::error_code ignored;  // best effort: put the previous database back
    fs::rename(database_path + ".before-restore", database_path, ignored);
    return ioError("cannot rename " + restoring + " to " + database_path, ec);
  }
  cleanup.keep();
  return syncPath(directoryOf(database_path), true);
}

}  // namespace

Status backupTo(Database& db, const std::string& destination) {
  try {
    return backupUnchecked(db, destination);
  } catch (const std::exception& e) {
    return makeError(Errc::internal, "backup to " + destination + " failed: " + e.what());
  }
}

Status restoreFrom(const std::string& backup_file, const std::string& database_path,
                   int max_known_version) {
  try {
    return restoreUnchecked(backup_file, database_path, max_known_version);
  } catch (const std::exception& e) {
    return makeError(Errc::internal, "restore of " + backup_file + " failed: " + e.what());
  }
}

}  // namespace cartable::storage
