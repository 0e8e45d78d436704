// One fixture for the command-line tests: a temporary directory holding a
// configuration file and a data directory, and helpers that run the real
// `cartable` and `cartable-generate` programs on them.
#pragma once

#include "support/temp_dir.h"

#include <gtest/gtest.h>
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "child_process.h"

namespace cartable::cli_testing {

namespace fs = std::filesystem;

// A plain HTTP or HTTPS answer.
struct HttpReply {
  int status = 0;
  std::string body;
};

// GET on 127.0.0.1:port; HTTPS accepts any certificate (the node's is self-signed).
HttpReply httpGet(std::uint16_t port, const std::string& path, bool https = false);
// POST /api/v1/session as the mobile client.
HttpReply signIn(std::uint16_t port, const std::string& login, const std::string& password);
// The boolean `key` of a JSON object body; fails the test when absent.
bool jsonBool(const std::string& body, const std::string& key);

// The word after "one-time password " in `text`, or "" when there is none.
std::string oneTimePasswordIn(const std::string& text);
// The whole content of a file ("" when it cannot be read).
std::string readFile(const fs::path& path);
// Permission bits of a file or directory (e.g. 0600).
unsigned modeOf(const fs::path& path);

class CliFixture : public ::testing::Test {
 protected:
  CliFixture();
  ~CliFixture() override;

  // Writes cartable.yaml for a school whose data directory is dataDir(),
  // served on 127.0.0.1 port 0, over HTTPS when `tls`.
  void writeConfig(bool tls = false);
  // Writes `text` as a file of the temporary directory; returns its path.
  std::string writeFile(const std::string& name, const std::string& text) const;

  // `cartable ARGS... --config <configPath()>`.
  CommandResult cartable(std::vector<std::string> arguments) const;
  // `cartable ARGS...` as given.
  CommandResult cartableRaw(const std::vector<std::string>& arguments) const;
  CommandResult generate(const std::vector<std::string>& arguments) const;

  // Writes the configuration and runs `cartable init`; returns the admin's
  // one-time password (the test fails when init does).
  std::string initNode(bool tls = false);
  // `cartable user add`; returns the one-time password it printed.
  std::string addUser(const std::string& login, const std::string& given_name,
                      const std::string& family_name, const std::string& role = "teacher");
  // `cartable serve` in the background on this configuration.
  std::unique_ptr<BackgroundServer> startServer();

  const fs::path& root() const { return root_; }
  fs::path configPath() const { return root_ / "cartable.yaml"; }
  fs::path dataDir() const { return root_ / "data"; }
  fs::path databasePath() const { return dataDir() / "cartable.db"; }

 private:
  cartable::testing::TempDir temp_;
  fs::path root_ = temp_.path();
};

}  // namespace cartable::cli_testing
