#include "core/storage/backup.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/storage/migrations.h"
#include "support/temp_dir.h"

namespace cartable::storage {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::TempDir;

constexpr std::array<EmbeddedFile, 1> kFiles = {
    {{"0001_notes.sql", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);"}}};

std::string readFile(const std::string& path) {
  std::string contents(fs::file_size(path), '\0');
  std::ifstream in(path, std::ios::binary);
  in.read(contents.data(), static_cast<std::streamsize>(contents.size()));
  return contents;
}

void writeFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
}

// Runs `sql` on the database file at `path` through its own connection.
std::int64_t scalarIn(const std::string& path, const std::string& sql) {
  auto connection = Connection::open(path, Connection::Mode::read_only);
  EXPECT_TRUE(connection.ok()) << connection.error().message;
  if (!connection.ok()) return -1;
  auto value = (*connection)->scalarInt64(sql);
  EXPECT_TRUE(value.ok()) << value.error().message;
  return value.ok() ? value->value_or(-1) : -1;
}

class StorageBackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    open();
    auto migrations = migrationsFromFiles(kFiles);
    ASSERT_TRUE(migrations.ok());
    auto applied = applyMigrations(*db_, *migrations, clock_);
    ASSERT_TRUE(applied.ok()) << applied.error().message;
  }

  void open() {
    auto opened = Database::open(live_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(opened).value();
  }

  Status addNotes(int n) {
    return db_->write([n](Connection& c) -> Status {
      for (int i = 0; i < n; ++i) {
        CARTABLE_RETURN_IF_ERROR(
            c.exec("INSERT INTO notes (body) VALUES (?)", std::string(200, 'a' + i % 26)));
      }
      return okStatus();
    });
  }

  TempDir dir_;
  const std::string live_ = dir_.file("live.db");
  const std::string backup_ = dir_.file("backup.db");
  ManualClock clock_;
  std::unique_ptr<Database> db_;
};

TEST_F(StorageBackupTest, BackupDuringWritesHoldsEveryRowCommittedBeforeIt) {
  ASSERT_TRUE(addNotes(500).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> committed{0};
  std::thread writer([&] {
    while (!stop) {
      if (addNotes(1).ok()) ++committed;
    }
  });
  while (committed < 20) std::this_thread::yield();
  const std::int64_t committed_before = 500 + committed.load();

  Status status = backupTo(*db_, backup_);
  stop = true;
  writer.join();
  ASSERT_TRUE(status.ok()) << status.error().message;

  const std::int64_t rows = scalarIn(backup_, "SELECT count(*) FROM notes");
  EXPECT_GE(rows, committed_before);
  EXPECT_EQ(scalarIn(backup_, "SELECT max(id) FROM notes"), rows) << "a consistent snapshot";
  EXPECT_EQ(scalarIn(backup_, "SELECT max(version) FROM schema_migrations"), 1);
  const std::string header = readFile(backup_).substr(0, 20);
  EXPECT_EQ(header.substr(0, 15), "SQLite format 3");
  EXPECT_EQ(header[18], 1) << "rollback-journal mode, not WAL: the backup is one file";
  EXPECT_FALSE(fs::exists(backup_ + ".partial"));
  EXPECT_FALSE(fs::exists(backup_ + "-wal"));
}

TEST_F(StorageBackupTest, RefusesAnExistingDestination) {
  writeFile(backup_, "keep me");
  Status status = backupTo(*db_, backup_);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::already_exists);
  EXPECT_EQ(status.error().message, "backup destination " + backup_ + " already exists");
  EXPECT_EQ(readFile(backup_), "keep me");
  EXPECT_FALSE(fs::exists(backup_ + ".partial"));
}

TEST_F(StorageBackupTest, ReplacesAPartialFileLeftByAnInterruptedBackup) {
  ASSERT_TRUE(addNotes(3).ok());
  writeFile(backup_ + ".partial", std::string(5000, 'x'));
  Status status = backupTo(*db_, backup_);
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(scalarIn(backup_, "SELECT count(*) FROM notes"), 3);
  EXPECT_FALSE(fs::exists(backup_ + ".partial"));
}

TEST_F(StorageBackupTest, FailsCleanlyWhenTheDestinationDirectoryIsMissing) {
  const std::string destination = dir_.file("absent/backup.db");
  Status status = backupTo(*db_, destination);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::io_error);
  EXPECT_THAT(status.error().message, HasSubstr(destination + ".partial"));
  EXPECT_FALSE(fs::exists(dir_.file("absent")));
}

TEST_F(StorageBackupTest, RestoreBringsBackTheRowsAndKeepsTheFormerDatabase) {
  ASSERT_TRUE(addNotes(3).ok());
  ASSERT_TRUE(backupTo(*db_, backup_).ok());
  ASSERT_TRUE(addNotes(2).ok());
  db_.reset();
  // A crash leaves commits in the WAL that were never copied into the file.
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto crashed = Database::open(live_);
    const bool ok =
        crashed.ok() &&
        crashed.value()
            ->write([](Connection& c) {
              return c.exec("INSERT INTO notes (body) VALUES ('written just before the crash')");
            })
            .ok();
    ::_exit(ok ? 0 : 1);
  }
  int child_status = 0;
  ASSERT_EQ(::waitpid(child, &child_status, 0), child);
  ASSERT_EQ(child_status, 0);
  ASSERT_TRUE(fs::exists(live_ + "-wal"));

  Status status = restoreFrom(backup_, live_, 1);
  ASSERT_TRUE(status.ok()) << status.error().message;

  EXPECT_FALSE(fs::exists(live_ + "-wal"));
  EXPECT_FALSE(fs::exists(live_ + "-shm"));
  EXPECT_FALSE(fs::exists(live_ + ".restoring"));
  EXPECT_EQ(scalarIn(live_, "SELECT count(*) FROM notes"), 3);
  EXPECT_EQ(scalarIn(live_ + ".before-restore", "SELECT count(*) FROM notes"), 6);
  open();
  EXPECT_EQ(*schemaVersion(*db_), 1);
}

TEST_F(StorageBackupTest, RestoreWorksWithoutACurrentDatabase) {
  ASSERT_TRUE(addNotes(3).ok());
  ASSERT_TRUE(backupTo(*db_, backup_).ok());
  db_.reset();
  const std::string fresh = dir_.file("fresh.db");
  Status status = restoreFrom(backup_, fresh, 1);
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(scalarIn(fresh, "SELECT count(*) FROM notes"), 3);
  EXPECT_FALSE(fs::exists(fresh + ".before-restore"));
}

// Checks that a refused restore left the live database as it was.
void expectUntouched(const std::string& live, std::int64_t notes) {
  EXPECT_EQ(scalarIn(live, "SELECT count(*) FROM notes"), notes);
  EXPECT_FALSE(fs::exists(live + ".restoring"));
  EXPECT_FALSE(fs::exists(live + ".before-restore"));
}

TEST_F(StorageBackupTest, RestoreRefusesAFileOfGarbage) {
  ASSERT_TRUE(addNotes(2).ok());
  db_.reset();
  writeFile(backup_, std::string(16384, '\x5a'));
  Status status = restoreFrom(backup_, live_, 1);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::corrupt);
  EXPECT_THAT(status.error().message, HasSubstr("cannot restore " + backup_ + ": "));
  EXPECT_THAT(status.error().message, HasSubstr("file is not a database"));
  expectUntouched(live_, 2);
}

TEST_F(StorageBackupTest, RestoreRefusesABackupWithDamagedPages) {
  ASSERT_TRUE(addNotes(500).ok());
  ASSERT_TRUE(backupTo(*db_, backup_).ok());
  db_.reset();
  std::string bytes = readFile(backup_);
  ASSERT_GT(bytes.size(), 3u * 4096u);
  for (std::size_t i = 2 * 4096; i < 3 * 4096; ++i) bytes[i] = static_cast<char>(i * 7);
  writeFile(backup_, bytes);

  Status status = restoreFrom(backup_, live_, 1);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::corrupt);
  expectUntouched(live_, 500);
}

TEST_F(StorageBackupTest, RestoreRefusesASqliteFileThatIsNotCartable) {
  db_.reset();
  {
    auto other = Database::open(backup_);
    ASSERT_TRUE(other.ok());
    ASSERT_TRUE((*other)->write([](Connection& c) { return c.script("CREATE TABLE t (x)"); }).ok());
  }
  Status status = restoreFrom(backup_, live_, 1);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::invalid_argument);
  EXPECT_EQ(status.error().message, "cannot restore " + backup_ + ": " + backup_ +
                                        " is not a Cartable database: it has no "
                                        "schema_migrations table");
  expectUntouched(live_, 0);
}

TEST_F(StorageBackupTest, RestoreRefusesABackupNewerThanTheProgram) {
  ASSERT_TRUE(backupTo(*db_, backup_).ok());
  db_.reset();
  Status status = restoreFrom(backup_, live_, 0);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::failed_precondition);
  EXPECT_EQ(status.error().message, "cannot restore " + backup_ + ": " + backup_ +
                                        " has schema version 1, newer than this program knows "
                                        "(0); install a newer Cartable");
  expectUntouched(live_, 0);
}

TEST_F(StorageBackupTest, RestoreOfAMissingFileIsNotFound) {
  db_.reset();
  Status status = restoreFrom(dir_.file("nothing.db"), live_, 1);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::not_found);
  EXPECT_EQ(status.error().message, "backup file " + dir_.file("nothing.db") + " does not exist");
}

}  // namespace
}  // namespace cartable::storage
