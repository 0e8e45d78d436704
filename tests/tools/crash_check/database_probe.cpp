#include "database_probe.h"

#include <sqlite3.h>

#include <functional>
#include <memory>

namespace cartable::crash {
namespace {

using Handle = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;
using Statement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

Error sqliteError(sqlite3* db, const std::string& what) {
  return makeError(Errc::io_error, what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

Result<Handle> openDatabase(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Handle db(raw, &sqlite3_close);
  if (rc != SQLITE_OK) return sqliteError(db.get(), "cannot open " + path);
  sqlite3_busy_timeout(db.get(), 5000);
  return db;
}

// Runs `sql` (with `code` bound to ?1 when not empty) and hands each row's
// first column to `row`.
Status eachRow(sqlite3* db, const std::string& sql, const std::string& code,
               const std::function<void(const std::string&)>& row) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    return sqliteError(db, sql);
  }
  Statement statement(raw, &sqlite3_finalize);
  if (!code.empty()) {
    sqlite3_bind_text(raw, 1, code.c_str(), static_cast<int>(code.size()), SQLITE_TRANSIENT);
  }
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(raw, 0);
    row(text ? reinterpret_cast<const char*>(text) : "");
  }
  if (rc != SQLITE_DONE) return sqliteError(db, sql);
  return okStatus();
}

}  // namespace

Result<DatabaseState> inspectDatabase(const std::string& path) {
  CARTABLE_ASSIGN_OR_RETURN(Handle db, openDatabase(path, SQLITE_OPEN_READONLY));
  DatabaseState state;
  CARTABLE_RETURN_IF_ERROR(
      eachRow(db.get(), "PRAGMA integrity_check", {}, [&](const std::string& line) {
        state.integrity += state.integrity.empty() ? line : "; " + line;
      }));
  CARTABLE_RETURN_IF_ERROR(
      eachRow(db.get(), "SELECT code FROM subjects", {},
              [&](const std::string& code) { state.subject_codes.insert(code); }));
  return state;
}

Status deleteSubject(const std::string& path, const std::string& code) {
  CARTABLE_ASSIGN_OR_RETURN(Handle db, openDatabase(path, SQLITE_OPEN_READWRITE));
  CARTABLE_RETURN_IF_ERROR(
      eachRow(db.get(), "DELETE FROM subjects WHERE code = ?1", code, [](const std::string&) {}));
  if (sqlite3_changes(db.get()) != 1) {
    return makeError(Errc::not_found, "subject " + code + " was not in the database to delete");
  }
  return okStatus();
}

}  // namespace cartable::crash
