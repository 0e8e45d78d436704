// The durability check itself: rounds of writes ended by SIGKILL, each
// followed by a look at the database and a restart.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "admin_account.h"
#include "core/base/random.h"
#include "mixed_writes.h"
#include "node_under_test.h"
#include "options.h"
#include "write_load.h"

namespace cartable::crash {

class CrashCheck {
 public:
  // `work_dir` must exist and be empty; progress goes to `out`. The check
  // ends early, as an error, once `interrupted` becomes true.
  CrashCheck(const Options& options, const std::string& work_dir, std::ostream& out,
             const std::atomic<bool>& interrupted);

  // Initialises and starts the node, runs every round and prints one line per
  // round and a summary. True when every round passed; an error when the
  // check itself could not run (the node would not start, sign-in failed).
  Result<bool> run();
  // Whether the self-test deleted an acknowledged subject.
  bool lossInjected() const { return loss_injected_; }

 private:
  Status setUp();
  Status ensureSignedIn();
  // One round: writes, SIGKILL, checks; restarts the node when it passed.
  Result<bool> runRound(int round);
  // With the server stopped: integrity, then every acknowledged code; prints
  // the round's line. False when something is wrong.
  Result<bool> checkDatabase(int round, const RoundWrites& writes, std::int64_t killed_after_ms);
  RoundWrites writeUntilKilled(int round, std::int64_t& killed_after_ms);
  Status injectLoss(const RoundWrites& writes);
  // After the last restart: the server lists every acknowledged subject
  // (the other kinds are checked in the database and file store each round).
  Result<bool> checkServedSubjects();
  void printSummary(bool passed, std::int64_t elapsed_ms);

  const Options& options_;
  std::ostream& out_;
  const std::atomic<bool>& interrupted_;
  NodeUnderTest node_;
  std::optional<AdminAccount> admin_;
  std::int64_t folder_id_ = 0;  // the admin's personal documents, where uploads go
  SeededRandom random_;
  std::vector<std::string> acknowledged_;  // every round so far
  std::vector<std::string> missing_;
  std::string failure_;
  std::size_t unknown_ = 0;
  std::size_t unknown_landed_ = 0;
  std::size_t rejected_ = 0;
  std::string first_rejection_;
  int rounds_passed_ = 0;
  bool loss_injected_ = false;
};

}  // namespace cartable::crash
