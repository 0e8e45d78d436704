// Replication positions, both ways: how far this node has applied a peer's
// log (cursors, moved in the transaction that applies a batch), and how far a
// peer has applied this node's log (acks, recorded when the peer says so).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "federation/replication/change_log.h"

namespace cartable::federation {

// A position in one partition of a log, within one epoch of that log.
struct LogPosition {
  std::string partition;
  std::string epoch;
  std::int64_t seq = 0;
};

// How far this node has applied `peer`'s log, per partition. A partition
// never applied is left out.
Result<std::vector<LogPosition>> appliedFrom(storage::Connection& conn, const std::string& peer);

// Moves the cursor of (peer, partition) to `position` in the caller's
// transaction (the one that applied the records). A new epoch replaces the
// old one; within one epoch the cursor never goes back.
Status advanceCursor(storage::Connection& conn, const std::string& peer,
                     const LogPosition& position, Seconds now);

// Records that `peer` holds this node's log up to `position`.
Status recordAck(storage::Connection& conn, const std::string& peer, const LogPosition& position,
                 Seconds now);

// Where `peer` is in each of `partitions` of this node's log in `epoch`: the
// acked seq, or 0 when the peer never acked in this epoch.
Result<std::vector<PartitionCursor>> ackedBy(storage::Connection& conn, const std::string& peer,
                                             const std::vector<std::string>& partitions,
                                             const std::string& epoch);

}  // namespace cartable::federation
