#include "node_under_test.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace cartable::crash {
namespace {

using namespace std::chrono_literals;

constexpr auto kStartTimeout = 30s;

// Cheapest settings the config accepts for what the check needs: one school,
// plain HTTP on loopback, quiet logs.
constexpr const char* kConfig = R"(role: school
school:
  uai: "0541234Y"
  name: "Collège de la vérification"
  academie: "Nancy-Metz"
  department: "54"
data_dir: data
http:
  listen: 127.0.0.1
  port: 0
  plain_http: true
limits:
  threads: 8
logging:
  level: warning
  access_log: false
)";

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Status writeFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return makeError(Errc::io_error, "cannot write " + path);
  return okStatus();
}

// The text after `marker` up to the end of its line, if `marker` is there.
std::optional<std::string> restOfLine(const std::string& text, const std::string& marker) {
  const auto at = text.find(marker);
  if (at == std::string::npos) return std::nullopt;
  const auto begin = at + marker.size();
  const auto end = text.find('\n', begin);
  if (end == std::string::npos) return std::nullopt;  // line not complete yet
  return text.substr(begin, end - begin);
}

}  // namespace

NodeUnderTest::NodeUnderTest(std::string binary, std::string work_dir)
    : binary_(std::move(binary)), work_dir_(std::move(work_dir)) {}

std::string NodeUnderTest::databasePath() const {
  return path("data/cartable.db");
}

std::string NodeUnderTest::logTail() const {
  const std::string log = readFile(path("server.log"));
  constexpr std::size_t kTail = 2000;
  return log.size() <= kTail ? log : log.substr(log.size() - kTail);
}

Result<std::string> NodeUnderTest::initialise() {
  CARTABLE_RETURN_IF_ERROR(writeFile(path("cartable.yaml"), kConfig));
  CARTABLE_ASSIGN_OR_RETURN(
      ChildProcess init, ChildProcess::start({binary_, "init", "--config", path("cartable.yaml")},
                                             path("init.out"), path("init.log")));
  const std::string ended = init.wait();
  const std::string output = readFile(path("init.out")) + readFile(path("init.log"));
  if (ended != "exit code 0") {
    return makeError(Errc::failed_precondition, "cartable init failed (" + ended + "): " + output);
  }
  auto password = restOfLine(output, "one-time password ");
  if (!password || password->empty()) {
    return makeError(Errc::failed_precondition,
                     "cartable init printed no one-time password: " + output);
  }
  return *password;
}

Status NodeUnderTest::start() {
  const std::string stdout_path = path("serve-" + std::to_string(++starts_) + ".out");
  CARTABLE_ASSIGN_OR_RETURN(
      ChildProcess server,
      ChildProcess::start({binary_, "serve", "--config", path("cartable.yaml")}, stdout_path,
                          path("server.log")));
  server_.emplace(std::move(server));
  CARTABLE_ASSIGN_OR_RETURN(port_, awaitListening(stdout_path));
  return okStatus();
}

Result<std::uint16_t> NodeUnderTest::awaitListening(const std::string& stdout_path) {
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto rest = restOfLine(readFile(stdout_path), "listening http://127.0.0.1:")) {
      const int port = std::atoi(rest->c_str());
      if (port <= 0 || port > 65535) {
        return makeError(Errc::internal, "cartable serve printed a bad port: " + *rest);
      }
      return static_cast<std::uint16_t>(port);
    }
    if (server_->hasExited()) {
      return makeError(Errc::failed_precondition, "cartable serve stopped (" + server_->endedHow() +
                                                      ") before listening: " + logTail());
    }
    std::this_thread::sleep_for(5ms);
  }
  kill();
  return makeError(Errc::unavailable,
                   "cartable serve printed no \"listening\" line within 30 s: " + logTail());
}

void NodeUnderTest::kill() {
  if (server_) server_->killAndWait();
  server_.reset();
}

}  // namespace cartable::crash
