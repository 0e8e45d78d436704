// Direct looks at the node's SQLite file while the server is stopped.
#pragma once

#include <string>
#include <unordered_set>

#include "core/base/result.h"

namespace cartable::crash {

struct DatabaseState {
  std::string integrity;  // "ok", or the problems PRAGMA integrity_check lists
  std::unordered_set<std::string> subject_codes;
};

// Opens `path` read-only, runs PRAGMA integrity_check and reads every subject
// code. The server must be stopped.
Result<DatabaseState> inspectDatabase(const std::string& path);

// Deletes the subject `code`: the loss the self-test injects to prove that
// the check notices one.
Status deleteSubject(const std::string& path, const std::string& code);

}  // namespace cartable::crash
