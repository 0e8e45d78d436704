#include "federation/link/sync_link.h"

#include <chrono>

#include "core/base/log.h"
#include "federation/replication/messages.h"

namespace cartable::federation {

namespace {

// Plaintext queued on the socket beyond which no new batch is read: the
// window already bounds it; this guards a peer that reads slowly.
constexpr std::size_t kMaxQueuedBytes = 8 << 20;
// Catching up is reported at most this often (it writes to the database).
constexpr std::int64_t kCaughtUpEveryMs = 60'000;

std::int64_t steadyMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

SyncLink::SyncLink(std::shared_ptr<Connection> connection,
                   std::unique_ptr<ReplicationSession> session, ClosedHandler on_closed,
                   CaughtUpHandler on_caught_up)
    : connection_(std::move(connection)),
      session_(std::move(session)),
      on_closed_(std::move(on_closed)),
      on_caught_up_(std::move(on_caught_up)) {}

std::shared_ptr<SyncLink> SyncLink::start(std::shared_ptr<Connection> connection,
                                          std::unique_ptr<ReplicationSession> session,
                                          ClosedHandler on_closed, CaughtUpHandler on_caught_up) {
  std::shared_ptr<SyncLink> link(new SyncLink(std::move(connection), std::move(session),
                                              std::move(on_closed), std::move(on_caught_up)));
  std::weak_ptr<SyncLink> weak = link;
  // Held until the Hello is queued: the peer's first message waits for it
  // (the connection posts its handlers, never runs them here).
  std::lock_guard lock(link->mutex_);
  // The connection holds the link alive through these handlers until it ends.
  link->connection_->start(
      [link](std::string message, Tag) { link->onMessage(std::move(message)); },
      [weak](Status reason) {
        if (auto self = weak.lock()) self->onClosed(std::move(reason));
      });
  auto hello = link->session_->start();
  if (!hello.ok()) {
    link->fail(hello.error());
  } else {
    link->connection_->send(std::move(hello->bytes));
  }
  return link;
}

void SyncLink::pump() {
  std::lock_guard lock(mutex_);
  if (failure_ || connection_->pendingBytes() > kMaxQueuedBytes) return;
  send(session_->pump());
  noteProgress();
}

void SyncLink::refuse(const std::string& reason) {
  std::lock_guard lock(mutex_);
  connection_->send(encodeMessage(Refusal{reason}));
  connection_->close();
}

void SyncLink::close() {
  connection_->close();
}

void SyncLink::abort(const std::string& reason) {
  connection_->abort(reason);
}

SessionCounters SyncLink::counters() const {
  std::lock_guard lock(mutex_);
  return session_->counters();
}

void SyncLink::onMessage(std::string message) {
  std::lock_guard lock(mutex_);
  if (failure_) return;
  send(session_->onMessage(message));
  noteProgress();
}

void SyncLink::onClosed(Status reason) {
  ClosedHandler handler;
  {
    std::lock_guard lock(mutex_);
    if (reason.ok() && failure_) reason = *failure_;
    handler = std::move(on_closed_);
    on_closed_ = nullptr;
  }
  if (handler) handler(std::move(reason));
}

void SyncLink::send(const Result<std::vector<Outgoing>>& outgoing) {
  if (!outgoing.ok()) {
    fail(outgoing.error());
    return;
  }
  for (const auto& message : *outgoing) {
    connection_->send(message.bytes, message.end_of_batch ? Tag::end_of_batch : Tag::message);
  }
}

void SyncLink::fail(const Error& error) {
  log::warning("federation: replication with " + connection_->peerName() +
               " stopped: " + error.message);
  failure_ = error;
  connection_->close();
}

void SyncLink::noteProgress() {
  const bool idle = session_->idle();
  const std::int64_t now = steadyMillis();
  const bool report = idle && (!was_idle_ || now - last_caught_up_ms_ >= kCaughtUpEveryMs);
  was_idle_ = idle;
  if (!report || !on_caught_up_) return;
  last_caught_up_ms_ = now;
  on_caught_up_();
}

}  // namespace cartable::federation
