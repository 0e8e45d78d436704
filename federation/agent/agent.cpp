#include "federation/agent/agent.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/steady_timer.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/base/log.h"
#include "federation/agent/link_store.h"
#include "federation/enrollment/enrollment.h"
#include "federation/link/sync_link.h"
#include "federation/replication/cursors.h"

namespace cartable::federation {

namespace {

// A link that stayed up this long was a success: the next drop retries soon.
constexpr Seconds kStableLinkSeconds = 10;

}  // namespace

std::optional<HubAddress> parseHubAddress(const std::string& address) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  const std::string port_text = address.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const int port = std::stoi(port_text);
  if (port < 1 || port > 65535) return std::nullopt;
  std::string host = address.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return HubAddress{host, static_cast<std::uint16_t>(port)};
}

std::chrono::milliseconds backoffDelay(int failures, std::chrono::milliseconds floor,
                                       std::chrono::milliseconds cap, Random& random) {
  std::chrono::milliseconds delay = floor;
  for (int i = 1; i < failures && delay < cap; ++i) delay *= 2;
  delay = std::min(delay, cap);
  const auto half = delay.count() / 2;
  return std::chrono::milliseconds(
      half + random.uniform(static_cast<std::uint32_t>(std::max<std::int64_t>(1, half + 1))));
}

struct SchoolAgent::Impl {
  Impl(storage::Database& database, const NodeKeys& node_keys, AgentOptions agent_options,
       const Clock& agent_clock, Random& agent_random)
      : db(database),
        keys(node_keys),
        options(std::move(agent_options)),
        clock(agent_clock),
        random(agent_random),
        work(io.get_executor()),
        retry_timer(io),
        tick_timer(io) {}

  storage::Database& db;
  NodeKeys keys;
  AgentOptions options;
  const Clock& clock;
  Random& random;
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work;
  boost::asio::steady_timer retry_timer;
  boost::asio::steady_timer tick_timer;
  std::thread thread;

  mutable std::mutex mutex;
  LinkStatus state;
  std::shared_ptr<SyncLink> link;
  bool connecting = false;
  bool stopping = false;
  bool ran_out = false;  // the io thread has no work left
  std::condition_variable finished;

  void attempt() {
    std::optional<HubLink> enrolled;
    Status read = db.read([&](storage::Connection& conn) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(enrolled, readHubLink(conn));
      return okStatus();
    });
    if (!read.ok() || !enrolled) {
      std::lock_guard lock(mutex);
      state.enrolled = false;
      if (!read.ok()) state.last_error = read.error().message;
      scheduleAfter(options.enrollment_poll);
      return;
    }
    const std::string address =
        options.hub_address.empty() ? enrolled->hub_address : options.hub_address;
    const auto target = parseHubAddress(address);
    {
      std::lock_guard lock(mutex);
      state.enrolled = true;
      state.hub_name = enrolled->hub_name;
      state.hub_address = address;
      state.certificate_expires_at = enrolled->certificate_expires_at;
      if (!state.last_sync) state.last_sync = enrolled->last_sync_at;
      if (!target) {
        failLocked("the hub address \"" + address + "\" is not host:port");
        return;
      }
      connecting = true;
    }
    connectToHub(
        io, target->host, target->port, keys, schoolPeerName(options.uai), enrolled->certificate,
        enrolled->hub_sign_public,
        [this](Result<std::shared_ptr<Connection>> connected) {
          onConnected(std::move(connected));
        },
        options.connection, random);
  }

  SessionOptions sessionOptions() {
    SessionOptions session;
    session.peer = kHubPeerName;
    session.outbound_partitions = {kHubPeerName};
    const std::string own = schoolPeerName(options.uai);
    session.check_scope = [own](const Record& record) -> Status {
      if (record.partition != own && record.partition != "region") {
        return makeError(
            Errc::permission_denied,
            "the hub sent " + record.kind + " " + record.key + " for " + record.partition,
            "partition");
      }
      return okStatus();
    };
    session.on_applied = options.on_applied;
    return session;
  }

  void onConnected(Result<std::shared_ptr<Connection>> connected) {
    std::lock_guard lock(mutex);
    connecting = false;
    if (stopping) return;
    if (!connected.ok()) {
      failLocked(connected.error().message);
      return;
    }
    log::info("federation: link to the hub is up (" + (*connected)->remoteAddress() + ")");
    state.up = true;
    state.since = clock.now();
    state.failed_attempts = 0;
    state.next_attempt_at.reset();
    auto session = std::make_unique<ReplicationSession>(db, sessionOptions(), clock, random);
    link = SyncLink::start(
        std::move(*connected), std::move(session),
        [this](Status reason) { onClosed(std::move(reason)); }, [this] { onCaughtUp(); });
  }

  void onCaughtUp() {
    const Seconds now = clock.now();
    {
      std::lock_guard lock(mutex);
      state.last_sync = now;
    }
    Status saved = db.write([&](storage::Connection& conn) { return recordHubSync(conn, now); });
    if (!saved.ok())
      log::error("federation: cannot record the last sync: " + saved.error().message);
  }

  void onClosed(Status reason) {
    std::lock_guard lock(mutex);
    const bool was_stable = state.since && clock.now() - *state.since >= kStableLinkSeconds;
    link.reset();
    state.up = false;
    state.since = clock.now();
    if (stopping) return;
    if (was_stable) state.failed_attempts = 0;
    failLocked(reason.ok() ? "the hub closed the link" : reason.error().message);
  }

  // Records why the link is not up and schedules the next attempt.
  void failLocked(const std::string& error) {
    ++state.failed_attempts;
    state.last_error = error;
    state.last_error_at = clock.now();
    log::warning("federation: link to the hub down: " + error);
    Status saved = db.write(
        [&](storage::Connection& conn) { return recordHubError(conn, error, clock.now()); });
    if (!saved.ok()) log::error("federation: cannot record the link error");
    const auto delay =
        backoffDelay(state.failed_attempts, options.backoff_floor, options.backoff_cap, random);
    state.next_attempt_at =
        clock.now() + std::chrono::duration_cast<std::chrono::seconds>(delay).count();
    scheduleAfter(delay);
  }

  void scheduleAfter(std::chrono::milliseconds delay) {
    retry_timer.expires_after(delay);
    retry_timer.async_wait([this](const boost::system::error_code& error) {
      if (!error) attempt();
    });
  }

  void tick() {
    std::shared_ptr<SyncLink> current;
    {
      std::lock_guard lock(mutex);
      current = link;
    }
    if (current) current->pump();
    tick_timer.expires_after(options.tick);
    tick_timer.async_wait([this](const boost::system::error_code& error) {
      if (!error) tick();
    });
  }
};

SchoolAgent::SchoolAgent(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::unique_ptr<SchoolAgent> SchoolAgent::start(storage::Database& db, const NodeKeys& keys,
                                                AgentOptions options, const Clock& clock,
                                                Random& random) {
  auto impl = std::make_unique<Impl>(db, keys, std::move(options), clock, random);
  Impl* self = impl.get();
  boost::asio::post(self->io, [self] {
    self->attempt();
    self->tick();
  });
  self->thread = std::thread([self] {
    self->io.run();
    std::lock_guard lock(self->mutex);
    self->ran_out = true;
    self->finished.notify_all();
  });
  return std::unique_ptr<SchoolAgent>(new SchoolAgent(std::move(impl)));
}

SchoolAgent::~SchoolAgent() {
  std::shared_ptr<SyncLink> link;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
    link = impl_->link;
  }
  if (link) link->close();
  boost::asio::post(impl_->io, [self = impl_.get()] {
    self->retry_timer.cancel();
    self->tick_timer.cancel();
  });
  impl_->work.reset();
  // A clean close takes a round trip; a hub that does not answer is not
  // waited for long.
  {
    std::unique_lock lock(impl_->mutex);
    impl_->finished.wait_for(lock, std::chrono::milliseconds(500), [&] { return impl_->ran_out; });
  }
  impl_->io.stop();
  impl_->thread.join();
}

LinkStatus SchoolAgent::status() const {
  LinkStatus status;
  {
    std::lock_guard lock(impl_->mutex);
    status = impl_->state;
  }
  if (!status.enrolled) return status;
  Status read = impl_->db.read([&](storage::Connection& conn) -> Status {
    std::string current;  // no epoch yet: nothing was ever acked
    {
      CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query("SELECT epoch FROM replication_epoch"));
      CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
      if (found) current = stmt.text(0);
    }
    CARTABLE_ASSIGN_OR_RETURN(auto cursors, ackedBy(conn, kHubPeerName, {kHubPeerName}, current));
    CARTABLE_ASSIGN_OR_RETURN(status.backlog, pendingCount(conn, cursors));
    return okStatus();
  });
  if (!read.ok()) log::warning("federation: cannot read the backlog: " + read.error().message);
  return status;
}

void SchoolAgent::reconnectNow() {
  boost::asio::post(impl_->io, [self = impl_.get()] {
    std::lock_guard lock(self->mutex);
    if (self->link || self->connecting || self->stopping) return;
    self->retry_timer.cancel();
    self->retry_timer.expires_after(std::chrono::milliseconds(0));
    self->retry_timer.async_wait([self](const boost::system::error_code& error) {
      if (!error) self->attempt();
    });
  });
}

}  // namespace cartable::federation
