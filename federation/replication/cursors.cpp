#include "federation/replication/cursors.h"

namespace cartable::federation {

Result<std::vector<LogPosition>> appliedFrom(storage::Connection& conn, const std::string& peer) {
  CARTABLE_ASSIGN_OR_RETURN(auto stmt,
                            conn.query("SELECT partition, epoch, seq FROM replication_cursors "
                                       "WHERE peer = ? AND origin = ? ORDER BY partition",
                                       peer, peer));
  std::vector<LogPosition> positions;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, stmt.step());
    if (!has_row) break;
    positions.push_back({stmt.text(0), stmt.text(1), stmt.int64(2)});
  }
  return positions;
}

Status advanceCursor(storage::Connection& conn, const std::string& peer,
                     const LogPosition& position, Seconds now) {
  return conn.exec(
      "INSERT INTO replication_cursors(peer, origin, partition, epoch, seq, updated_at) "
      "VALUES (?1, ?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT (peer, origin, partition) DO UPDATE SET "
      "seq = CASE WHEN epoch = excluded.epoch THEN max(seq, excluded.seq) ELSE excluded.seq END, "
      "epoch = excluded.epoch, updated_at = excluded.updated_at",
      peer, position.partition, position.epoch, position.seq, now);
}

Status recordAck(storage::Connection& conn, const std::string& peer, const LogPosition& position,
                 Seconds now) {
  return conn.exec(
      "INSERT INTO replication_acks(peer, partition, epoch, seq, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT (peer, partition) DO UPDATE SET "
      "seq = CASE WHEN epoch = excluded.epoch THEN max(seq, excluded.seq) ELSE excluded.seq END, "
      "epoch = excluded.epoch, updated_at = excluded.updated_at",
      peer, position.partition, position.epoch, position.seq, now);
}

Result<std::vector<PartitionCursor>> ackedBy(storage::Connection& conn, const std::string& peer,
                                             const std::vector<std::string>& partitions,
                                             const std::string& epoch) {
  std::vector<PartitionCursor> cursors;
  for (const auto& partition : partitions) {
    CARTABLE_ASSIGN_OR_RETURN(auto seq,
                              conn.scalarInt64("SELECT seq FROM replication_acks "
                                               "WHERE peer = ? AND partition = ? AND epoch = ?",
                                               peer, partition, epoch));
    cursors.push_back({partition, seq.value_or(0)});
  }
  return cursors;
}

}  // namespace cartable::federation
