#include "federation/hub/hub_service.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <mutex>
#include <thread>

#include "core/base/log.h"
#include "federation/hub/directory.h"
#include "federation/hub/enrollment_service.h"
#include "federation/hub/registry.h"
#include "federation/hub/reports.h"
#include "federation/link/sync_link.h"
#include "federation/protocol/certificate.h"
#include "federation/replication/change_log.h"
#include "federation/replication/kinds.h"
#include "federation/replication/messages.h"

namespace cartable::federation::hub {

namespace {

// How long a stopping hub waits for its links to close.
constexpr auto kWindDownGrace = std::chrono::seconds(2);

Error refusal(std::string message) {
  return makeError(Errc::permission_denied, std::move(message), "certificate");
}

// Ends a link before any replication, telling the school why.
void refuseLink(const std::shared_ptr<Connection>& connection, const std::string& reason) {
  connection->start([](std::string, Tag) {}, [](Status) {});
  connection->send(encodeMessage(Refusal{reason}));
  connection->close();
}

}  // namespace

struct HubService::Impl {
  struct Link {
    std::shared_ptr<SyncLink> sync;
    Certificate certificate;
    Seconds up_since = 0;
  };

  Impl(storage::Database& database, const NodeKeys& node_keys, HubOptions hub_options,
       const Clock& hub_clock, Random& hub_random)
      : db(database),
        keys(node_keys),
        options(std::move(hub_options)),
        clock(hub_clock),
        random(hub_random),
        enrollment{db, keys, options.display_name, options.certificate_validity, clock},
        work(io.get_executor()),
        tick_timer(io),
        recheck_timer(io) {}

  storage::Database& db;
  NodeKeys keys;
  HubOptions options;
  const Clock& clock;
  Random& random;
  EnrollmentContext enrollment;
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work;
  boost::asio::steady_timer tick_timer;
  boost::asio::steady_timer recheck_timer;
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> threads;
  mutable std::mutex mutex;
  std::map<std::string, Link> links;  // by UAI
  std::int64_t last_pumped_seq = -1;  // the log's end at the last pumping tick

  // Signature, subject and key only: an expired or revoked school still
  // completes the handshake, so that it can be told why it is refused.
  Status checkHello(const ClientHelloInfo& hello) {
    if (uaiOfPeer(hello.name).empty()) {
      return refusal("the client calls itself \"" + hello.name + "\", not school:<UAI>");
    }
    if (hello.certificate.empty()) return okStatus();  // an enrollment
    CARTABLE_ASSIGN_OR_RETURN(Certificate certificate, Certificate::decode(hello.certificate));
    return verifyCertificateFor(certificate, hello.name, hello.sign_public, keys.sign_public,
                                certificate.issued_at);
  }

  Status admit(const std::string& uai, const Certificate& certificate) {
    CARTABLE_RETURN_IF_ERROR(verifyCertificate(certificate, keys.sign_public, clock.now()));
    return db.read([&](storage::Connection& conn) {
      return admitSchool(conn, uai, static_cast<std::int64_t>(certificate.serial));
    });
  }

  void recordLinkState(const std::string& uai, bool up, const std::string& error) {
    Status recorded = db.write(
        [&](storage::Connection& conn) { return recordLink(conn, uai, up, error, clock.now()); });
    if (!recorded.ok()) log::error("federation: cannot record the link of " + uai);
  }

  SessionOptions sessionOptions(const std::string& peer) {
    SessionOptions session;
    session.peer = peer;
    session.outbound_partitions = {peer, "region"};
    const std::string uai = uaiOfPeer(peer);
    session.check_scope = [peer, uai](const Record& record) -> Status {
      const bool own_profile = record.kind != kSchoolProfileKind || record.key == uai;
      const bool own_account = record.kind != kAccountKind || record.key.starts_with(uai + ":");
      const bool own_report =
          record.kind != kRegionalReportKind || record.key.starts_with(uai + ":");
      if (record.owner != peer || record.partition != kHubPeerName || !own_profile ||
          !own_account || !own_report) {
        return makeError(Errc::permission_denied,
                         peer + " sent " + record.kind + " " + record.key + " owned by " +
                             record.owner + " for " + record.partition,
                         "owner");
      }
      return okStatus();
    };
    session.on_applied = [this, uai](storage::Connection& conn, const Record& record,
                                     ApplyOutcome outcome) -> Status {
      if (outcome != ApplyOutcome::applied) return okStatus();
      return applySchoolRecord(conn, uai, record);
    };
    // A school restored from a backup gets back what it had sent since.
    session.on_peer_epoch = [peer, this](storage::Connection& conn,
                                         const std::string& previous) -> Status {
      if (previous.empty()) return okStatus();
      log::info("federation: " + peer + " starts a new epoch; sending back its records");
      return conn.exec(
          "INSERT OR REPLACE INTO change_log(partition, kind, record_key, owner, version, body, "
          "at) SELECT ?1, kind, record_key, owner, version, body, ?2 FROM federated_records "
          "WHERE owner = ?1",
          peer, clock.now());
    };
    return session;
  }

  // What a school's record means for the hub. A record the directory refuses
  // is logged and skipped: the school's other records keep flowing.
  Status applySchoolRecord(storage::Connection& conn, const std::string& uai,
                           const Record& record) {
    Status applied = okStatus();
    if (record.kind == kSchoolProfileKind) {
      applied = applySchoolProfile(conn, uai, record.body);
    } else if (record.kind == kAccountKind) {
      applied = applyAccount(conn, uai, record, random, clock.now());
    } else if (record.kind == kSealedKind) {
      applied = relaySealed(conn, uai, record, clock.now());
    } else if (record.kind == kAttachAnswerKind) {
      applied = applyAttachAnswer(conn, uai, record, random, clock.now());
    } else if (record.kind == kRegionalReportKind) {
      applied = applyRegionalReport(conn, uai, record, options.report_k, clock.now());
    }
    if (applied.ok()) return applied;
    const Errc code = applied.error().code;
    if (code != Errc::malformed && code != Errc::permission_denied) return applied;
    log::warning("federation: refused " + record.kind + " " + record.key + " from school:" + uai +
                 ": " + applied.error().message);
    return okStatus();
  }

  // The directory's key and the schools' public keys, for every school.
  void publishRegion() {
    Status published = db.write([&](storage::Connection& conn) -> Status {
      CARTABLE_RETURN_IF_ERROR(ensureDirectoryKey(conn, random, clock.now()));
      CARTABLE_RETURN_IF_ERROR(publishSchoolKeys(conn, clock.now()));
      return okStatus();
    });
    if (!published.ok())
      log::error("federation: cannot publish the region's keys: " + published.error().message);
  }

  void onConnection(std::shared_ptr<Connection> connection) {
    if (connection->peerCertificate().empty()) {
      serveEnrollment(std::move(connection), enrollment);
      return;
    }
    const std::string uai = uaiOfPeer(connection->peerName());
    auto certificate = Certificate::decode(connection->peerCertificate());
    Status admitted = certificate.ok() ? admit(uai, *certificate) : Status(certificate.error());
    if (!admitted.ok()) {
      log::warning("federation: refused " + connection->peerName() + " from " +
                   connection->remoteAddress() + ": " + admitted.error().message);
      recordLinkState(uai, false, admitted.error().message);
      refuseLink(connection, admitted.error().message);
      return;
    }
    startLink(uai, std::move(connection), *certificate);
  }

  void startLink(const std::string& uai, std::shared_ptr<Connection> connection,
                 const Certificate& certificate) {
    const std::string peer = connection->peerName();
    log::info("federation: " + peer + " connected from " + connection->remoteAddress());
    recordLinkState(uai, true, "");
    auto session = std::make_unique<ReplicationSession>(db, sessionOptions(peer), clock, random);
    auto holder = std::make_shared<std::weak_ptr<SyncLink>>();
    auto sync = SyncLink::start(
        std::move(connection), std::move(session),
        [this, uai, holder](Status reason) { onLinkClosed(uai, *holder, reason); },
        [this, uai] {
          Status synced = db.write(
              [&](storage::Connection& conn) { return recordSync(conn, uai, clock.now()); });
          if (!synced.ok()) log::error("federation: cannot record the sync of " + uai);
        });
    *holder = sync;
    std::shared_ptr<SyncLink> replaced;
    {
      std::lock_guard lock(mutex);
      auto& slot = links[uai];
      replaced = slot.sync;
      slot = Link{sync, certificate, clock.now()};
    }
    if (replaced) replaced->close();  // a school reconnecting before its old link timed out
  }

  void onLinkClosed(const std::string& uai, const std::weak_ptr<SyncLink>& which, Status reason) {
    {
      std::lock_guard lock(mutex);
      auto it = links.find(uai);
      if (it == links.end() || it->second.sync != which.lock()) return;  // already replaced
      links.erase(it);
    }
    const std::string error = reason.ok() ? "" : reason.error().message;
    log::info("federation: school:" + uai + " disconnected" + (error.empty() ? "" : ": " + error));
    recordLinkState(uai, false, error);
  }

  std::vector<std::pair<std::string, Link>> snapshot() const {
    std::lock_guard lock(mutex);
    return {links.begin(), links.end()};
  }

  // Pushes what was written to the hub's log since the last tick. With a
  // thousand links, reading each link's pending records every second would
  // cost a thousand queries: one read of the log's end tells whether anything
  // was written at all (acks and Hellos pump their own link meanwhile).
  void tick() {
    std::int64_t end = last_pumped_seq;
    Status read = db.read([&](storage::Connection& conn) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(end, lastSeq(conn));
      return okStatus();
    });
    if (!read.ok() || end != last_pumped_seq) {
      for (auto& [uai, link] : snapshot()) link.sync->pump();
      if (read.ok()) last_pumped_seq = end;
    }
    tick_timer.expires_after(options.tick);
    tick_timer.async_wait([this](const boost::system::error_code& error) {
      if (!error) tick();
    });
  }

  // Stops the io once every link is gone. A peer that has not answered the
  // close by `deadline` has its link dropped: an open link and its handlers
  // hold each other, so one left behind would never be freed.
  void windDown(std::chrono::steady_clock::time_point deadline, bool dropped = false) {
    const auto now = std::chrono::steady_clock::now();
    if (snapshot().empty() || (dropped && now >= deadline)) {
      io.stop();
      return;
    }
    if (now >= deadline) {
      for (auto& [uai, link] : snapshot()) link.sync->abort("the hub is stopping");
      deadline = now + kWindDownGrace;
      dropped = true;
    }
    tick_timer.expires_after(std::chrono::milliseconds(20));
    tick_timer.async_wait([this, deadline, dropped](const boost::system::error_code&) {
      windDown(deadline, dropped);
    });
  }

  void recheck() {
    publishRegion();
    for (auto& [uai, link] : snapshot()) {
      Status admitted = admit(uai, link.certificate);
      if (admitted.ok()) continue;
      log::warning("federation: dropping school:" + uai + ": " + admitted.error().message);
      link.sync->refuse(admitted.error().message);
    }
    recheck_timer.expires_after(options.recheck);
    recheck_timer.async_wait([this](const boost::system::error_code& error) {
      if (!error) recheck();
    });
  }
};

HubService::HubService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<HubService>> HubService::start(storage::Database& db, const NodeKeys& keys,
                                                      HubOptions options, const Clock& clock,
                                                      Random& random) {
  auto impl = std::make_unique<Impl>(db, keys, std::move(options), clock, random);
  Impl* self = impl.get();
  CARTABLE_RETURN_IF_ERROR(
      db.write([&](storage::Connection& conn) { return markAllLinksDown(conn, clock.now()); }));
  CARTABLE_ASSIGN_OR_RETURN(
      self->listener,
      Listener::open(
          self->io, self->options.address, self->options.port, self->keys, kHubPeerName,
          [self](const ClientHelloInfo& hello) { return self->checkHello(hello); },
          [self](std::shared_ptr<Connection> connection) {
            self->onConnection(std::move(connection));
          },
          self->options.connection, random));
  boost::asio::post(self->io, [self] {
    self->tick();
    self->recheck();
  });
  for (int i = 0; i < std::max(1, self->options.threads); ++i) {
    self->threads.emplace_back([self] { self->io.run(); });
  }
  log::info("federation: hub listening on " + self->options.address + ":" +
            std::to_string(self->listener->port()));
  return std::unique_ptr<HubService>(new HubService(std::move(impl)));
}

HubService::~HubService() {
  impl_->listener->stop();
  for (auto& [uai, link] : impl_->snapshot()) link.sync->close();
  impl_->tick_timer.cancel();
  impl_->recheck_timer.cancel();
  // The close frames go out and the links wind down (which also breaks each
  // link's callback cycle); the io is stopped once they are gone, or after a
  // grace period for a peer that does not answer.
  boost::asio::post(impl_->io, [self = impl_.get()] {
    self->windDown(std::chrono::steady_clock::now() + kWindDownGrace);
  });
  impl_->work.reset();
  for (auto& thread : impl_->threads) thread.join();
}

std::uint16_t HubService::port() const {
  return impl_->listener->port();
}

std::vector<LiveLink> HubService::liveLinks() const {
  std::vector<LiveLink> live;
  for (const auto& [uai, link] : impl_->snapshot()) {
    live.push_back(
        {uai, link.sync->connection().remoteAddress(), link.up_since, link.sync->counters()});
  }
  return live;
}

}  // namespace cartable::federation::hub
