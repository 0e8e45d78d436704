// Compares an import Batch with the database and applies the differences in
// one transaction: people created, updated, leaving or coming back; classes,
// groups and subjects; enrollments, group memberships, family links and
// teaching assignments. A preview runs the same steps and rolls them back, so
// what the admin sees is exactly what an apply would do.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/storage/database.h"
#include "imports/batch.h"

namespace cartable::imports {

struct ImportOptions {
  std::string expected_uai;  // this node's UAI; a file of another school is refused
  std::string today;         // YYYY-MM-DD: enrollment dates, DATE_SORTIE in the past
  std::string school_year;   // used when the file names none: "2026-2027"
};

enum class ChangeKind { create, update, leave, comeback, remove, archive };

struct Change {
  ChangeKind kind;
  std::string entity;       // person, class, group, subject, enrollment, membership, guardian, assignment
  std::string description;  // "student Léa Martin (6A)", "moved from 6A to 5B"
  Place place;
};

struct ImportReport {
  std::vector<Change> changes;
  std::vector<Problem> problems;  // any problem: nothing was applied
  std::vector<Problem> warnings;  // reported, but nothing is held back for them
  bool applied = false;

  int count(ChangeKind kind, const std::string& entity) const;
};

std::string_view changeKindName(ChangeKind kind);

// What applying `batch` would change, or the problems that prevent it.
Result<ImportReport> previewImport(storage::Database& db, const Batch& batch,
                                   const ImportOptions& options, Seconds now);

// Applies `batch` in one transaction (nothing when it has problems) and
// records an "import.apply" audit event by `actor`.
Result<ImportReport> applyImport(storage::Database& db, const Batch& batch,
                                 const ImportOptions& options, Seconds now,
                                 std::optional<std::int64_t> actor);

}  // namespace cartable::imports
