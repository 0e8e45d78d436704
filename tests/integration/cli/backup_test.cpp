// `cartable backup` while the node serves and accounts are being created,
// and `cartable restore` once it is stopped.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <thread>

#include "cli_fixture.h"

namespace cartable::cli_testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

// The answers of a read-only query on a database file, one text per row.
std::vector<std::string> queryColumn(const fs::path& database, const std::string& sql) {
  sqlite3* db = nullptr;
  std::vector<std::string> rows;
  if (sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << database << ": " << sqlite3_errmsg(db);
    sqlite3_close(db);
    return rows;
  }
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sql << " on " << database << ": " << sqlite3_errmsg(db);
  }
  while (statement != nullptr && sqlite3_step(statement) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(statement, 0);
    rows.emplace_back(text == nullptr ? "" : reinterpret_cast<const char*>(text));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return rows;
}

void execSql(const fs::path& database, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(database.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK)
      << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(db);
}

std::vector<std::string> loginsIn(const fs::path& database) {
  return queryColumn(database, "SELECT login FROM users ORDER BY id");
}

class CliBackup : public CliFixture {
 protected:
  fs::path backupPath() const { return root() / "backup.db"; }
};

TEST_F(CliBackup, BackupWhileServingAndWritingIsASoundDatabase) {
  initNode();
  auto server = startServer();
  ASSERT_GT(server->port(), 0) << server->error();

  constexpr int kWrites = 8;
  std::atomic<int> written{0};
  std::thread writer([&] {
    for (int i = 0; i < kWrites; ++i) {
      addUser("writer." + std::to_string(i), "Writer", "Number" + std::to_string(i));
      ++written;
    }
  });
  while (written < 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const CommandResult backup = cartable({"backup", "--to", backupPath().string()});
  writer.join();

  EXPECT_EQ(backup.exit_code, 0) << backup.describe();
  EXPECT_EQ(backup.out, "Backup written to " + backupPath().string() + "\n");
  EXPECT_THAT(queryColumn(backupPath(), "PRAGMA integrity_check"), ::testing::ElementsAre("ok"));
  const auto logins = loginsIn(backupPath());
  EXPECT_THAT(logins, Contains("admin"));
  EXPECT_THAT(logins, Contains("writer.1"));
  EXPECT_GE(logins.size(), 3u);
  EXPECT_LE(logins.size(), 1u + kWrites);
  EXPECT_EQ(httpGet(server->port(), "/readyz").status, 200) << "the node kept serving";
  EXPECT_EQ(server->stop(), 0) << server->log();
}

TEST_F(CliBackup, BackupToAnExistingFileIsRefusedAndLeavesItAlone) {
  initNode();
  const std::string existing = writeFile("backup.db", "precious");
  const CommandResult backup = cartable({"backup", "--to", existing});
  EXPECT_EQ(backup.exit_code, 1) << backup.describe();
  EXPECT_THAT(backup.err, HasSubstr(existing + " already exists"));
  EXPECT_EQ(readFile(existing), "precious");
}

TEST_F(CliBackup, RestoreBringsBackTheDatabaseAsItWasAtTheBackup) {
  initNode();
  auto server = startServer();
  ASSERT_GT(server->port(), 0) << server->error();
  addUser("before.one", "Before", "One");
  addUser("before.two", "Before", "Two");
  ASSERT_EQ(cartable({"backup", "--to", backupPath().string()}).exit_code, 0);
  ASSERT_EQ(server->stop(), 0) << server->log();
  addUser("after.backup", "After", "Backup");

  const CommandResult restore = cartable({"restore", "--from", backupPath().string()});
  EXPECT_EQ(restore.exit_code, 0) << restore.describe();
  EXPECT_THAT(restore.out, HasSubstr(databasePath().string() + ".before-restore"));

  const CommandResult list = cartable({"user", "list"});
  EXPECT_THAT(list.out, HasSubstr("before.one"));
  EXPECT_THAT(list.out, HasSubstr("before.two"));
  EXPECT_THAT(list.out, Not(HasSubstr("after.backup")));
  const fs::path aside = databasePath().string() + ".before-restore";
  ASSERT_TRUE(fs::is_regular_file(aside));
  EXPECT_THAT(loginsIn(aside), Contains("after.backup")) << "the replaced database is kept";

  auto restarted = startServer();
  ASSERT_GT(restarted->port(), 0) << restarted->error();
  EXPECT_EQ(httpGet(restarted->port(), "/readyz").status, 200);
  EXPECT_EQ(restarted->stop(), 0) << restarted->log();
}

TEST_F(CliBackup, ARestoredDatabaseStartsANewReplicationEpoch) {
  initNode();
  execSql(databasePath(),
          "INSERT INTO replication_epoch(id, epoch, started_at) VALUES (1, 'old-epoch', 1)");
  ASSERT_EQ(cartable({"backup", "--to", backupPath().string()}).exit_code, 0);
  EXPECT_EQ(queryColumn(backupPath(), "SELECT epoch FROM replication_epoch"),
            std::vector<std::string>{"old-epoch"});

  const CommandResult restore = cartable({"restore", "--from", backupPath().string()});
  ASSERT_EQ(restore.exit_code, 0) << restore.describe();
  EXPECT_TRUE(queryColumn(databasePath(), "SELECT epoch FROM replication_epoch").empty());
}

TEST_F(CliBackup, RestoreIsRefusedWhileTheServerRuns) {
  initNode();
  ASSERT_EQ(cartable({"backup", "--to", backupPath().string()}).exit_code, 0);
  auto server = startServer();
  ASSERT_GT(server->port(), 0) << server->error();
  const CommandResult restore = cartable({"restore", "--from", backupPath().string()});
  EXPECT_EQ(restore.exit_code, 1) << restore.describe();
  EXPECT_THAT(restore.err, HasSubstr("a cartable server is running"));
  EXPECT_FALSE(fs::exists(databasePath().string() + ".before-restore"));
}

TEST_F(CliBackup, RestoreFromAGarbageFileFailsAndLeavesTheDatabaseAlone) {
  initNode();
  addUser("jean.dupont", "Jean", "Dupont");
  const std::string database_before = readFile(databasePath());
  const std::string garbage = writeFile("garbage.db", std::string(8192, 'x'));

  const CommandResult restore = cartable({"restore", "--from", garbage});
  EXPECT_EQ(restore.exit_code, 1) << restore.describe();
  EXPECT_THAT(restore.err, HasSubstr("cannot restore " + garbage));
  EXPECT_TRUE(readFile(databasePath()) == database_before) << "the database was changed";
  EXPECT_FALSE(fs::exists(databasePath().string() + ".before-restore"));
  EXPECT_THAT(cartable({"user", "list"}).out, HasSubstr("jean.dupont"));
}

}  // namespace
}  // namespace cartable::cli_testing
