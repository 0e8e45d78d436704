// A replication session running over one authenticated connection: routes
// the peer's messages to the session, sends what the session answers (a
// batch ends with the channel's end-of-batch tag), and reports how the link
// ended. Used by the hub (one per school) and by a school's agent.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/base/result.h"
#include "federation/protocol/connection.h"
#include "federation/replication/session.h"

namespace cartable::federation {

class SyncLink : public std::enable_shared_from_this<SyncLink> {
 public:
  // Called once when the link ends: ok for a clean close, otherwise why.
  using ClosedHandler = std::function<void(Status reason)>;
  // Called when this side has sent everything and had it acked, then at
  // most once a minute while it stays so.
  using CaughtUpHandler = std::function<void()>;

  // Starts the connection and sends the session's Hello.
  static std::shared_ptr<SyncLink> start(std::shared_ptr<Connection> connection,
                                         std::unique_ptr<ReplicationSession> session,
                                         ClosedHandler on_closed, CaughtUpHandler on_caught_up);

  // Sends batches of what the log holds now, unless the socket is still
  // busy with earlier ones. Safe from any thread.
  void pump();
  // Tells the peer why, then closes.
  void refuse(const std::string& reason);
  void close();
  // Drops the link at once (see Connection::abort).
  void abort(const std::string& reason);

  SessionCounters counters() const;
  const Connection& connection() const { return *connection_; }

 private:
  SyncLink(std::shared_ptr<Connection> connection, std::unique_ptr<ReplicationSession> session,
           ClosedHandler on_closed, CaughtUpHandler on_caught_up);
  void onMessage(std::string message);
  void onClosed(Status reason);
  void send(const Result<std::vector<Outgoing>>& outgoing);  // with mutex_ held
  void fail(const Error& error);                             // with mutex_ held
  void noteProgress();                                       // with mutex_ held

  std::shared_ptr<Connection> connection_;
  std::unique_ptr<ReplicationSession> session_;
  ClosedHandler on_closed_;
  CaughtUpHandler on_caught_up_;
  mutable std::mutex mutex_;
  std::optional<Error> failure_;
  std::int64_t last_caught_up_ms_ = 0;
  bool was_idle_ = false;
};

}  // namespace cartable::federation
