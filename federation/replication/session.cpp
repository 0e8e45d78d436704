#include "federation/replication/session.h"

#include <algorithm>

#include "federation/replication/cursors.h"
#include "federation/replication/messages.h"

namespace cartable::federation {

namespace {

Error protocolError(std::string message) {
  return makeError(Errc::malformed, std::move(message), "replication");
}

}  // namespace

ReplicationSession::ReplicationSession(storage::Database& db, SessionOptions options,
                                       const Clock& clock, Random& random)
    : db_(db), options_(std::move(options)), clock_(clock), random_(random) {}

Result<Outgoing> ReplicationSession::start() {
  Hello hello;
  CARTABLE_RETURN_IF_ERROR(db_.write([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(epoch_, currentEpoch(conn, random_, clock_.now()));
    CARTABLE_ASSIGN_OR_RETURN(hello.applied, appliedFrom(conn, options_.peer));
    return okStatus();
  }));
  hello.epoch = epoch_;
  return Outgoing{encodeMessage(hello), false};
}

Result<std::vector<Outgoing>> ReplicationSession::onMessage(std::string_view bytes) {
  CARTABLE_ASSIGN_OR_RETURN(Message message, decodeMessage(bytes));
  if (auto* refusal = std::get_if<Refusal>(&message)) {
    return makeError(Errc::permission_denied, "the peer refused: " + refusal->reason,
                     "replication");
  }
  if (auto* hello = std::get_if<Hello>(&message)) return onHello(*hello);
  if (!hello_received_) return protocolError("the peer sent a message before its Hello");
  if (auto* batch = std::get_if<Batch>(&message)) return onBatch(*batch);
  return onAck(std::get<Ack>(message));
}

Result<std::vector<Outgoing>> ReplicationSession::onHello(const Hello& hello) {
  if (hello_received_) return protocolError("the peer sent a second Hello");
  if (hello.epoch.empty()) return protocolError("the peer's Hello has no epoch");
  if (epoch_.empty()) return protocolError("Hello received before ours was sent");
  hello_received_ = true;
  peer_epoch_ = hello.epoch;
  // Resume each partition where the peer durably is in our current epoch; a
  // position in another epoch (we were restored) counts for nothing.
  for (const auto& partition : options_.outbound_partitions) sent_through_[partition] = 0;
  for (const auto& position : hello.applied) {
    auto it = sent_through_.find(position.partition);
    if (it != sent_through_.end() && position.epoch == epoch_) it->second = position.seq;
  }
  CARTABLE_RETURN_IF_ERROR(db_.write([&](storage::Connection& conn) -> Status {
    for (const auto& [partition, seq] : sent_through_) {
      CARTABLE_RETURN_IF_ERROR(
          recordAck(conn, options_.peer, {partition, epoch_, seq}, clock_.now()));
    }
    CARTABLE_ASSIGN_OR_RETURN(auto applied, appliedFrom(conn, options_.peer));
    const bool known = std::any_of(applied.begin(), applied.end(),
                                   [&](const LogPosition& p) { return p.epoch == peer_epoch_; });
    if (known || !options_.on_peer_epoch) return okStatus();
    return options_.on_peer_epoch(conn, applied.empty() ? std::string() : applied.front().epoch);
  }));
  return pump();
}

Result<std::vector<Outgoing>> ReplicationSession::onBatch(const Batch& batch) {
  if (batch.epoch != peer_epoch_) {
    return protocolError("a batch names epoch " + batch.epoch + " but the peer's is " +
                         peer_epoch_);
  }
  for (const auto& record : batch.records) {
    if (options_.check_scope) CARTABLE_RETURN_IF_ERROR(options_.check_scope(record));
  }
  SessionCounters delta;
  CARTABLE_RETURN_IF_ERROR(db_.write([&](storage::Connection& conn) -> Status {
    delta = {};
    for (const auto& record : batch.records) {
      CARTABLE_ASSIGN_OR_RETURN(ApplyOutcome outcome,
                                applyRecord(conn, record, options_.peer, clock_.now()));
      if (outcome == ApplyOutcome::applied) ++delta.records_applied;
      if (outcome == ApplyOutcome::unchanged) ++delta.records_unchanged;
      if (outcome == ApplyOutcome::lost) ++delta.conflicts;
      if (options_.on_applied) {
        CARTABLE_RETURN_IF_ERROR(options_.on_applied(conn, record, outcome));
      }
    }
    for (const auto& partition : batch.partitions) {
      CARTABLE_RETURN_IF_ERROR(advanceCursor(
          conn, options_.peer, {partition, batch.epoch, batch.through}, clock_.now()));
    }
    return okStatus();
  }));
  ++counters_.batches_applied;
  counters_.records_applied += delta.records_applied;
  counters_.records_unchanged += delta.records_unchanged;
  counters_.conflicts += delta.conflicts;
  // The ack follows the commit: the peer may forget the batch once it has it.
  Ack ack{batch.epoch, batch.partitions, batch.through};
  std::vector<Outgoing> out{{encodeMessage(ack), false}};
  return out;
}

Result<std::vector<Outgoing>> ReplicationSession::onAck(const Ack& ack) {
  if (ack.epoch != epoch_) return protocolError("an ack names an epoch that is not ours");
  if (in_flight_ == 0) return protocolError("an ack arrived with no batch in flight");
  --in_flight_;
  CARTABLE_RETURN_IF_ERROR(db_.write([&](storage::Connection& conn) -> Status {
    for (const auto& partition : ack.partitions) {
      if (!sent_through_.contains(partition)) {
        return protocolError("an ack names partition " + partition + " that was never sent");
      }
      CARTABLE_RETURN_IF_ERROR(
          recordAck(conn, options_.peer, {partition, epoch_, ack.through}, clock_.now()));
    }
    return okStatus();
  }));
  return pump();
}

Result<bool> ReplicationSession::sendOne(std::vector<Outgoing>& out) {
  Batch batch;
  batch.epoch = epoch_;
  CARTABLE_RETURN_IF_ERROR(db_.read([&](storage::Connection& conn) -> Status {
    std::vector<PartitionCursor> cursors;
    for (const auto& [partition, seq] : sent_through_) cursors.push_back({partition, seq});
    CARTABLE_ASSIGN_OR_RETURN(
        batch.records, changesAfter(conn, cursors, options_.batch_records, options_.batch_bytes));
    CARTABLE_ASSIGN_OR_RETURN(batch.through, lastSeq(conn));
    return okStatus();
  }));
  if (batch.records.empty()) return false;
  // A full batch covers the log up to its last record only; a partial one
  // covers everything that was written when it was read.
  const bool full = batch.records.size() >= options_.batch_records;
  std::size_t bytes = 0;
  for (const auto& record : batch.records) bytes += record.body.size() + record.key.size();
  if (full || bytes >= options_.batch_bytes) batch.through = batch.records.back().seq;
  for (auto& [partition, seq] : sent_through_) {
    batch.partitions.push_back(partition);
    seq = std::max(seq, batch.through);
  }
  counters_.records_sent += static_cast<std::int64_t>(batch.records.size());
  ++counters_.batches_sent;
  ++in_flight_;
  out.push_back({encodeMessage(batch), true});
  return true;
}

Result<std::vector<Outgoing>> ReplicationSession::pump() {
  std::vector<Outgoing> out;
  if (!hello_received_) return out;
  while (in_flight_ < options_.window) {
    CARTABLE_ASSIGN_OR_RETURN(bool sent, sendOne(out));
    more_pending_ = sent;
    if (!sent) break;
  }
  return out;
}

}  // namespace cartable::federation
