#include "core/storage/database.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <stdexcept>
#include <thread>

#include "support/temp_dir.h"

namespace cartable::storage {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempDir;

constexpr std::string_view kSchema = R"sql(
  CREATE TABLE classes (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE pupils (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES classes(id),
    login TEXT NOT NULL UNIQUE,
    age INTEGER CHECK (age BETWEEN 2 AND 25)
  );
  CREATE TABLE samples (
    id INTEGER PRIMARY KEY,
    i INTEGER, small INTEGER, flag INTEGER, r REAL, t TEXT, b BLOB, n TEXT,
    opt_set INTEGER, opt_unset INTEGER, opt_text TEXT);
)sql";

class StorageDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open(dir_.file("test.db"), {.readers = 2});
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(opened).value();
    Status created = db_->write([](Connection& c) { return c.script(kSchema); });
    ASSERT_TRUE(created.ok()) << created.error().message;
  }

  std::int64_t count(std::string_view table) {
    std::int64_t rows = -1;
    Status status = db_->read([&](Connection& c) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(auto value,
                                c.scalarInt64("SELECT count(*) FROM " + std::string(table)));
      rows = value.value_or(-1);
      return okStatus();
    });
    EXPECT_TRUE(status.ok()) << status.error().message;
    return rows;
  }

  Status insertClass(std::int64_t id, std::string_view name) {
    return db_->write([&](Connection& c) {
      return c.exec("INSERT INTO classes (id, name) VALUES (?, ?)", id, name);
    });
  }

  Status insertPupil(std::int64_t class_id, std::string_view login, std::optional<int> age) {
    return db_->write([&](Connection& c) {
      return c.exec("INSERT INTO pupils (class_id, login, age) VALUES (?, ?, ?)", class_id, login,
                    age);
    });
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
};

// Writes about 2 MiB in one transaction into `path`, opened with `options`,
// and returns the WAL file's size once the write returned.
std::uintmax_t walSizeAfterABigWrite(const std::string& path, DatabaseOptions options) {
  auto db = std::move(Database::open(path, options)).value();
  EXPECT_TRUE(db->write([](Connection& conn) -> Status {
                  CARTABLE_RETURN_IF_ERROR(conn.exec("CREATE TABLE t (b BLOB)"));
                  const std::vector<std::uint8_t> chunk(64 * 1024, 7);
                  for (int i = 0; i < 32; ++i) {
                    CARTABLE_RETURN_IF_ERROR(conn.exec("INSERT INTO t VALUES (?)", Blob(chunk)));
                  }
                  return okStatus();
                }).ok());
  return std::filesystem::file_size(path + "-wal");
}

TEST(StorageDatabaseWal, AWriteLeavingTheLogPastTheLimitTruncatesIt) {
  TempDir dir;
  EXPECT_GT(walSizeAfterABigWrite(dir.file("default.db"), {}), 2'000'000u);
  EXPECT_EQ(walSizeAfterABigWrite(dir.file("limited.db"), {.wal_truncate_bytes = 256 * 1024}), 0u);
}

TEST_F(StorageDatabaseTest, BindsEveryArgumentTypeAndReadsItBack) {
  const std::string text_with_nul("a\0b", 3);
  const std::vector<std::uint8_t> bytes = {0, 1, 254, 255};
  const std::optional<std::int64_t> set = 42;
  const std::optional<std::int64_t> unset;
  const std::optional<std::string> optional_text = "six";
  Status inserted = db_->write([&](Connection& c) {
    return c.exec("INSERT INTO samples VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  std::int64_t{-9'000'000'000}, 7, true, 2.5, text_with_nul, Blob(bytes), null, set,
                  unset, optional_text);
  });
  ASSERT_TRUE(inserted.ok()) << inserted.error().message;

  Status read = db_->read([&](Connection& c) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(Statement row, c.query("SELECT * FROM samples WHERE id = ?", 1));
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, row.step());
    EXPECT_TRUE(has_row);
    EXPECT_EQ(row.int64(1), -9'000'000'000);
    EXPECT_EQ(row.int64(2), 7);
    EXPECT_EQ(row.int64(3), 1);
    EXPECT_DOUBLE_EQ(row.real(4), 2.5);
    EXPECT_EQ(row.text(5), text_with_nul);
    EXPECT_EQ(row.blob(6), bytes);
    EXPECT_TRUE(row.isNull(7));
    EXPECT_EQ(row.text(7), "");
    EXPECT_EQ(row.optionalText(7), std::nullopt);
    EXPECT_EQ(row.optionalInt64(8), 42);
    EXPECT_EQ(row.optionalInt64(9), std::nullopt);
    EXPECT_EQ(row.optionalText(10), "six");
    CARTABLE_ASSIGN_OR_RETURN(bool more, row.step());
    EXPECT_FALSE(more);
    return okStatus();
  });
  EXPECT_TRUE(read.ok()) << read.error().message;
}

TEST_F(StorageDatabaseTest, EmptyStringsAndBlobsAreNotNull) {
  const std::vector<std::uint8_t> no_bytes;
  ASSERT_TRUE(db_->write([&](Connection& c) {
                   return c.exec("INSERT INTO samples (id, t, b, n) VALUES (1, ?, ?, ?)",
                                 std::string(), Blob(no_bytes), std::nullopt);
                 })
                  .ok());
  Status read = db_->read([](Connection& c) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(Statement row,
                              c.query("SELECT typeof(t), typeof(b), typeof(n) FROM samples"));
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, row.step());
    EXPECT_TRUE(has_row);
    EXPECT_EQ(row.text(0), "text");
    EXPECT_EQ(row.text(1), "blob");
    EXPECT_EQ(row.text(2), "null");
    return okStatus();
  });
  EXPECT_TRUE(read.ok()) << read.error().message;
}

TEST_F(StorageDatabaseTest, UniqueViolationIsAlreadyExistsNamingTheColumn) {
  ASSERT_TRUE(insertClass(1, "6A").ok());
  Status again = insertClass(2, "6A");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::already_exists);
  EXPECT_EQ(again.error().field, "name");
  EXPECT_THAT(again.error().message, HasSubstr("UNIQUE constraint failed: classes.name"));
}

TEST_F(StorageDatabaseTest, PrimaryKeyViolationIsAlreadyExists) {
  ASSERT_TRUE(insertClass(1, "6A").ok());
  Status again = insertClass(1, "6B");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::already_exists);
}

TEST_F(StorageDatabaseTest, ForeignKeyViolationIsRefused) {
  Status orphan = insertPupil(99, "jdupont", 11);
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, Errc::invalid_argument);
  EXPECT_THAT(orphan.error().message, HasSubstr("refers to a row that does not exist"));
  EXPECT_EQ(count("pupils"), 0);
}

TEST_F(StorageDatabaseTest, CheckAndNotNullViolationsAreInvalidArgument) {
  ASSERT_TRUE(insertClass(1, "6A").ok());
  Status too_old = insertPupil(1, "jdupont", 80);
  ASSERT_FALSE(too_old.ok());
  EXPECT_EQ(too_old.error().code, Errc::invalid_argument);
  EXPECT_THAT(too_old.error().message, HasSubstr("CHECK constraint failed"));

  Status no_name = insertClass(2, "");
  ASSERT_TRUE(no_name.ok()) << "an empty string is not NULL";
  Status null_name = db_->write([](Connection& c) {
    return c.exec("INSERT INTO classes (id, name) VALUES (?, ?)", 3, null);
  });
  ASSERT_FALSE(null_name.ok());
  EXPECT_EQ(null_name.error().code, Errc::invalid_argument);
  EXPECT_EQ(null_name.error().field, "name");
}

TEST_F(StorageDatabaseTest, WorkReturningAnErrorRollsBackEverything) {
  Status status = db_->write([](Connection& c) -> Status {
    CARTABLE_RETURN_IF_ERROR(c.exec("INSERT INTO classes (id, name) VALUES (1, '6A')"));
    return makeError(Errc::conflict, "stop here", "why");
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::conflict);
  EXPECT_EQ(status.error().message, "stop here");
  EXPECT_EQ(status.error().field, "why");
  EXPECT_EQ(count("classes"), 0);
}

TEST_F(StorageDatabaseTest, FailedCommitRollsBackAndReturnsTheError) {
  Status status = db_->write([](Connection& c) -> Status {
    // A deferred foreign key is only checked by COMMIT.
    CARTABLE_RETURN_IF_ERROR(c.exec("PRAGMA defer_foreign_keys = ON"));
    CARTABLE_RETURN_IF_ERROR(c.exec("INSERT INTO classes (id, name) VALUES (1, '6A')"));
    return c.exec("INSERT INTO pupils (class_id, login) VALUES (99, 'orphan')");
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::invalid_argument);
  EXPECT_THAT(status.error().message, HasSubstr("refers to a row that does not exist"));
  EXPECT_EQ(count("classes"), 0);
  EXPECT_TRUE(insertClass(1, "6A").ok()) << "no transaction was left open";
}

TEST_F(StorageDatabaseTest, ExceptionInsideWriteRollsBackAndIsAnInternalError) {
  Status status = db_->write([](Connection& c) -> Status {
    CARTABLE_RETURN_IF_ERROR(c.exec("INSERT INTO classes (id, name) VALUES (1, '6A')"));
    throw std::runtime_error("disk gremlin");
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::internal);
  EXPECT_THAT(status.error().message, HasSubstr("disk gremlin"));
  EXPECT_EQ(count("classes"), 0);
  EXPECT_TRUE(insertClass(1, "6A").ok()) << "the writer is usable again";
}

TEST_F(StorageDatabaseTest, NestedQueriesWithTheSameSqlWork) {
  for (int id = 1; id <= 3; ++id) ASSERT_TRUE(insertClass(id, "c" + std::to_string(id)).ok());
  constexpr std::string_view kSql = "SELECT id FROM classes WHERE id >= ? ORDER BY id";
  std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
  Status status = db_->read([&](Connection& c) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(Statement outer, c.query(kSql, 1));
    for (;;) {
      CARTABLE_ASSIGN_OR_RETURN(bool has_outer, outer.step());
      if (!has_outer) return okStatus();
      CARTABLE_ASSIGN_OR_RETURN(Statement inner, c.query(kSql, outer.int64(0)));
      for (;;) {
        CARTABLE_ASSIGN_OR_RETURN(bool has_inner, inner.step());
        if (!has_inner) break;
        pairs.emplace_back(outer.int64(0), inner.int64(0));
      }
    }
  });
  ASSERT_TRUE(status.ok()) << status.error().message;
  const std::vector<std::pair<std::int64_t, std::int64_t>> expected = {{1, 1}, {1, 2}, {1, 3},
                                                                       {2, 2}, {2, 3}, {3, 3}};
  EXPECT_EQ(pairs, expected);
}

TEST_F(StorageDatabaseTest, ReusedStatementStartsAfreshWithoutOldBindings) {
  ASSERT_TRUE(insertClass(1, "6A").ok());
  ASSERT_TRUE(insertClass(2, "6B").ok());
  Status status = db_->read([](Connection& c) -> Status {
    constexpr std::string_view kSql = "SELECT count(*) FROM classes WHERE id = ?";
    {
      CARTABLE_ASSIGN_OR_RETURN(Statement first, c.query(kSql, 1));
      CARTABLE_ASSIGN_OR_RETURN(bool has_row, first.step());
      EXPECT_TRUE(has_row);
      EXPECT_EQ(first.int64(0), 1);
    }
    // No argument this time: a leftover binding of 1 would count one row.
    CARTABLE_ASSIGN_OR_RETURN(auto unbound, c.scalarInt64(kSql));
    EXPECT_EQ(unbound, 0);
    return okStatus();
  });
  EXPECT_TRUE(status.ok()) << status.error().message;
}

TEST_F(StorageDatabaseTest, StatementCacheStaysBounded) {
  Status status = db_->withWriter([](Connection& c) -> Status {
    for (int i = 0; i < 400; ++i) {
      CARTABLE_RETURN_IF_ERROR(c.scalarInt64("SELECT " + std::to_string(i)));
    }
    int prepared = 0;
    for (sqlite3_stmt* s = sqlite3_next_stmt(c.handle(), nullptr); s != nullptr;
         s = sqlite3_next_stmt(c.handle(), s)) {
      ++prepared;
    }
    EXPECT_LE(prepared, 256);
    EXPECT_GE(prepared, 200) << "statements are kept for reuse";
    return okStatus();
  });
  EXPECT_TRUE(status.ok()) << status.error().message;
}

TEST_F(StorageDatabaseTest, PrepareErrorNamesTheStartOfTheSql) {
  const std::string sql = "SELECT missing FROM nowhere WHERE " + std::string(100, 'x') + " = 1";
  Status status = db_->read([&](Connection& c) { return c.exec(sql); });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::internal);
  EXPECT_THAT(status.error().message, HasSubstr("no such table: nowhere"));
  EXPECT_THAT(status.error().message, HasSubstr(sql.substr(0, 80)));
  EXPECT_THAT(status.error().message, Not(HasSubstr(sql.substr(0, 81))));
}

TEST_F(StorageDatabaseTest, QueryWithTwoStatementsIsRefused) {
  Status status = db_->write([](Connection& c) {
    return c.exec("INSERT INTO classes (id, name) VALUES (1, 'a'); DELETE FROM classes");
  });
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.error().message, HasSubstr("more than one statement"));
}

TEST_F(StorageDatabaseTest, ReadersSeeCommittedDataWhileAWriteIsInProgress) {
  ASSERT_TRUE(insertClass(1, "6A").ok());
  std::promise<void> inserted;
  std::promise<void> may_commit;
  std::shared_future<void> commit_signal = may_commit.get_future().share();
  std::thread writer([&] {
    Status status = db_->write([&](Connection& c) -> Status {
      CARTABLE_RETURN_IF_ERROR(c.exec("INSERT INTO classes (id, name) VALUES (2, '6B')"));
      inserted.set_value();
      // Bounded wait so that a blocked reader fails the test instead of hanging it.
      commit_signal.wait_for(std::chrono::seconds(10));
      return okStatus();
    });
    EXPECT_TRUE(status.ok());
  });
  inserted.get_future().wait();
  const auto before = std::chrono::steady_clock::now();
  EXPECT_EQ(count("classes"), 1);
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(2));
  may_commit.set_value();
  writer.join();
  EXPECT_EQ(count("classes"), 2);
}

TEST_F(StorageDatabaseTest, ReadSeesOneSnapshotEvenWhenAWriteCommitsMeanwhile) {
  ASSERT_TRUE(insertClass(1, "6A").ok());
  std::int64_t first = -1;
  std::int64_t second = -1;
  Status status = db_->read([&](Connection& c) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(auto before, c.scalarInt64("SELECT count(*) FROM classes"));
    first = before.value_or(-1);
    std::thread writer([&] { EXPECT_TRUE(insertClass(2, "6B").ok()); });
    writer.join();
    CARTABLE_ASSIGN_OR_RETURN(auto after, c.scalarInt64("SELECT count(*) FROM classes"));
    second = after.value_or(-1);
    return okStatus();
  });
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 1);
  EXPECT_EQ(count("classes"), 2);
}

TEST_F(StorageDatabaseTest, ReadsFromManyThreadsShareThePool) {
  ASSERT_TRUE(insertClass(1, "6A").ok());
  std::vector<std::thread> threads;
  std::atomic<int> seen{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) seen += static_cast<int>(count("classes"));
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(seen.load(), 6 * 20);
}

TEST_F(StorageDatabaseTest, WriterUsesWalFullSynchronousAndForeignKeys) {
  Status status = db_->withWriter([](Connection& c) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(Statement mode, c.query("PRAGMA journal_mode"));
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, mode.step());
    EXPECT_TRUE(has_row);
    EXPECT_EQ(mode.text(0), "wal");
    EXPECT_EQ(c.scalarInt64("PRAGMA synchronous")->value_or(-1), 2);
    EXPECT_EQ(c.scalarInt64("PRAGMA foreign_keys")->value_or(-1), 1);
    EXPECT_EQ(c.scalarInt64("PRAGMA busy_timeout")->value_or(-1), 5000);
    return okStatus();
  });
  EXPECT_TRUE(status.ok()) << status.error().message;
}

TEST_F(StorageDatabaseTest, ReadersCannotWrite) {
  Status status = db_->read(
      [](Connection& c) { return c.exec("INSERT INTO classes (id, name) VALUES (1, '6A')"); });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(count("classes"), 0);
}

TEST_F(StorageDatabaseTest, LastInsertIdAndChangesDescribeTheLastStatement) {
  Status status = db_->write([](Connection& c) -> Status {
    CARTABLE_RETURN_IF_ERROR(c.exec("INSERT INTO classes (id, name) VALUES (41, 'a'), (42, 'b')"));
    EXPECT_EQ(c.lastInsertId(), 42);
    EXPECT_EQ(c.changes(), 2);
    return okStatus();
  });
  EXPECT_TRUE(status.ok()) << status.error().message;
}

TEST_F(StorageDatabaseTest, WriteInsideWriteIsAProgrammingError) {
  // The default "fast" style forks here, so the child dies with the parent's
  // temporary directory, which the parent then removes.
  EXPECT_DEBUG_DEATH(
      {
        Status inner_status;
        Status outer = db_->write([&](Connection&) {
          inner_status = db_->write([](Connection&) { return okStatus(); });
          return okStatus();
        });
        EXPECT_FALSE(inner_status.ok());
        EXPECT_TRUE(outer.ok());
      },
      "called from inside write");
}

TEST(StorageDatabaseOpenTest, MissingDirectoryIsReportedByName) {
  TempDir dir;
  const std::string path = dir.file("absent/test.db");
  auto opened = Database::open(path);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, Errc::io_error);
  EXPECT_EQ(opened.error().message, "cannot open database " + path + ": directory " +
                                        dir.file("absent") + " does not exist");
  EXPECT_FALSE(std::filesystem::exists(dir.file("absent")));
}

TEST(StorageDatabaseOpenTest, WithoutCreateAMissingFileIsAnError) {
  TempDir dir;
  auto opened = Database::open(dir.file("test.db"), {.create = false});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, Errc::io_error);
  EXPECT_THAT(opened.error().message, HasSubstr(dir.file("test.db")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("test.db")));
}

TEST(StorageDatabaseOpenTest, GarbageFileIsCorrupt) {
  TempDir dir;
  const std::string path = dir.file("test.db");
  {
    std::ofstream out(path);
    out << std::string(8192, 'z');
  }
  auto opened = Database::open(path);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, Errc::corrupt);
  EXPECT_THAT(opened.error().message, HasSubstr(path));
  EXPECT_THAT(opened.error().message, HasSubstr("file is not a database"));
}

TEST(StorageDatabaseOpenTest, ZeroReadersIsRefused) {
  TempDir dir;
  auto opened = Database::open(dir.file("test.db"), {.readers = 0});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().field, "readers");
}

TEST(StorageDatabaseOpenTest, ReadOnlyConnectionIsQueryOnly) {
  TempDir dir;
  const std::string path = dir.file("test.db");
  ASSERT_TRUE(Database::open(path).ok());
  auto reader = Connection::open(path, Connection::Mode::read_only);
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  EXPECT_EQ((*reader)->scalarInt64("PRAGMA query_only")->value_or(-1), 1);
}

}  // namespace
}  // namespace cartable::storage
