// `cartable check-config`: what an administrator sees for a good file, a
// file with mistakes and a missing file; it never touches the data directory.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace cartable::cli_testing {
namespace {

using ::testing::HasSubstr;

class CliCheckConfig : public CliFixture {};

TEST_F(CliCheckConfig, ValidFileIsReportedOkAndNothingIsCreated) {
  writeConfig();
  const CommandResult result = cartable({"check-config"});
  EXPECT_EQ(result.exit_code, 0) << result.describe();
  EXPECT_THAT(result.out, HasSubstr(configPath().string() + ": OK (school 0541234Y, data in " +
                                    dataDir().string() + ")"));
  EXPECT_EQ(result.err, "");
  EXPECT_FALSE(fs::exists(dataDir()));
}

TEST_F(CliCheckConfig, EachMistakeIsReportedWithFileLineColumnAndKey) {
  const std::string path = writeFile("broken.yaml",
                                     "role: school\n"
                                     "school:\n"
                                     "  uai: \"0541234X\"\n"
                                     "  name: \"Collège Jean Moulin\"\n"
                                     "  academie: \"Nancy-Metz\"\n"
                                     "  department: \"54\"\n"
                                     "data_dir: " +
                                         dataDir().string() +
                                         "\n"
                                         "colour: blue\n"
                                         "limits:\n"
                                         "  threads: lots\n");
  const CommandResult result = cartableRaw({"check-config", "--config", path});
  EXPECT_EQ(result.exit_code, 78) << result.describe();
  EXPECT_THAT(result.err, HasSubstr(path + ":3:8: school.uai: "));
  EXPECT_THAT(result.err, HasSubstr(path + ":8:1: colour: "));
  EXPECT_THAT(result.err, HasSubstr(path + ":10:12: limits.threads: "));
  EXPECT_THAT(result.err, HasSubstr("lots"));
  EXPECT_THAT(result.err, HasSubstr(path + ": 3 problems; nothing started"));
  EXPECT_EQ(result.out, "");
  EXPECT_FALSE(fs::exists(dataDir()));
}

TEST_F(CliCheckConfig, MissingFileIsReportedByItsPath) {
  const std::string path = (root() / "absent.yaml").string();
  const CommandResult result = cartableRaw({"check-config", "--config", path});
  EXPECT_EQ(result.exit_code, 78) << result.describe();
  EXPECT_THAT(result.err, HasSubstr(path + ": cannot open the configuration file"));
  EXPECT_EQ(result.out, "");
}

}  // namespace
}  // namespace cartable::cli_testing
