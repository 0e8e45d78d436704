// Direct looks at the node's SQLite file while the server is stopped.
#pragma once

#include <string>
#include <unordered_set>

#include "core/base/result.h"

namespace cartable::crash {

struct DatabaseState {
  std::string integrity;  // "ok", or the problems PRAGMA integrity_check lists
  // The codes of the writes found whole: subjects by code, announcements by
  // title, documents by name whose file in the store holds the bytes sent.
  std::unordered_set<std::string> present;
};

// Opens `path` read-only, runs PRAGMA integrity_check and reads every write
// of the check, reading documents' bytes from the file store `files_dir`. The
// server must be stopped.
Result<DatabaseState> inspectDatabase(const std::string& path, const std::string& files_dir);

// Deletes the subject `code`: the loss the self-test injects to prove that
// the check notices one.
Status deleteSubject(const std::string& path, const std::string& code);

}  // namespace cartable::crash
