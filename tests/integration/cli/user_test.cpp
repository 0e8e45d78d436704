// `cartable user ...`: account administration from the shell, checked
// through `user list` and through signing in on a running node.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace cartable::cli_testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

class CliUser : public CliFixture {
 protected:
  void SetUp() override { initNode(); }
};

TEST_F(CliUser, AddPrintsTheLoginAndAOneTimePassword) {
  const CommandResult result = cartable({"user", "add", "--login", "jean.dupont", "--given-name",
                                         "Jean", "--family-name", "Dupont", "--role", "teacher"});
  EXPECT_EQ(result.exit_code, 0) << result.describe();
  EXPECT_THAT(result.out, ContainsRegex("^Created jean\\.dupont \\(id [0-9]+\\), one-time "
                                        "password [^ \n]{10,}\n$"));
}

TEST_F(CliUser, AddWithoutLoginProposesOneFromTheNames) {
  const CommandResult result = cartable(
      {"user", "add", "--given-name", "Élodie", "--family-name", "Dupré", "--role", "student"});
  EXPECT_EQ(result.exit_code, 0) << result.describe();
  EXPECT_THAT(result.out, HasSubstr("Created elodie.dupre "));
}

TEST_F(CliUser, AddWithATakenLoginFailsNamingTheLogin) {
  addUser("jean.dupont", "Jean", "Dupont");
  const CommandResult result = cartable({"user", "add", "--login", "jean.dupont", "--given-name",
                                         "Jeanne", "--family-name", "Dupont", "--role", "staff"});
  EXPECT_EQ(result.exit_code, 1) << result.describe();
  EXPECT_THAT(result.err, HasSubstr("jean.dupont"));
  EXPECT_THAT(result.err, HasSubstr("already used"));
  EXPECT_EQ(result.out, "");
}

// `user add jdupont ...` reads as "add the login jdupont": a stray word must
// be refused, not silently dropped for a login proposed from the names.
TEST_F(CliUser, AddWithAStrayWordIsRefusedAsAUsageError) {
  const CommandResult result = cartable({"user", "add", "jdupont", "--given-name", "Jean",
                                         "--family-name", "Dupont", "--role", "teacher"});
  EXPECT_EQ(result.exit_code, 2) << result.describe();
  EXPECT_THAT(result.err, HasSubstr("jdupont"));
  EXPECT_THAT(cartable({"user", "list"}).out, HasSubstr("\n1 account\n"));
}

TEST_F(CliUser, AddWithAnUnknownRoleFailsListingTheRoles) {
  const CommandResult result =
      cartable({"user", "add", "--login", "merlin", "--given-name", "Merlin", "--family-name",
                "Enchanteur", "--role", "wizard"});
  EXPECT_THAT(result.exit_code, ::testing::AnyOf(1, 2)) << result.describe();
  EXPECT_THAT(result.err,
              HasSubstr("--role wizard: expected student, parent, teacher, staff or admin"));
  EXPECT_THAT(cartable({"user", "list"}).out, Not(HasSubstr("merlin")));
}

TEST_F(CliUser, ListShowsEveryAccountWithItsRoles) {
  addUser("jean.dupont", "Jean", "Dupont", "teacher");
  addUser("lea.martin", "Léa", "Martin", "student");
  const CommandResult result = cartable({"user", "list"});
  EXPECT_EQ(result.exit_code, 0) << result.describe();
  EXPECT_THAT(result.out, ContainsRegex("admin +admin +Administrateur Cartable"));
  EXPECT_THAT(result.out, ContainsRegex("jean\\.dupont +teacher +Jean Dupont"));
  EXPECT_THAT(result.out, ContainsRegex("lea\\.martin +student +Léa Martin"));
  EXPECT_THAT(result.out, HasSubstr("\n3 accounts\n"));

  const CommandResult students = cartable({"user", "list", "--role", "student"});
  EXPECT_THAT(students.out, HasSubstr("lea.martin"));
  EXPECT_THAT(students.out, Not(HasSubstr("jean.dupont")));
  EXPECT_THAT(students.out, HasSubstr("\n1 account\n"));
}

TEST_F(CliUser, DisabledAccountCannotSignIn) {
  const std::string password = addUser("jean.dupont", "Jean", "Dupont");
  auto server = startServer();
  ASSERT_GT(server->port(), 0) << server->error();
  ASSERT_EQ(signIn(server->port(), "jean.dupont", password).status, 201);

  const CommandResult disabled = cartable({"user", "disable", "jean.dupont"});
  EXPECT_EQ(disabled.exit_code, 0) << disabled.describe();
  EXPECT_EQ(disabled.out, "jean.dupont: disabled\n");
  EXPECT_EQ(signIn(server->port(), "jean.dupont", password).status, 401);
  EXPECT_THAT(cartable({"user", "list"}).out, ContainsRegex("jean\\.dupont .*\\[disabled\\]"));

  ASSERT_EQ(cartable({"user", "enable", "jean.dupont"}).exit_code, 0);
  EXPECT_EQ(signIn(server->port(), "jean.dupont", password).status, 201);
  EXPECT_EQ(server->stop(), 0) << server->log();
}

TEST_F(CliUser, ResetPasswordPrintsANewPasswordThatSignsIn) {
  const std::string first = addUser("jean.dupont", "Jean", "Dupont");
  const CommandResult reset = cartable({"user", "reset-password", "jean.dupont"});
  ASSERT_EQ(reset.exit_code, 0) << reset.describe();
  EXPECT_THAT(reset.out, HasSubstr("jean.dupont: new one-time password "));
  const std::string second = oneTimePasswordIn(reset.out);
  ASSERT_FALSE(second.empty());
  EXPECT_NE(second, first);

  auto server = startServer();
  ASSERT_GT(server->port(), 0) << server->error();
  const HttpReply signed_in = signIn(server->port(), "jean.dupont", second);
  EXPECT_EQ(signed_in.status, 201) << signed_in.body;
  EXPECT_TRUE(jsonBool(signed_in.body, "must_change_password"));
  EXPECT_EQ(signIn(server->port(), "jean.dupont", first).status, 401);
  EXPECT_EQ(server->stop(), 0) << server->log();
}

TEST_F(CliUser, CommandOnAnUnknownLoginFailsNamingIt) {
  const CommandResult result = cartable({"user", "disable", "nobody.here"});
  EXPECT_EQ(result.exit_code, 1) << result.describe();
  EXPECT_THAT(result.err, HasSubstr("no account with login nobody.here"));
}

}  // namespace
}  // namespace cartable::cli_testing
