// The change log: federated records written or relayed by this node, in the
// transaction of the change, read back in order by the replication sessions.
// Only the latest version of a record is kept per partition.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::federation {

// One version of a federated record, as logged, sent and applied.
struct Record {
  std::int64_t seq = 0;   // position in the sender's log (0 before logging)
  std::string partition;  // who receives it: "hub", "school:<UAI>", "region"
  std::string kind;       // e.g. "member", "credential", "sealed"
  std::string key;        // the record's id within its kind
  std::string owner;      // the node that wrote this version
  std::int64_t version = 0;
  std::string body;  // the record's content (JSON, or bytes for sealed kinds)
};

// This node's replication epoch; made on first use.
Result<std::string> currentEpoch(storage::Connection& conn, Random& random, Seconds now);

// Forgets the epoch, so the next use makes a new one. Called on a database
// restored from backup, before anything else runs on it.
Status startNewEpoch(storage::Connection& conn);

// The version the next change of (kind, key) written here should carry: one
// more than any version of it this node has logged or received.
Result<std::int64_t> nextVersion(storage::Connection& conn, const std::string& kind,
                                 const std::string& key);

// Appends `record` (seq assigned here) in the caller's transaction,
// replacing the older version of the same record in the same partition, and
// makes it the record's current version here (see records.h).
Result<std::int64_t> appendChange(storage::Connection& conn, const Record& record, Seconds now);

// Where a peer is in one partition of this node's log.
struct PartitionCursor {
  std::string partition;
  std::int64_t after = 0;  // the peer holds everything up to this seq
};

// Records of the given partitions with seq above each partition's cursor, in
// seq order, at most `max_records` and about `max_bytes` of bodies (always
// at least one record when any is pending).
Result<std::vector<Record>> changesAfter(storage::Connection& conn,
                                         const std::vector<PartitionCursor>& cursors,
                                         std::size_t max_records, std::size_t max_bytes);

// The highest seq written so far (0 for an empty log).
Result<std::int64_t> lastSeq(storage::Connection& conn);

// How many records of the given partitions are above their cursors.
Result<std::int64_t> pendingCount(storage::Connection& conn,
                                  const std::vector<PartitionCursor>& cursors);

}  // namespace cartable::federation
