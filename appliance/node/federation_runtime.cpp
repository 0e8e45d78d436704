#include "node/federation_runtime.h"

#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/base/log.h"
#include "federated/account_inbox.h"
#include "federated/attach_requests.h"
#include "federated/regional_accounts.h"
#include "federated/transfers.h"
#include "federation/hub/registry.h"
#include "federation/identity/node_keys.h"
#include "reporting/daily_reports.h"

namespace cartable::node {

namespace {

using Type = http::Metrics::Type;

constexpr const char* kLinkUp = "cartable_federation_link_up";
constexpr const char* kBacklog = "cartable_federation_backlog_records";
constexpr const char* kLastSync = "cartable_federation_last_sync_timestamp_seconds";
constexpr const char* kFailedAttempts = "cartable_federation_failed_attempts";
constexpr const char* kSchools = "cartable_federation_schools";
constexpr const char* kSchoolLastSync = "cartable_federation_school_last_sync_timestamp_seconds";
constexpr auto kPublishEvery = std::chrono::seconds(1);
constexpr int kMetricsEveryTurns = 5;

// Yesterday's report once the day is over, and the days missed while the
// server was off (appliance/reporting). A cheap read when nothing is due.
void publishReports(storage::Database& db, const federation::NodeKeys& keys,
                    const config::Settings& settings, Seconds now) {
  auto written =
      reporting::publishDailyReports(db, keys, settings.school->uai, settings.reporting.k, now);
  if (!written.ok()) {
    log::error("federation: cannot make the daily report: " + written.error().message);
  }
}

std::string schoolState(const federation::hub::School& school) {
  if (school.revoked_at) return "revoked";
  if (!school.enrolled_at) return "waiting";
  return school.link_state;
}

}  // namespace

struct FederationRuntime::Loop {
  std::thread thread;
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
};

FederationRuntime::FederationRuntime(const config::Settings& settings, storage::Database& db,
                                     http::Metrics& metrics, const Clock& clock, Random& random)
    : settings_(settings), db_(db), metrics_(metrics), clock_(clock), random_(random) {
  metrics_.describe(kLinkUp, Type::gauge, "1 while the school's link to its hub is up.");
  metrics_.describe(kBacklog, Type::gauge, "Records of the change log not yet acknowledged.");
  metrics_.describe(kLastSync, Type::gauge, "When the link was last caught up (Unix time).");
  metrics_.describe(kFailedAttempts, Type::gauge, "Failed link attempts since it was last up.");
  metrics_.describe(kSchools, Type::gauge, "The hub's schools by link state.");
  metrics_.describe(kSchoolLastSync, Type::gauge, "When each school last caught up (Unix time).");
}

FederationRuntime::~FederationRuntime() {
  stop();
}

Status FederationRuntime::start() {
  auto keys = federation::loadNodeKeys(settings_.keysDir());
  if (settings_.role == config::Role::hub) {
    if (!keys.ok()) return keys.error();
    federation::hub::HubOptions options;
    options.address = settings_.federation.listen_address;
    options.port = settings_.federation.listen_port;
    options.display_name = settings_.hub ? settings_.hub->name : "";
    options.report_k = settings_.reporting.k;
    CARTABLE_ASSIGN_OR_RETURN(
        hub_, federation::hub::HubService::start(db_, *keys, options, clock_, random_));
  } else if (!keys.ok()) {
    log::warning("federation: no node keys (" + keys.error().message +
                 "); running standalone until `cartable init` makes them");
  } else {
    keys_ = std::make_unique<federation::NodeKeys>(*keys);
    federation::AgentOptions options;
    options.uai = settings_.school ? settings_.school->uai : "";
    options.hub_address = settings_.federation.hub_address;
    options.on_applied = [this, uai = options.uai](storage::Connection& conn,
                                                   const federation::Record& record,
                                                   federation::ApplyOutcome outcome) -> Status {
      if (outcome != federation::ApplyOutcome::applied) return okStatus();
      Status applied = federated::applyHubRecord(conn, *keys_, uai, record, clock_.now());
      if (applied.ok() || applied.error().code != Errc::malformed) return applied;
      // A record this version cannot read must not stop the rest of the link.
      log::error("federation: skipped " + record.kind + " " + record.key + ": " +
                 applied.error().message);
      return okStatus();
    };
    agent_ = federation::SchoolAgent::start(db_, *keys, options, clock_, random_);
  }
  loop_ = std::make_unique<Loop>();
  loop_->thread = std::thread([this] { metricsLoop(); });
  return okStatus();
}

void FederationRuntime::stop() {
  if (loop_) {
    {
      std::lock_guard lock(loop_->mutex);
      loop_->stopping = true;
    }
    loop_->wake.notify_all();
    loop_->thread.join();
    loop_.reset();
  }
  agent_.reset();
  hub_.reset();
}

// Every second, the accounts changed meanwhile go to the change log (the
// triggers of migration 0014 marked them in the transaction of the change)
// and the daily reports due; every five, the metrics.
void FederationRuntime::metricsLoop() {
  std::unique_lock lock(loop_->mutex);
  for (int turn = 0; !loop_->stopping; ++turn) {
    lock.unlock();
    publishAccounts();
    if (agent_ && keys_ && settings_.school) publishReports(db_, *keys_, settings_, clock_.now());
    if (turn % kMetricsEveryTurns == 0) publishMetrics();
    lock.lock();
    loop_->wake.wait_for(lock, kPublishEvery, [this] { return loop_->stopping; });
  }
}

void FederationRuntime::publishAccounts() {
  if (!agent_ || !keys_ || !settings_.school) return;
  const std::string& uai = settings_.school->uai;
  bool pending = false;
  Status looked = db_.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(bool accounts, federated::hasAccountChanges(conn, uai));
    CARTABLE_ASSIGN_OR_RETURN(bool transfers, federated::hasRequestedTransfers(conn));
    CARTABLE_ASSIGN_OR_RETURN(bool answers, federated::hasAttachAnswers(conn));
    pending = accounts || transfers || answers;
    return okStatus();
  });
  if (looked.ok() && !pending) return;  // nothing to publish: the writer stays free
  Status published = db_.write([&](storage::Connection& conn) -> Status {
    CARTABLE_RETURN_IF_ERROR(federated::publishAccountChanges(conn, *keys_, uai, clock_.now()));
    CARTABLE_RETURN_IF_ERROR(federated::sendRequestedTransfers(conn, *keys_, uai, clock_.now()));
    CARTABLE_RETURN_IF_ERROR(federated::sendAttachAnswers(conn, uai, clock_.now()));
    return okStatus();
  });
  if (!published.ok()) {
    log::error("federation: cannot publish account changes: " + published.error().message);
  }
}

void FederationRuntime::publishMetrics() {
  if (agent_) {
    const federation::LinkStatus status = agent_->status();
    metrics_.set(kLinkUp, {}, status.up ? 1 : 0);
    metrics_.set(kBacklog, {}, static_cast<double>(status.backlog));
    metrics_.set(kFailedAttempts, {}, status.failed_attempts);
    if (status.last_sync) metrics_.set(kLastSync, {}, static_cast<double>(*status.last_sync));
    return;
  }
  if (!hub_) return;
  std::vector<federation::hub::School> schools;
  Status read = db_.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(schools, federation::hub::listSchools(conn));
    return okStatus();
  });
  if (!read.ok()) return;
  std::map<std::string, int> by_state{
      {"up", 0}, {"down", 0}, {"never", 0}, {"waiting", 0}, {"revoked", 0}};
  for (const auto& school : schools) {
    ++by_state[schoolState(school)];
    if (school.last_sync_at) {
      metrics_.set(kSchoolLastSync, "uai=\"" + school.uai + "\"",
                   static_cast<double>(*school.last_sync_at));
    }
  }
  for (const auto& [state, count] : by_state) {
    metrics_.set(kSchools, "state=\"" + state + "\"", count);
  }
}

std::string FederationRuntime::summary() const {
  if (hub_) return std::to_string(hub_->liveLinks().size()) + " schools linked";
  if (!agent_) return "standalone";
  const federation::LinkStatus status = agent_->status();
  if (!status.enrolled) return "not enrolled";
  return std::string("hub link ") + (status.up ? "up" : "down") + ", " +
         std::to_string(status.backlog) + " waiting";
}

}  // namespace cartable::node
