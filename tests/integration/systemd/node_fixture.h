// A temporary directory holding the configuration and data of a school node
// served on 127.0.0.1 port 0 over plain HTTP, and the real `cartable` run on it.
#pragma once

#include "support/temp_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "../cli/child_process.h"

namespace cartable::systemd_testing {

namespace fs = std::filesystem;

// The school's configuration used by these tests; `extra` is appended.
std::string nodeConfig(const std::string& extra = {});

class NodeFixture : public ::testing::Test {
 protected:
  NodeFixture();
  ~NodeFixture() override;

  const fs::path& root() const { return root_; }
  fs::path configPath() const { return root_ / "cartable.yaml"; }
  fs::path dataDir() const { return root_ / "data"; }

  void writeConfig(const std::string& text) const;
  // Writes the configuration and runs `cartable init` (the test fails if it does).
  void initNode() const;
  // `cartable ARGS... --config <configPath()>`.
  cli_testing::CommandResult cartable(std::vector<std::string> arguments) const;

 private:
  cartable::testing::TempDir temp_;
  fs::path root_ = temp_.path();
};

// The whole content of a file ("" when it cannot be read).
std::string readWhole(const fs::path& path);

}  // namespace cartable::systemd_testing
