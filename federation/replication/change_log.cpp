#include "federation/replication/change_log.h"

#include "federation/replication/records.h"

namespace cartable::federation {

Result<std::string> currentEpoch(storage::Connection& conn, Random& random, Seconds now) {
  {
    CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query("SELECT epoch FROM replication_epoch"));
    CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
    if (found) return stmt.text(0);
  }
  std::string epoch = random.hex(16);
  CARTABLE_RETURN_IF_ERROR(conn.exec(
      "INSERT INTO replication_epoch(id, epoch, started_at) VALUES (1, ?, ?)", epoch, now));
  return epoch;
}

Status startNewEpoch(storage::Connection& conn) {
  return conn.exec("DELETE FROM replication_epoch");
}

Result<std::int64_t> nextVersion(storage::Connection& conn, const std::string& kind,
                                 const std::string& key) {
  // Every version logged here is also held in federated_records (or lost
  // there to a higher one), so that table alone knows the highest.
  CARTABLE_ASSIGN_OR_RETURN(auto held, conn.scalarInt64("SELECT version FROM federated_records "
                                                        "WHERE kind = ? AND record_key = ?",
                                                        kind, key));
  return held.value_or(0) + 1;
}

Result<std::int64_t> appendChange(storage::Connection& conn, const Record& record, Seconds now) {
  const storage::Blob body(reinterpret_cast<const std::uint8_t*>(record.body.data()),
                           record.body.size());
  CARTABLE_RETURN_IF_ERROR(conn.exec(
      "INSERT OR REPLACE INTO change_log(partition, kind, record_key, owner, version, body, at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      record.partition, record.kind, record.key, record.owner, record.version, body, now));
  const std::int64_t seq = conn.lastInsertId();
  CARTABLE_RETURN_IF_ERROR(applyRecord(conn, record, "", now));
  return seq;
}

namespace {

// "(partition = ? AND seq > ?) OR ..." for each cursor.
std::string cursorFilter(std::size_t count) {
  std::string filter;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) filter += " OR ";
    filter += "(partition = ? AND seq > ?)";
  }
  return filter;
}

Status bindCursors(storage::Statement& stmt, const std::vector<PartitionCursor>& cursors) {
  int index = 0;
  for (const auto& cursor : cursors) {
    CARTABLE_RETURN_IF_ERROR(stmt.bind(++index, std::string_view(cursor.partition)));
    CARTABLE_RETURN_IF_ERROR(stmt.bind(++index, cursor.after));
  }
  return okStatus();
}

Record readRecord(const storage::Statement& stmt) {
  Record record;
  record.seq = stmt.int64(0);
  record.partition = stmt.text(1);
  record.kind = stmt.text(2);
  record.key = stmt.text(3);
  record.owner = stmt.text(4);
  record.version = stmt.int64(5);
  const auto body = stmt.blob(6);
  record.body.assign(body.begin(), body.end());
  return record;
}

}  // namespace

Result<std::vector<Record>> changesAfter(storage::Connection& conn,
                                         const std::vector<PartitionCursor>& cursors,
                                         std::size_t max_records, std::size_t max_bytes) {
  std::vector<Record> records;
  if (cursors.empty() || max_records == 0) return records;
  // The statement text depends on the number of partitions only (one to
  // three in practice), so the statement cache keeps a handful of them.
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query("SELECT seq, partition, kind, record_key, owner, version, body "
                            "FROM change_log WHERE " +
                            cursorFilter(cursors.size()) + " ORDER BY seq LIMIT " +
                            std::to_string(max_records)));
  CARTABLE_RETURN_IF_ERROR(bindCursors(stmt, cursors));
  std::size_t bytes = 0;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, stmt.step());
    if (!has_row) break;
    records.push_back(readRecord(stmt));
    bytes += records.back().body.size() + records.back().key.size();
    if (bytes >= max_bytes) break;
  }
  return records;
}

Result<std::int64_t> lastSeq(storage::Connection& conn) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto seq, conn.scalarInt64("SELECT seq FROM sqlite_sequence WHERE name = 'change_log'"));
  return seq.value_or(0);
}

Result<std::int64_t> pendingCount(storage::Connection& conn,
                                  const std::vector<PartitionCursor>& cursors) {
  if (cursors.empty()) return std::int64_t{0};
  CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query("SELECT count(*) FROM change_log WHERE " +
                                                  cursorFilter(cursors.size())));
  CARTABLE_RETURN_IF_ERROR(bindCursors(stmt, cursors));
  CARTABLE_ASSIGN_OR_RETURN(bool has_row, stmt.step());
  return has_row ? stmt.int64(0) : 0;
}

}  // namespace cartable::federation
