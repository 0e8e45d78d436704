// Turns SQLite result codes into cartable::Error values. Internal to the
// storage module.
#pragma once

#include <string>
#include <string_view>

#include "core/base/result.h"

struct sqlite3;

namespace cartable::storage {

// An Error for the (extended) result code `rc` returned by a call on `db`
// (which may be null). The message is "<doing>: <what SQLite said>".
Error sqliteError(int rc, sqlite3* db, std::string_view doing);

// `sql` on one line, cut after 80 characters, for error messages.
std::string sqlExcerpt(std::string_view sql);

}  // namespace cartable::storage
