#include "federation/replication/records.h"

namespace cartable::federation {

namespace {

storage::Blob bytesOf(const std::string& text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

Status keepLoser(storage::Connection& conn, const Record& loser, const Record& winner,
                 Seconds now) {
  return conn.exec(
      "INSERT INTO replication_conflicts(kind, record_key, owner, version, body, winner_owner, "
      "winner_version, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      loser.kind, loser.key, loser.owner, loser.version, bytesOf(loser.body), winner.owner,
      winner.version, now);
}

}  // namespace

bool beats(std::int64_t a_version, const std::string& a_owner, std::int64_t b_version,
           const std::string& b_owner) {
  if (a_version != b_version) return a_version > b_version;
  return a_owner > b_owner;
}

Result<std::optional<Record>> findRecord(storage::Connection& conn, const std::string& kind,
                                         const std::string& key) {
  CARTABLE_ASSIGN_OR_RETURN(auto stmt,
                            conn.query("SELECT owner, version, body FROM federated_records "
                                       "WHERE kind = ? AND record_key = ?",
                                       kind, key));
  CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
  if (!found) return std::optional<Record>{};
  Record record;
  record.kind = kind;
  record.key = key;
  record.owner = stmt.text(0);
  record.version = stmt.int64(1);
  const auto body = stmt.blob(2);
  record.body.assign(body.begin(), body.end());
  return std::optional<Record>(std::move(record));
}

Result<ApplyOutcome> applyRecord(storage::Connection& conn, const Record& record,
                                 const std::string& peer, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto held, findRecord(conn, record.kind, record.key));
  const bool held_wins = held && !beats(record.version, record.owner, held->version, held->owner);
  if (held_wins && held->owner == record.owner) return ApplyOutcome::unchanged;
  if (held_wins) {
    // A version already kept as a loser is not kept twice (a resent batch).
    CARTABLE_ASSIGN_OR_RETURN(
        auto known, conn.scalarInt64("SELECT 1 FROM replication_conflicts WHERE kind = ? AND "
                                     "record_key = ? AND owner = ? AND version = ?",
                                     record.kind, record.key, record.owner, record.version));
    if (!known) CARTABLE_RETURN_IF_ERROR(keepLoser(conn, record, *held, now));
    return ApplyOutcome::lost;
  }
  if (held && held->owner != record.owner) {
    CARTABLE_RETURN_IF_ERROR(keepLoser(conn, *held, record, now));
  }
  CARTABLE_RETURN_IF_ERROR(conn.exec(
      "INSERT OR REPLACE INTO federated_records(kind, record_key, owner, version, body, "
      "received_from, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      record.kind, record.key, record.owner, record.version, bytesOf(record.body), peer, now));
  return ApplyOutcome::applied;
}

}  // namespace cartable::federation
