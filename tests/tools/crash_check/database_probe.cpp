#include "database_probe.h"

#include <sqlite3.h>

#include <fstream>
#include <functional>
#include <iterator>
#include <memory>

#include "mixed_writes.h"

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
// first two columns to `row`.
Status eachRow(sqlite3* db, const std::string& sql, const std::string& code,
               const std::function<void(const std::string&, const std::string&)>& row) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    return sqliteError(db, sql);
  }
  Statement statement(raw, &sqlite3_finalize);
  if (!code.empty()) {
    sqlite3_bind_text(raw, 1, code.c_str(), static_cast<int>(code.size()), SQLITE_TRANSIENT);
  }
  int rc = SQLITE_ROW;
  const auto column = [raw](int index) {
    const unsigned char* text = sqlite3_column_text(raw, index);
    return std::string(text ? reinterpret_cast<const char*>(text) : "");
  };
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) row(column(0), column(1));
  if (rc != SQLITE_DONE) return sqliteError(db, sql);
  return okStatus();
}

// Whether the blob `sha256` of the store holds exactly the bytes of `name`'s upload.
bool documentIntact(const std::string& files_dir, const std::string& name,
                    const std::string& sha256) {
  const std::string suffix = ".txt";
  if (!name.ends_with(suffix) || sha256.size() < 3) return false;
  const std::string code = name.substr(0, name.size() - suffix.size());
  std::ifstream blob(files_dir + "/" + sha256.substr(0, 2) + "/" + sha256.substr(2),
                     std::ios::binary);
  if (!blob) return false;
  const std::string bytes{std::istreambuf_iterator<char>(blob), std::istreambuf_iterator<char>()};
  return bytes == documentBytes(code);
}

}  // namespace

Result<DatabaseState> inspectDatabase(const std::string& path, const std::string& files_dir) {
  CARTABLE_ASSIGN_OR_RETURN(Handle db, openDatabase(path, SQLITE_OPEN_READONLY));
  DatabaseState state;
  CARTABLE_RETURN_IF_ERROR(
      eachRow(db.get(), "PRAGMA integrity_check", {}, [&](const std::string& line, auto&) {
        state.integrity += state.integrity.empty() ? line : "; " + line;
      }));
  const auto found = [&](const std::string& code, auto&) { state.present.insert(code); };
  CARTABLE_RETURN_IF_ERROR(eachRow(db.get(), "SELECT code FROM subjects", {}, found));
  CARTABLE_RETURN_IF_ERROR(eachRow(db.get(), "SELECT title FROM announcements", {}, found));
  CARTABLE_RETURN_IF_ERROR(eachRow(
      db.get(),
      "SELECT d.name, f.sha256 FROM documents d JOIN document_versions v ON v.document_id = "
      "d.id JOIN files f ON f.id = v.file_id",
      {}, [&](const std::string& name, const std::string& sha256) {
        if (documentIntact(files_dir, name, sha256)) {
          state.present.insert(name.substr(0, name.size() - 4));
        }
      }));
  return state;
}

Status deleteSubject(const std::string& path, const std::string& code) {
  CARTABLE_ASSIGN_OR_RETURN(Handle db, openDatabase(path, SQLITE_OPEN_READWRITE));
  CARTABLE_RETURN_IF_ERROR(
      eachRow(db.get(), "DELETE FROM subjects WHERE code = ?1", code, [](auto&, auto&) {}));
  if (sqlite3_changes(db.get()) != 1) {
    return makeError(Errc::not_found, "subject " + code + " was not in the database to delete");
  }
  return okStatus();
}

}  // namespace cartable::crash
