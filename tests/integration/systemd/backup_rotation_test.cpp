// Naming and pruning of dated backups (cli/backup_rotation.h).
#include "cli/backup_rotation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace cartable::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class SystemdBackupRotation : public ::testing::Test {
 protected:

  void touch(const std::string& name) const { std::ofstream(dir_ / name) << name; }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::vector<std::string> remaining() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  cartable::testing::TempDir temp_;
  fs::path dir_ = temp_.path();
};

TEST_F(SystemdBackupRotation, NameIsTheUtcDateAndTime) {
  EXPECT_EQ(backupFileName(0), "cartable-19700101-000000.db");
  EXPECT_EQ(backupFileName(1'795'833'000), "cartable-20261128-023000.db");
}

TEST_F(SystemdBackupRotation, OnlyNamesOfThatExactShapeAreBackups) {
  EXPECT_TRUE(isBackupFileName("cartable-20261129-023000.db"));
  EXPECT_FALSE(isBackupFileName("cartable-20261129-023000.db.partial"));
  EXPECT_FALSE(isBackupFileName("cartable-2026112-023000.db"));
  EXPECT_FALSE(isBackupFileName("cartable-20261129_023000.db"));
  EXPECT_FALSE(isBackupFileName("cartable.db"));
  EXPECT_FALSE(isBackupFileName("before-upgrade-20261129-023000.db"));
}

TEST_F(SystemdBackupRotation, PruneDeletesTheOldestBeyondKeepAndNothingElse) {
  touch("cartable-20261103-023000.db");
  touch("cartable-20261101-023000.db");
  touch("cartable-20261104-023000.db");
  touch("cartable-20261102-023000.db");
  touch("cartable-20261101-023000.db.partial");
  touch("keep-me.db");

  auto removed = pruneBackups(dir_.string(), 2);

  ASSERT_TRUE(removed.ok()) << removed.error().message;
  EXPECT_THAT(*removed, ElementsAre(path("cartable-20261101-023000.db"),
                                    path("cartable-20261102-023000.db")));
  EXPECT_THAT(remaining(),
              ElementsAre("cartable-20261101-023000.db.partial", "cartable-20261103-023000.db",
                          "cartable-20261104-023000.db", "keep-me.db"));
}

TEST_F(SystemdBackupRotation, PruneWithNoMoreThanKeepDeletesNothing) {
  touch("cartable-20261101-023000.db");
  auto removed = pruneBackups(dir_.string(), 1);
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  EXPECT_THAT(*removed, IsEmpty());
  EXPECT_THAT(remaining(), ElementsAre("cartable-20261101-023000.db"));
}

TEST_F(SystemdBackupRotation, KeepBelowOneIsRefused) {
  touch("cartable-20261101-023000.db");
  auto removed = pruneBackups(dir_.string(), 0);
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.error().message, "--keep must be at least 1, got 0");
  EXPECT_EQ(removed.error().field, "keep");
  EXPECT_THAT(remaining(), ElementsAre("cartable-20261101-023000.db"));
}

TEST_F(SystemdBackupRotation, AMissingDirectoryIsAnErrorNamingIt) {
  auto removed = pruneBackups(path("nowhere"), 3);
  ASSERT_FALSE(removed.ok());
  EXPECT_THAT(removed.error().message, ::testing::StartsWith("cannot list " + path("nowhere")));
}

}  // namespace
}  // namespace cartable::cli
