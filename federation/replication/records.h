// Applying records received from a peer: each record is kept in its winning
// version, applying the same version twice changes nothing, and a losing
// version is kept for review. The winner is chosen without clocks, so every
// node picks the same one whatever the order in which versions arrive.
#pragma once

#include <optional>
#include <string>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "federation/replication/change_log.h"

namespace cartable::federation {

enum class ApplyOutcome {
  applied,    // the record is new, or this version beats the one held
  unchanged,  // this version, or a later one by the same owner, is already held
  lost,       // a version by another owner that loses: kept in replication_conflicts
};

// True when version (a_version, a_owner) beats (b_version, b_owner): the higher
// version wins; equal versions are decided by the owner's name.
bool beats(std::int64_t a_version, const std::string& a_owner, std::int64_t b_version,
           const std::string& b_owner);

// Applies `record`, received from `peer` ("" when written here), in the
// caller's transaction.
Result<ApplyOutcome> applyRecord(storage::Connection& conn, const Record& record,
                                 const std::string& peer, Seconds now);

// The winning version of (kind, key) held here, if any.
Result<std::optional<Record>> findRecord(storage::Connection& conn, const std::string& kind,
                                         const std::string& key);

}  // namespace cartable::federation
