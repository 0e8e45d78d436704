// How every import touches the database: in one write transaction that is
// committed only when applying and nothing is wrong, audited when it is. A
// preview is the same work rolled back, so it reports exactly what an apply
// would change.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/base/clock.h"
#include "core/storage/database.h"
#include "imports/reconcile.h"

namespace cartable::imports {

struct ImportRun {
  bool apply = false;
  std::string audit_action;  // "import.apply", "import.timetable"
  std::optional<std::int64_t> actor;
  Seconds now = 0;
};

// Runs `work` inside BEGIN IMMEDIATE; commits (with an audit entry summing up
// the changes) when `run.apply` and the report has no problem, else rolls back.
// The writer is left outside any transaction whatever happens.
Result<ImportReport> runImport(
    storage::Database& db, const ImportRun& run,
    const std::function<Result<ImportReport>(storage::Connection&)>& work);

}  // namespace cartable::imports
