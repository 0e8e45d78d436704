#include "core/storage/database.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "core/storage/sqlite_error.h"

namespace cartable::storage {
namespace {

constexpr std::size_t kStatementCacheCapacity = 256;

// SQLITE_TRANSIENT spelled without the C-style cast of its macro: SQLite
// copies the bound value, so the caller's buffer may die right after bind().
const sqlite3_destructor_type kCopyValue = reinterpret_cast<sqlite3_destructor_type>(-1);

// A non-null pointer for empty strings and blobs: a null pointer binds NULL.
constexpr char kEmpty[] = "";

std::string sqlOf(sqlite3_stmt* stmt) {
  const char* sql = sqlite3_sql(stmt);
  return sql != nullptr ? sqlExcerpt(sql) : std::string();
}

}  // namespace

struct Connection::CachedStatement {
  std::string sql;
  sqlite3_stmt* stmt = nullptr;
  bool in_use = false;
};

Statement::Statement(sqlite3_stmt* stmt, bool cached, bool* in_use)
    : stmt_(stmt), cached_(cached), in_use_(in_use) {}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      cached_(other.cached_),
      in_use_(std::exchange(other.in_use_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    Statement old(std::move(*this));
    stmt_ = std::exchange(other.stmt_, nullptr);
    cached_ = other.cached_;
    in_use_ = std::exchange(other.in_use_, nullptr);
  }
  return *this;
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (!cached_) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  if (in_use_ != nullptr) *in_use_ = false;
}

Status Statement::check(int rc, const char* what) {
  if (rc == SQLITE_OK) return okStatus();
  return sqliteError(rc, sqlite3_db_handle(stmt_), std::string(what) + " \"" + sqlOf(stmt_) + "\"");
}

Status Statement::bind(int index, std::int64_t value) {
  return check(sqlite3_bind_int64(stmt_, index, value), "cannot bind a parameter of");
}

Status Statement::bind(int index, double value) {
  return check(sqlite3_bind_double(stmt_, index, value), "cannot bind a parameter of");
}

Status Statement::bind(int index, std::string_view value) {
  const char* data = value.empty() ? kEmpty : value.data();
  return check(sqlite3_bind_text64(stmt_, index, data, value.size(), kCopyValue, SQLITE_UTF8),
               "cannot bind a parameter of");
}

Status Statement::bind(int index, Blob value) {
  const void* data = value.empty() ? static_cast<const void*>(kEmpty) : value.data();
  return check(sqlite3_bind_blob64(stmt_, index, data, value.size(), kCopyValue),
               "cannot bind a parameter of");
}

Status Statement::bind(int index, Null) {
  return check(sqlite3_bind_null(stmt_, index), "cannot bind a parameter of");
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return check(rc, "cannot run").error();
}

Status Statement::run() {
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, step());
    if (!has_row) return okStatus();
  }
}

bool Statement::isNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double Statement::real(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::string Statement::text(int column) const {
  // Text first, then its size: the documented order for a correct length.
  const unsigned char* data = sqlite3_column_text(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::vector<std::uint8_t> Statement::blob(int column) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};
  return std::vector<std::uint8_t>(data, data + size);
}

std::optional<std::int64_t> Statement::optionalInt64(int column) const {
  if (isNull(column)) return std::nullopt;
  return int64(column);
}

std::optional<std::string> Statement::optionalText(int column) const {
  if (isNull(column)) return std::nullopt;
  return text(column);
}

namespace {

int openFlags(Connection::Mode mode) {
  switch (mode) {
    case Connection::Mode::read_write_create:
      return SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    case Connection::Mode::read_write:
      return SQLITE_OPEN_READWRITE;
    case Connection::Mode::read_only:
      return SQLITE_OPEN_READONLY;
  }
  return SQLITE_OPEN_READONLY;
}

// "cannot open database <path>: <reason>", naming a missing parent directory
// rather than SQLite's generic "unable to open database file".
Error openError(int rc, sqlite3* db, const std::string& path) {
  const std::string doing = "cannot open database " + path;
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::absolute(path, ec).parent_path();
  if (!ec && !std::filesystem::is_directory(parent, ec)) {
    return makeError(Errc::io_error, doing + ": directory " + parent.string() + " does not exist");
  }
  return sqliteError(rc, db, doing);
}

// Runs a pragma that answers with one text row and returns that text.
Result<std::string> pragmaText(sqlite3* db, const std::string& pragma) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, pragma.c_str(), -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return sqliteError(rc, db, "cannot run " + pragma);
  std::string answer;
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    if (text != nullptr) answer = reinterpret_cast<const char*>(text);
    rc = SQLITE_DONE;
  }
  Result<std::string> result = std::move(answer);
  if (rc != SQLITE_DONE) result = sqliteError(rc, db, "cannot run " + pragma);
  sqlite3_finalize(stmt);
  return result;
}

Status applyPragmas(sqlite3* db, Connection::Mode mode, const std::string& path) {
  if (mode == Connection::Mode::read_only) {
    CARTABLE_RETURN_IF_ERROR(pragmaText(db, "PRAGMA query_only = ON"));
  } else {
    CARTABLE_ASSIGN_OR_RETURN(std::string journal, pragmaText(db, "PRAGMA journal_mode = WAL"));
    if (journal != "wal") {
      return makeError(Errc::io_error, "cannot switch " + path +
                                           " to WAL mode: journal mode is \"" + journal + "\"");
    }
    CARTABLE_RETURN_IF_ERROR(pragmaText(db, "PRAGMA synchronous = FULL"));
  }
  CARTABLE_RETURN_IF_ERROR(pragmaText(db, "PRAGMA foreign_keys = ON"));
  return okStatus();
}

// Compiles `sql`, which must hold exactly one statement (trailing comments are
// fine: a second statement would otherwise be silently ignored).
Result<sqlite3_stmt*> compileOne(sqlite3* db, std::string_view sql, unsigned flags) {
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  const int rc =
      sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), flags, &stmt, &tail);
  const std::string doing = "cannot prepare \"" + sqlExcerpt(sql) + "\"";
  if (rc != SQLITE_OK) return sqliteError(rc, db, doing);
  if (stmt == nullptr) return makeError(Errc::internal, doing + ": no SQL statement in it");
  const std::string_view rest = sql.substr(static_cast<std::size_t>(tail - sql.data()));
  if (rest.find_first_not_of(" \t\r\n;") == std::string_view::npos) return stmt;
  sqlite3_stmt* next = nullptr;
  sqlite3_prepare_v2(db, rest.data(), static_cast<int>(rest.size()), &next, nullptr);
  if (next == nullptr) return stmt;
  sqlite3_finalize(next);
  sqlite3_finalize(stmt);
  return makeError(Errc::internal, doing + ": it holds more than one statement");
}

}  // namespace

Connection::Connection(sqlite3* db) : db_(db) {}

Connection::~Connection() {
  for (const auto& cached : cache_) {
    assert(!cached->in_use && "a Statement outlived its Connection");
    sqlite3_finalize(cached->stmt);
  }
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, Mode mode,
                                                     int busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, openFlags(mode) | SQLITE_OPEN_NOMUTEX, nullptr);
  // From here the handle belongs to the Connection, which closes it on every path.
  std::unique_ptr<Connection> connection(new Connection(db));
  if (rc != SQLITE_OK) return openError(rc, db, path);
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  Status pragmas = applyPragmas(db, mode, path);
  if (!pragmas.ok()) {
    Error error = pragmas.error();
    error.message = "cannot open database " + path + ": " + error.message;
    return error;
  }
  return connection;
}

Status Connection::script(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);  // the same text is still available from sqlite3_errmsg
  if (rc == SQLITE_OK) return okStatus();
  return sqliteError(rc, db_, "cannot run \"" + sqlExcerpt(sql) + "\"");
}

Result<Statement> Connection::prepare(std::string_view sql) {
  auto found = std::find_if(cache_.begin(), cache_.end(),
                            [&](const auto& cached) { return cached->sql == sql; });
  const bool cached_and_free = found != cache_.end() && !(*found)->in_use;
  const bool cacheable = found == cache_.end();
  if (cached_and_free) {
    // Most recently used at the back, so that eviction takes from the front.
    std::rotate(found, found + 1, cache_.end());
    CachedStatement& entry = *cache_.back();
    entry.in_use = true;
    return Statement(entry.stmt, true, &entry.in_use);
  }

  CARTABLE_ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                            compileOne(db_, sql, cacheable ? SQLITE_PREPARE_PERSISTENT : 0));
  if (!cacheable) return Statement(stmt, false, nullptr);

  if (cache_.size() >= kStatementCacheCapacity) {
    auto idle = std::find_if(cache_.begin(), cache_.end(),
                             [](const auto& cached) { return !cached->in_use; });
    if (idle == cache_.end()) return Statement(stmt, false, nullptr);
    sqlite3_finalize((*idle)->stmt);
    cache_.erase(idle);
  }
  cache_.push_back(
      std::make_unique<CachedStatement>(CachedStatement{std::string(sql), stmt, true}));
  return Statement(stmt, true, &cache_.back()->in_use);
}

std::int64_t Connection::lastInsertId() const {
  return sqlite3_last_insert_rowid(db_);
}

int Connection::changes() const {
  return sqlite3_changes(db_);
}

namespace {

using Work = std::function<Status(Connection&)>;

// Runs `work`, turning an escaping exception into an internal error so that
// the transaction around it is still rolled back.
Status runGuarded(const Work& work, Connection& connection) {
  try {
    return work(connection);
  } catch (const std::exception& e) {
    return makeError(Errc::internal,
                     std::string("transaction aborted by an exception: ") + e.what());
  } catch (...) {
    return makeError(Errc::internal, "transaction aborted by an unknown exception");
  }
}

void rollbackIfOpen(Connection& connection) {
  // Some errors (disk full, I/O) already rolled the transaction back.
  if (sqlite3_get_autocommit(connection.handle()) == 0) {
    [[maybe_unused]] Status status = connection.script("ROLLBACK");
  }
}

Status runTransaction(Connection& connection, std::string_view begin, const Work& work) {
  CARTABLE_RETURN_IF_ERROR(connection.script(begin));
  Status status = runGuarded(work, connection);
  if (status.ok()) status = connection.script("COMMIT");
  if (!status.ok()) rollbackIfOpen(connection);
  return status;
}

}  // namespace

struct Database::Impl {
  std::string path;
  DatabaseOptions options;
  std::unique_ptr<Connection> writer;
  std::mutex writer_mutex;
  std::atomic<std::thread::id> writer_owner;  // set while a thread holds the writer

  std::mutex readers_mutex;
  std::condition_variable reader_returned;
  std::vector<std::unique_ptr<Connection>> idle_readers;  // declared last: closed first

  // Time a truncating checkpoint may wait for readers to leave the log.
  static constexpr int kTruncateWaitMs = 200;
  std::chrono::steady_clock::time_point next_wal_check;  // under writer_mutex

  Status withWriterLocked(const Work& work);
  void truncateLongWal();  // on the writer, held
};

namespace {

// Marks the writer as held by the calling thread until destruction.
class WriterOwnership {
 public:
  explicit WriterOwnership(std::atomic<std::thread::id>& owner) : owner_(owner) {
    owner_ = std::this_thread::get_id();
  }
  ~WriterOwnership() { owner_ = std::thread::id(); }
  WriterOwnership(const WriterOwnership&) = delete;
  WriterOwnership& operator=(const WriterOwnership&) = delete;

 private:
  std::atomic<std::thread::id>& owner_;
};

}  // namespace

Status Database::Impl::withWriterLocked(const Work& work) {
  if (writer_owner.load() == std::this_thread::get_id()) {
    assert(false && "write() or withWriter() called from inside write() or withWriter()");
    return makeError(Errc::internal, "the writer connection is already held by this thread");
  }
  std::lock_guard lock(writer_mutex);
  WriterOwnership ownership(writer_owner);
  return work(*writer);
}

void Database::Impl::truncateLongWal() {
  // The file's size is looked at most once a second: commits stay cheap.
  const auto now = std::chrono::steady_clock::now();
  if (now < next_wal_check) return;
  next_wal_check = now + std::chrono::seconds(1);
  std::error_code error;
  const auto size = std::filesystem::file_size(path + "-wal", error);
  if (error || size <= options.wal_truncate_bytes) return;
  // Short wait: a reader still in the log makes it fail, and the next write
  // a second later tries again.
  sqlite3_busy_timeout(writer->handle(), kTruncateWaitMs);
  sqlite3_wal_checkpoint_v2(writer->handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr,
                            nullptr);
  sqlite3_busy_timeout(writer->handle(), options.busy_timeout_ms);
}

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::open(const std::string& path, DatabaseOptions options) {
  if (options.readers < 1) {
    return makeError(Errc::invalid_argument, "a database needs at least one reader connection",
                     "readers");
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->options = options;
  const auto mode =
      options.create ? Connection::Mode::read_write_create : Connection::Mode::read_write;
  // The writer first: it creates the file and switches it to WAL for the readers.
  CARTABLE_ASSIGN_OR_RETURN(impl->writer, Connection::open(path, mode, options.busy_timeout_ms));
  for (int i = 0; i < options.readers; ++i) {
    CARTABLE_ASSIGN_OR_RETURN(
        auto reader, Connection::open(path, Connection::Mode::read_only, options.busy_timeout_ms));
    impl->idle_readers.push_back(std::move(reader));
  }
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

Status Database::write(const std::function<Status(Connection&)>& work) {
  return impl_->withWriterLocked([&](Connection& writer) {
    Status status = runTransaction(writer, "BEGIN IMMEDIATE", work);
    if (status.ok()) impl_->truncateLongWal();
    return status;
  });
}

Status Database::withWriter(const std::function<Status(Connection&)>& work) {
  return impl_->withWriterLocked([&](Connection& writer) { return runGuarded(work, writer); });
}

Status Database::read(const std::function<Status(Connection&)>& work) {
  std::unique_ptr<Connection> reader;
  {
    std::unique_lock lock(impl_->readers_mutex);
    impl_->reader_returned.wait(lock, [&] { return !impl_->idle_readers.empty(); });
    reader = std::move(impl_->idle_readers.back());
    impl_->idle_readers.pop_back();
  }
  Status status = runTransaction(*reader, "BEGIN", work);
  {
    std::lock_guard lock(impl_->readers_mutex);
    impl_->idle_readers.push_back(std::move(reader));
  }
  impl_->reader_returned.notify_one();
  return status;
}

const std::string& Database::path() const {
  return impl_->path;
}

}  // namespace cartable::storage
