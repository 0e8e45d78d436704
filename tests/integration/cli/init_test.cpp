// `cartable init`: what it creates, with which modes, and that a second run
// refuses without touching anything.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "cli_fixture.h"

namespace cartable::cli_testing {
namespace {

using ::testing::HasSubstr;

class CliInit : public CliFixture {
 protected:
  // Contents and modification times of every file under the data directory.
  std::map<std::string, std::pair<std::string, fs::file_time_type>> snapshot() const {
    std::map<std::string, std::pair<std::string, fs::file_time_type>> files;
    for (const auto& entry : fs::recursive_directory_iterator(dataDir())) {
      if (!entry.is_regular_file()) continue;
      files[entry.path().string()] = {readFile(entry.path()), entry.last_write_time()};
    }
    return files;
  }
};

TEST_F(CliInit, CreatesAPrivateDataDirectoryWithDatabaseAndSecretKeys) {
  writeConfig();
  const CommandResult result = cartable({"init"});
  ASSERT_EQ(result.exit_code, 0) << result.describe();
  EXPECT_EQ(modeOf(dataDir()), 0750u);
  EXPECT_TRUE(fs::is_regular_file(databasePath()));
  EXPECT_EQ(modeOf(dataDir() / "keys" / "sign.key"), 0600u);
  EXPECT_EQ(modeOf(dataDir() / "keys" / "box.key"), 0600u);
  EXPECT_TRUE(fs::is_regular_file(dataDir() / "keys" / "sign.pub"));
  EXPECT_TRUE(fs::is_regular_file(dataDir() / "keys" / "box.pub"));
  EXPECT_FALSE(fs::exists(dataDir() / "tls")) << "plain_http needs no certificate";
  EXPECT_THAT(result.out, HasSubstr("First administrator: login admin, one-time password "));
  EXPECT_GE(oneTimePasswordIn(result.out).size(), 10u) << result.out;
}

TEST_F(CliInit, WritesASelfSignedCertificateWithAPrivateKeyWhenTlsIsOn) {
  writeConfig(/*tls=*/true);
  const CommandResult result = cartable({"init"});
  ASSERT_EQ(result.exit_code, 0) << result.describe();
  EXPECT_THAT(readFile(dataDir() / "tls" / "cert.pem"), HasSubstr("BEGIN CERTIFICATE"));
  EXPECT_EQ(modeOf(dataDir() / "tls" / "key.pem"), 0600u);
  EXPECT_THAT(result.out, HasSubstr("self-signed certificate was written to " +
                                    (dataDir() / "tls" / "cert.pem").string()));
}

TEST_F(CliInit, SecondInitIsRefusedAndChangesNothing) {
  writeConfig(/*tls=*/true);
  ASSERT_EQ(cartable({"init"}).exit_code, 0);
  const auto before = snapshot();

  const CommandResult again = cartable({"init"});
  EXPECT_NE(again.exit_code, 0) << again.describe();
  EXPECT_THAT(again.err, HasSubstr("already initialised"));
  EXPECT_EQ(oneTimePasswordIn(again.out), "") << "no second admin password";

  const auto after = snapshot();
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [path, file] : before) {
    ASSERT_TRUE(after.contains(path)) << path;
    EXPECT_TRUE(after.at(path).first == file.first) << path << " changed";
    EXPECT_EQ(after.at(path).second, file.second) << path << " was rewritten";
  }
}

// A failed init must not leave a node that init then calls initialised: here
// node keys left from an earlier install block the first attempt; once they
// are removed, init must be able to finish and create the administrator.
TEST_F(CliInit, InitThatFailsCanBeRunAgainOnceTheCauseIsRemoved) {
  writeConfig();
  fs::create_directories(dataDir() / "keys");
  writeFile("data/keys/sign.key", std::string(64, 'k'));
  const CommandResult blocked = cartable({"init"});
  EXPECT_EQ(blocked.exit_code, 1) << blocked.describe();
  EXPECT_THAT(blocked.err, HasSubstr((dataDir() / "keys" / "sign.key").string()));

  fs::remove_all(dataDir() / "keys");
  const CommandResult retried = cartable({"init"});
  EXPECT_EQ(retried.exit_code, 0) << retried.describe();
  EXPECT_NE(oneTimePasswordIn(retried.out), "") << "no administrator was created";
}

}  // namespace
}  // namespace cartable::cli_testing
