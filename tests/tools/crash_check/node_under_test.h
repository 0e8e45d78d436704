// A school node made for the check: its own config and data directory inside
// the work directory, and the `cartable serve` process that can be killed and
// started again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "child_process.h"
#include "core/base/result.h"

namespace cartable::crash {

class NodeUnderTest {
 public:
  // `binary` is the cartable program; `work_dir` must exist and be writable.
  NodeUnderTest(std::string binary, std::string work_dir);

  // Writes the config (plain HTTP on 127.0.0.1, port 0) and runs
  // `cartable init`; returns the first administrator's one-time password.
  Result<std::string> initialise();
  // Starts `cartable serve` and waits up to 30 s for its "listening" line.
  Status start();
  // SIGKILL to the server, then reaps it.
  void kill();

  // The port of the running server.
  std::uint16_t port() const { return port_; }
  std::string databasePath() const;
  // The node's file store (uploaded bytes, by their SHA-256).
  std::string filesPath() const { return path("data/files"); }
  // The end of what the server wrote to stderr, for error messages.
  std::string logTail() const;

 private:
  std::string path(const std::string& name) const { return work_dir_ + "/" + name; }
  Result<std::uint16_t> awaitListening(const std::string& stdout_path);

  std::string binary_;
  std::string work_dir_;
  std::optional<ChildProcess> server_;
  std::uint16_t port_ = 0;
  int starts_ = 0;
};

}  // namespace cartable::crash
