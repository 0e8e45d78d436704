#include "node_fixture.h"

#include <stdlib.h>

#include <fstream>
#include <sstream>

namespace cartable::systemd_testing {

std::string nodeConfig(const std::string& extra) {
  return R"(role: school
school:
  uai: "0541234Y"
  name: "Collège Jean Moulin"
  academie: "Nancy-Metz"
  department: "54"
data_dir: data
http:
  listen: 127.0.0.1
  port: 0
  plain_http: true
)" + extra;
}

NodeFixture::NodeFixture() = default;

NodeFixture::~NodeFixture() = default;

void NodeFixture::writeConfig(const std::string& text) const {
  std::ofstream(configPath()) << text;
}

void NodeFixture::initNode() const {
  ASSERT_FALSE(root_.empty()) << "no temporary directory";
  writeConfig(nodeConfig());
  const cli_testing::CommandResult init = cartable({"init"});
  ASSERT_EQ(init.exit_code, 0) << init.describe();
}

cli_testing::CommandResult NodeFixture::cartable(std::vector<std::string> arguments) const {
  arguments.push_back("--config");
  arguments.push_back(configPath().string());
  return cli_testing::runCommand(CARTABLE_BINARY, arguments);
}

std::string readWhole(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace cartable::systemd_testing
