// `cartable serve`: refuses a data directory that was never initialised,
// serves health, readiness and sign-in, stops cleanly on SIGTERM, and speaks
// HTTPS with the certificate made by init.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace cartable::cli_testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class CliServe : public CliFixture {};

TEST_F(CliServe, UninitialisedDataDirectoryIsRefusedWithAHintToRunInit) {
  writeConfig();
  const CommandResult result = runCommand(
      CARTABLE_BINARY, {"serve", "--config", configPath().string()}, std::chrono::seconds(10));
  EXPECT_FALSE(result.timed_out) << "serve must not start on an uninitialised data directory";
  EXPECT_NE(result.exit_code, 0) << result.describe();
  EXPECT_THAT(result.err, HasSubstr("cartable init"));
  EXPECT_EQ(result.out, "");
  EXPECT_FALSE(fs::exists(databasePath())) << "serve must not create the database";
}

TEST_F(CliServe, AnswersHealthAndReadinessThenExitsZeroOnSigterm) {
  initNode();
  auto server = startServer();
  ASSERT_GT(server->port(), 0) << server->error();
  EXPECT_THAT(server->url(), StartsWith("http://127.0.0.1:"));
  EXPECT_EQ(httpGet(server->port(), "/healthz").status, 200);
  EXPECT_EQ(httpGet(server->port(), "/readyz").status, 200);
  EXPECT_EQ(server->stop(), 0) << server->log();
}

TEST_F(CliServe, AdminSignsInWithTheOneTimePasswordAndMustChangeIt) {
  const std::string password = initNode();
  auto server = startServer();
  ASSERT_GT(server->port(), 0) << server->error();
  const HttpReply reply = signIn(server->port(), "admin", password);
  EXPECT_EQ(reply.status, 201) << reply.body;
  EXPECT_TRUE(jsonBool(reply.body, "must_change_password")) << reply.body;
  EXPECT_EQ(signIn(server->port(), "admin", password + "x").status, 401);
  EXPECT_EQ(server->stop(), 0) << server->log();
}

TEST_F(CliServe, ServesHttpsWithTheSelfSignedCertificateByDefault) {
  initNode(/*tls=*/true);
  auto server = startServer();
  ASSERT_GT(server->port(), 0) << server->error();
  EXPECT_THAT(server->url(), StartsWith("https://127.0.0.1:"));
  const HttpReply reply = httpGet(server->port(), "/healthz", /*https=*/true);
  EXPECT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(server->stop(), 0) << server->log();
}

}  // namespace
}  // namespace cartable::cli_testing
