// A thin RAII layer over the SQLite C API: prepared statements with typed
// binding, one writer connection and a pool of readers, WAL, foreign keys,
// busy timeout, and synchronous=FULL so that a committed write survives a
// power cut.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace cartable::storage {

using Blob = std::span<const std::uint8_t>;
struct Null {};
inline constexpr Null null{};

// A prepared statement borrowed from its connection's cache. Move-only; on
// destruction it is reset and its bindings cleared so the cache can reuse it.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds parameter `index` (1-based).
  Status bind(int index, std::int64_t value);
  Status bind(int index, double value);
  Status bind(int index, std::string_view value);
  Status bind(int index, Blob value);
  Status bind(int index, Null);

  // Advances to the next row: true when a row is available, false when done.
  Result<bool> step();
  // Steps until done (for statements that return no rows).
  Status run();

  // Column accessors for the current row (0-based).
  bool isNull(int column) const;
  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::vector<std::uint8_t> blob(int column) const;
  std::optional<std::int64_t> optionalInt64(int column) const;
  std::optional<std::string> optionalText(int column) const;

 private:
  friend class Connection;
  Statement(sqlite3_stmt* stmt, bool cached, bool* in_use);
  Status check(int rc, const char* what);

  sqlite3_stmt* stmt_ = nullptr;
  bool cached_ = false;
  bool* in_use_ = nullptr;  // the cache slot's flag, cleared on destruction
};

class Connection {
 public:
  enum class Mode { read_write_create, read_write, read_only };

  // Opens `path` and applies the pragmas (WAL, foreign_keys=ON,
  // synchronous=FULL, busy_timeout).
  static Result<std::unique_ptr<Connection>> open(const std::string& path, Mode mode,
                                                  int busy_timeout_ms = 5000);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more SQL statements that take no parameters (migrations,
  // pragmas, transaction control).
  Status script(std::string_view sql);

  // Prepares `sql` (from the per-connection cache) and binds `args` to
  // parameters 1..N. Accepted argument types: integers, bool, double,
  // strings, Blob, null, and std::optional of these.
  template <class... Args>
  Result<Statement> query(std::string_view sql, const Args&... args) {
    CARTABLE_ASSIGN_OR_RETURN(Statement stmt, prepare(sql));
    int index = 0;
    Status status;
    ((status.ok() ? (status = bindOne(stmt, ++index, args), 0) : 0), ...);
    if (!status.ok()) return status.error();
    return stmt;
  }

  // Runs a statement that returns no rows.
  template <class... Args>
  Status exec(std::string_view sql, const Args&... args) {
    CARTABLE_ASSIGN_OR_RETURN(Statement stmt, query(sql, args...));
    return stmt.run();
  }

  // The first column of the first row, or nothing when there is no row.
  template <class... Args>
  Result<std::optional<std::int64_t>> scalarInt64(std::string_view sql, const Args&... args) {
    CARTABLE_ASSIGN_OR_RETURN(Statement stmt, query(sql, args...));
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, stmt.step());
    if (!has_row) return std::optional<std::int64_t>{};
    return stmt.optionalInt64(0);
  }

  std::int64_t lastInsertId() const;
  int changes() const;
  sqlite3* handle() { return db_; }

 private:
  explicit Connection(sqlite3* db);
  Result<Statement> prepare(std::string_view sql);

  template <class T>
  static Status bindOne(Statement& stmt, int index, const T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      return stmt.bind(index, std::int64_t{value ? 1 : 0});
    } else if constexpr (std::is_integral_v<T>) {
      return stmt.bind(index, static_cast<std::int64_t>(value));
    } else if constexpr (std::is_floating_point_v<T>) {
      return stmt.bind(index, static_cast<double>(value));
    } else if constexpr (std::is_same_v<T, Null> || std::is_same_v<T, std::nullopt_t>) {
      return stmt.bind(index, null);
    } else if constexpr (std::is_convertible_v<const T&, Blob> &&
                         !std::is_convertible_v<const T&, std::string_view>) {
      return stmt.bind(index, Blob(value));
    } else if constexpr (requires {
                           typename T::value_type;
                           value.has_value();
                         }) {
      if (!value.has_value()) return stmt.bind(index, null);
      return bindOne(stmt, index, *value);
    } else {
      return stmt.bind(index, std::string_view(value));
    }
  }

  struct CachedStatement;
  sqlite3* db_ = nullptr;
  std::vector<std::unique_ptr<CachedStatement>> cache_;
};

struct DatabaseOptions {
  int readers = 4;  // reader connections in the pool
  int busy_timeout_ms = 5000;
  bool create = true;  // create the file when missing
  // A write that leaves the WAL file larger than this checkpoints it whole and
  // truncates it. Readers that never pause (a busy hub) otherwise keep every
  // checkpoint from reaching the log's end, and the log grows without bound.
  std::uint64_t wal_truncate_bytes = 64ull << 20;
};

// One database file: a single writer (serialised by a mutex) and a pool of
// readers that see the last committed state (WAL).
class Database {
 public:
  static Result<std::unique_ptr<Database>> open(const std::string& path,
                                                DatabaseOptions options = {});
  ~Database();

  // Runs `work` inside BEGIN IMMEDIATE ... COMMIT on the writer connection.
  // Commits when `work` returns ok and rolls back otherwise; when write()
  // returns ok the change is durable. Not reentrant: `work` must not call
  // write() again.
  Status write(const std::function<Status(Connection&)>& work);

  // Runs `work` on a reader connection inside one read transaction, so that
  // it sees a consistent snapshot. Blocks while every reader is busy.
  Status read(const std::function<Status(Connection&)>& work);

  // Runs `work` with the writer held but outside any transaction (online
  // backup, VACUUM, checkpoints).
  Status withWriter(const std::function<Status(Connection&)>& work);

  const std::string& path() const;

 private:
  struct Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cartable::storage
