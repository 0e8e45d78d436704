#include "core/storage/sqlite_error.h"

#include <sqlite3.h>

#include <cctype>

namespace cartable::storage {
namespace {

constexpr std::size_t kExcerptLength = 80;

Errc errcFor(int rc) {
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Errc::already_exists;
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return Errc::invalid_argument;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Errc::unavailable;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Errc::corrupt;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
      return Errc::io_error;
    default:
      return Errc::internal;
  }
}

// The column named by "UNIQUE constraint failed: table.column" and the like,
// when exactly one column is named.
std::string constrainedColumn(int rc, std::string_view detail) {
  if (rc != SQLITE_CONSTRAINT_UNIQUE && rc != SQLITE_CONSTRAINT_PRIMARYKEY &&
      rc != SQLITE_CONSTRAINT_NOTNULL) {
    return {};
  }
  constexpr std::string_view kMarker = "constraint failed: ";
  const std::size_t marker = detail.find(kMarker);
  if (marker == std::string_view::npos) return {};
  std::string_view columns = detail.substr(marker + kMarker.size());
  if (columns.find(',') != std::string_view::npos) return {};
  const std::size_t dot = columns.rfind('.');
  return std::string(dot == std::string_view::npos ? columns : columns.substr(dot + 1));
}

}  // namespace

Error sqliteError(int rc, sqlite3* db, std::string_view doing) {
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string field = constrainedColumn(rc, detail);
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) detail = "refers to a row that does not exist";
  return makeError(errcFor(rc), std::string(doing) + ": " + detail, std::move(field));
}

std::string sqlExcerpt(std::string_view sql) {
  std::string excerpt;
  bool pending_space = false;
  for (char c : sql) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      pending_space = !excerpt.empty();
      continue;
    }
    if (excerpt.size() + (pending_space ? 2 : 1) > kExcerptLength) return excerpt + "...";
    if (pending_space) excerpt += ' ';
    pending_space = false;
    excerpt += c;
  }
  return excerpt;
}

}  // namespace cartable::storage
