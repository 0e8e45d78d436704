// One replication session with a peer over an established channel. Both
// sides run the same session: each sends its Hello, then batches of its log
// from where the peer says it is, and applies the peer's batches, moving its
// cursors in the transaction that applies them and acking after the commit.
// The session does no I/O: it consumes the peer's messages and returns what
// to send, so tests drive it without sockets.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "federation/replication/change_log.h"
#include "federation/replication/records.h"

namespace cartable::federation {

struct SessionOptions {
  std::string peer;                              // e.g. "hub", "school:0541234X"
  std::vector<std::string> outbound_partitions;  // the partitions of our log the peer receives
  int window = 4;                                // batches sent and not yet acked
  std::size_t batch_records = 500;
  std::size_t batch_bytes = 256 * 1024;
  // Refuses a record the peer may not send (out of scope): the whole batch
  // is then rejected and the session ends.
  std::function<Status(const Record&)> check_scope;
  // Runs in the applying transaction after each record (domain effects,
  // relays). May be empty.
  std::function<Status(storage::Connection&, const Record&, ApplyOutcome)> on_applied;
  // Runs in a transaction when the peer starts a new epoch (a restored
  // database) or is met for the first time (`previous` empty). May be empty.
  std::function<Status(storage::Connection&, const std::string& previous)> on_peer_epoch;
};

// What the session asks to send: a message, and whether it ends a batch.
struct Outgoing {
  std::string bytes;
  bool end_of_batch = false;
};

struct SessionCounters {
  std::int64_t batches_sent = 0;
  std::int64_t records_sent = 0;
  std::int64_t batches_applied = 0;
  std::int64_t records_applied = 0;  // new or winning versions
  std::int64_t records_unchanged = 0;
  std::int64_t conflicts = 0;
};

class ReplicationSession {
 public:
  ReplicationSession(storage::Database& db, SessionOptions options, const Clock& clock,
                     Random& random);

  // The Hello to send first.
  Result<Outgoing> start();
  // Handles one message from the peer. An error ends the session (the
  // caller drops the connection); nothing of a failed batch is kept.
  Result<std::vector<Outgoing>> onMessage(std::string_view bytes);
  // Batches to send now that the log may have grown (after local writes, or
  // periodically). Empty before the peer's Hello or when the window is full.
  Result<std::vector<Outgoing>> pump();

  // True once each side has everything the other had when last checked:
  // nothing in flight and nothing pending in our log for the peer.
  bool idle() const { return hello_received_ && in_flight_ == 0 && !more_pending_; }
  const SessionCounters& counters() const { return counters_; }
  const std::string& peerEpoch() const { return peer_epoch_; }

 private:
  Result<std::vector<Outgoing>> onHello(const struct Hello& hello);
  Result<std::vector<Outgoing>> onBatch(const struct Batch& batch);
  Result<std::vector<Outgoing>> onAck(const struct Ack& ack);
  Result<bool> sendOne(std::vector<Outgoing>& out);

  storage::Database& db_;
  SessionOptions options_;
  const Clock& clock_;
  Random& random_;
  std::string epoch_;       // ours
  std::string peer_epoch_;  // theirs, from their Hello
  bool hello_received_ = false;
  int in_flight_ = 0;
  bool more_pending_ = true;
  std::map<std::string, std::int64_t> sent_through_;  // per outbound partition
  SessionCounters counters_;
};

}  // namespace cartable::federation
