// `cartable backup --to-dir DIR --keep N`, the command cartable-backup.timer
// runs every night: a dated copy, then only the newest N copies remain.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "node_fixture.h"

namespace cartable::systemd_testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

class SystemdBackupTimer : public NodeFixture {
 protected:
  fs::path backups() const { return root() / "backups"; }

  void writeBackupsDirFile(const std::string& name, const std::string& text = "old") const {
    fs::create_directories(backups());
    std::ofstream(backups() / name) << text;
  }

  std::vector<std::string> backupsDirNames() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(backups())) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }
};

TEST_F(SystemdBackupTimer, WritesADatedCopyAndKeepsOnlyTheNewestN) {
  initNode();
  writeBackupsDirFile("cartable-20240101-023000.db");
  writeBackupsDirFile("cartable-20240102-023000.db");
  writeBackupsDirFile("cartable-20240103-023000.db");
  writeBackupsDirFile("notes.txt", "an administrator's file");

  const auto result = cartable({"backup", "--to-dir", backups().string(), "--keep", "2"});

  ASSERT_EQ(result.exit_code, 0) << result.describe();
  const auto names = backupsDirNames();
  ASSERT_EQ(names.size(), 3u) << result.describe();
  EXPECT_EQ(names[0], "cartable-20240103-023000.db");
  EXPECT_THAT(names[1], MatchesRegex("cartable-20[0-9]{6}-[0-9]{6}\\.db"));
  EXPECT_EQ(names[2], "notes.txt");
  EXPECT_THAT(result.out, HasSubstr("Backup written to " + (backups() / names[1]).string() + "\n"));
  EXPECT_THAT(result.out, HasSubstr("Removed old backup " +
                                    (backups() / "cartable-20240101-023000.db").string()));
  EXPECT_THAT(result.out, HasSubstr("Removed old backup " +
                                    (backups() / "cartable-20240102-023000.db").string()));
}

TEST_F(SystemdBackupTimer, CreatesTheDirectoryAndKeepsEverythingWithoutKeep) {
  initNode();
  const auto result = cartable({"backup", "--to-dir", backups().string()});
  ASSERT_EQ(result.exit_code, 0) << result.describe();
  EXPECT_THAT(backupsDirNames(), ElementsAre(MatchesRegex("cartable-[0-9]{8}-[0-9]{6}\\.db")));
}

TEST_F(SystemdBackupTimer, KeepZeroIsAUsageErrorAndWritesNothing) {
  initNode();
  const auto result = cartable({"backup", "--to-dir", backups().string(), "--keep", "0"});
  EXPECT_EQ(result.exit_code, 2) << result.describe();
  EXPECT_THAT(result.err,
              HasSubstr("cartable backup: --keep expects a whole number of backups, at least 1, "
                        "got \"0\""));
  EXPECT_FALSE(fs::exists(backups()));
}

TEST_F(SystemdBackupTimer, ToAndToDirTogetherAreRefused) {
  initNode();
  const auto result =
      cartable({"backup", "--to", (root() / "one.db").string(), "--to-dir", backups().string()});
  EXPECT_EQ(result.exit_code, 2) << result.describe();
  EXPECT_THAT(result.err, HasSubstr("give --to or --to-dir, not both"));
}

}  // namespace
}  // namespace cartable::systemd_testing
