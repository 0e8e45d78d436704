// The timetable from a CSV file (documented in CSV.md, "Emploi du temps"): one
// row per weekly lesson. The file is the whole timetable: lessons it no longer
// lists end the day before the import (their past — changes, roll calls,
// records — is kept), lessons it lists unchanged are kept as they are, new
// ones start on the import day at the earliest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/clock.h"
#include "core/storage/database.h"
#include "imports/reconcile.h"

namespace cartable::imports {

// What importing the timetable in `bytes` (UTF-8 or ISO-8859-15, optionally
// zipped) would change; problems name the line and column, or the lesson a
// row overlaps. Applied in one transaction when `apply` and nothing is wrong.
Result<ImportReport> importTimetable(storage::Database& db, std::string_view bytes,
                                     const std::string& file_name, const ImportOptions& options,
                                     Seconds now, bool apply, std::optional<std::int64_t> actor);

}  // namespace cartable::imports
