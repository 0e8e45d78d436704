// The command word itself: unknown commands, version, help; and the school
// generator run on an initialised node.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace cartable::cli_testing {
namespace {

using ::testing::HasSubstr;

class CliCommands : public CliFixture {};

TEST_F(CliCommands, UnknownCommandExitsTwoWithUsage) {
  const CommandResult result = cartableRaw({"frobnicate"});
  EXPECT_EQ(result.exit_code, 2) << result.describe();
  EXPECT_THAT(result.err, HasSubstr("unknown command frobnicate"));
  EXPECT_THAT(result.err, HasSubstr("Usage: cartable COMMAND"));
}

TEST_F(CliCommands, VersionPrintsTheProgramVersion) {
  const CommandResult result = cartableRaw({"version"});
  EXPECT_EQ(result.exit_code, 0) << result.describe();
  EXPECT_EQ(result.out, "cartable 0.1.0\n");
}

TEST_F(CliCommands, HelpListsEveryCommand) {
  const CommandResult result = cartableRaw({"help"});
  EXPECT_EQ(result.exit_code, 0) << result.describe();
  for (const char* command :
       {"init", "serve", "check-config", "user add", "user list", "backup", "restore", "version"}) {
    EXPECT_THAT(result.out, HasSubstr(std::string("\n  ") + command)) << command;
  }
}

class CliGenerate : public CliFixture {};

TEST_F(CliGenerate, GeneratedSchoolOnAnInitialisedNodeListsItsStudents) {
  initNode();
  // The directory only: living the school year is the generator's own tests' business
  // (it takes tens of seconds on a loaded machine).
  const CommandResult generated =
      generate({"--database", databasePath().string(), "--students", "60", "--classes", "3",
                "--teachers", "12", "--staff", "2", "--until", "none"});
  ASSERT_EQ(generated.exit_code, 0) << generated.describe();

  const CommandResult students = cartable({"user", "list", "--role", "student"});
  EXPECT_EQ(students.exit_code, 0) << students.describe();
  EXPECT_THAT(students.out, HasSubstr("\n60 accounts\n"));
}

}  // namespace
}  // namespace cartable::cli_testing
