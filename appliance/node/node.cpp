#include "node/node.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "announcements/announcements.h"
#include "api/routes.h"
#include "core/auth/audit.h"
#include "core/base/log.h"
#include "core/http/server.h"
#include "early_warning/alerts.h"
#include "grades/grades.h"
#include "imports/retention.h"
#include "federated/school_profile.h"
#include "federation/hub/authority.h"
#include "federation/hub/indicators.h"
#include "federation/hub/registry.h"
#include "live/hub.h"
#include "node/federation_runtime.h"
#include "mail/mailer.h"
#include "notifications/notifications.h"
#include "schema/schema.h"
#include "web_assets/web_assets.h"

namespace cartable::node {

struct Node::Impl {
  config::Settings settings;
  const Clock& clock;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<accounts::AccountService> accounts;
  std::unique_ptr<files::FileStore> files;
  http::Metrics metrics;
  std::unique_ptr<live::Hub> live;
  std::unique_ptr<api::Services> services;
  http::Router router;
  std::unique_ptr<http::Server> server;
  std::atomic<bool> ready{false};

  // Housekeeping runs hourly on its own thread, off the request path.
  std::thread maintenance;
  std::mutex maintenance_mutex;
  std::condition_variable maintenance_wake;
  bool stopping = false;

  // Notification emails go out on their own thread (mail.smtp_host).
  std::unique_ptr<mail::Courier> courier;

  // The hub service or the school's agent.
  std::unique_ptr<FederationRuntime> federation;

  Impl(const config::Settings& s, const Clock& c) : settings(s), clock(c) {}
  void runMaintenance();
  void startMaintenance();
  void stopMaintenance();
};

namespace {

constexpr Seconds kAuditRetention = 365 * 86400;       // connection logs: one year
constexpr Seconds kEndedSessionRetention = 7 * 86400;  // ended sessions stay listed a week
constexpr Seconds kReadNoticeRetention = 90 * 86400;   // read notifications: a term
constexpr Seconds kNoticeRetention = 365 * 86400;      // unread ones: a school year
// The hub's link history: twice the longest period a dashboard may span.
constexpr Seconds kLinkEventRetention = 2 * federation::hub::kMaxIndicatorDays * 86400;

}  // namespace

void Node::Impl::runMaintenance() {
  auto purged = accounts->sessions().purgeEnded(kEndedSessionRetention);
  if (!purged.ok()) log::warning("maintenance: sessions: " + purged.error().message);
  Status audit = db->write([&](storage::Connection& conn) -> Status {
    CARTABLE_RETURN_IF_ERROR(auth::purgeAuditBefore(conn, clock.now() - kAuditRetention));
    return okStatus();
  });
  if (!audit.ok()) log::warning("maintenance: audit log: " + audit.error().message);
  auto departed =
      imports::purgeDepartedAccounts(*db, clock.now(), settings.retention.departed_account_days);
  if (!departed.ok()) log::warning("maintenance: departed accounts: " + departed.error().message);
  if (departed.ok() && *departed > 0) {
    log::info("maintenance: purged " + std::to_string(*departed) + " departed account(s)");
  }
  // Evaluations whose visibility date has come are announced to families.
  Status published = db->write([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(int count, grades::publishDueEvaluations(conn, clock.now()));
    if (count > 0) log::info("maintenance: announced " + std::to_string(count) + " evaluation(s)");
    return okStatus();
  });
  if (!published.ok()) log::warning("maintenance: grades: " + published.error().message);
  // Scheduled announcements whose publication time has come.
  Status announced = db->write([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(int due, announcements::publishDueAnnouncements(conn, clock.now()));
    if (due > 0) log::info("maintenance: published " + std::to_string(due) + " announcement(s)");
    return okStatus();
  });
  if (!announced.ok()) log::warning("maintenance: announcements: " + announced.error().message);
  // Early-warning alerts, computed once a day; main teachers told of new ones.
  if (settings.role != config::Role::hub) {
    Status warned = db->write([&](storage::Connection& conn) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(auto run, early_warning::computeAlertsIfDue(conn, clock.now()));
      if (run) {
        log::info("maintenance: early warning: " + std::to_string(run->open_alerts) +
                  " open alert(s), " + std::to_string(run->raised) + " new");
      }
      return okStatus();
    });
    if (!warned.ok()) log::warning("maintenance: early warning: " + warned.error().message);
  }
  Status notices = db->write([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(int old_notices,
                              notifications::purgeOld(conn, clock.now() - kReadNoticeRetention,
                                                      clock.now() - kNoticeRetention));
    if (old_notices > 0) {
      log::info("maintenance: purged " + std::to_string(old_notices) + " notification(s)");
    }
    return okStatus();
  });
  if (!notices.ok()) log::warning("maintenance: notifications: " + notices.error().message);
  if (settings.role == config::Role::hub) {
    Status links = db->write([&](storage::Connection& conn) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(int old_events, federation::hub::purgeLinkEventsBefore(
                                                    conn, clock.now() - kLinkEventRetention));
      if (old_events > 0) {
        log::info("maintenance: purged " + std::to_string(old_events) + " link event(s)");
      }
      return okStatus();
    });
    if (!links.ok()) log::warning("maintenance: link events: " + links.error().message);
  }
  if (settings.school) {
    // The hub learns who the school is and its account counts (no person's data).
    Status profile = db->write([&](storage::Connection& conn) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(bool changed, federated::publishSchoolProfile(
                                                  conn, *settings.school,
                                                  settings.mail.public_url, clock.now()));
      if (changed) log::info("maintenance: the school's profile changed; queued for the hub");
      return okStatus();
    });
    if (!profile.ok()) log::warning("maintenance: school profile: " + profile.error().message);
  }
  auto swept = files->sweepUnreferenced(*db);
  if (!swept.ok()) log::warning("maintenance: files: " + swept.error().message);
  if (swept.ok() && swept->blobs > 0) {
    log::info("maintenance: removed " + std::to_string(swept->blobs) + " unreferenced file(s)");
  }
}

void Node::Impl::startMaintenance() {
  maintenance = std::thread([this] {
    std::unique_lock lock(maintenance_mutex);
    while (!stopping) {
      lock.unlock();
      runMaintenance();
      lock.lock();
      maintenance_wake.wait_for(lock, std::chrono::hours(1), [this] { return stopping; });
    }
  });
}

void Node::Impl::stopMaintenance() {
  {
    std::lock_guard lock(maintenance_mutex);
    stopping = true;
  }
  maintenance_wake.notify_all();
  if (maintenance.joinable()) maintenance.join();
}

accounts::AccountPolicy accountPolicy(const config::Settings& settings) {
  accounts::AccountPolicy policy;
  policy.argon2 = {settings.passwords.argon2_memory_kib, settings.passwords.argon2_iterations};
  policy.min_password_length = settings.passwords.min_length;
  policy.sessions.browser_idle = Seconds{settings.sessions.idle_minutes} * 60;
  policy.sessions.browser_absolute = Seconds{settings.sessions.absolute_hours} * 3600;
  policy.sessions.bearer_lifetime = Seconds{settings.sessions.bearer_days} * 86400;
  policy.throttle.max_failures_per_account = settings.passwords.max_failures_per_account;
  policy.throttle.max_failures_per_address = settings.passwords.max_failures_per_address;
  policy.throttle.window_seconds = settings.passwords.throttle_window_seconds;
  if (settings.role == config::Role::hub) {
    policy.second_factor_also_required = federation::hub::requiresSecondFactor;
  }
  return policy;
}

Result<std::unique_ptr<storage::Database>> openDatabase(const config::Settings& settings,
                                                        const Clock& clock) {
  storage::DatabaseOptions options;
  options.create = false;
  options.readers = std::max(2, std::min(settings.limits.threads, 8));
  auto db = storage::Database::open(settings.databasePath(), options);
  if (!db.ok()) {
    return makeError(
        db.error().code,
        db.error().message + " (has `cartable init` been run for this data directory?)");
  }
  CARTABLE_RETURN_IF_ERROR(storage::applyMigrations(**db, schema::migrations(), clock));
  return db;
}

Result<std::optional<accounts::CreatedAccount>> initialiseDatabase(
    const config::Settings& settings, const Clock& clock, Random& random,
    const std::optional<directory::NewUser>& first_admin) {
  CARTABLE_ASSIGN_OR_RETURN(auto db, storage::Database::open(settings.databasePath()));
  CARTABLE_RETURN_IF_ERROR(storage::applyMigrations(*db, schema::migrations(), clock));
  accounts::AccountService accounts(*db, clock, random, accountPolicy(settings), "Cartable");
  std::optional<accounts::CreatedAccount> admin;
  CARTABLE_RETURN_IF_ERROR(db->write([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(auto exists, conn.scalarInt64("SELECT 1 FROM node WHERE id = 1"));
    if (exists) {
      return makeError(Errc::already_exists,
                       "this data directory is already initialised (" + settings.data_dir + ")");
    }
    if (first_admin) {
      admin = accounts::CreatedAccount{0, first_admin->login, auth::generatePassword(random)};
      CARTABLE_ASSIGN_OR_RETURN(
          admin->id, accounts.createAccountWithPassword(conn, *first_admin, admin->initial_password,
                                                        true, std::nullopt,
                                                        accounts::Origin{"cli", "cartable init"}));
    }
    const bool school = settings.role == config::Role::school;
    const std::string name = school ? settings.school->name : settings.hub->name;
    const std::optional<std::string> uai =
        school ? std::optional<std::string>(settings.school->uai) : std::nullopt;
    return conn.exec("INSERT INTO node(id, role, uai, name, created_at) VALUES (1, ?, ?, ?, ?)",
                     school ? "school" : "hub", uai, name, clock.now());
  }));
  return admin;
}

namespace {

// The node row written by `cartable init`; its absence means not initialised.
Status requireInitialised(storage::Database& db) {
  return db.read([](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(auto found, conn.scalarInt64("SELECT 1 FROM node WHERE id = 1"));
    if (!found) {
      return makeError(Errc::failed_precondition,
                       "this data directory is not initialised; run `cartable init` first");
    }
    return okStatus();
  });
}

live::HubOptions liveOptions(const config::Settings& settings) {
  live::HubOptions options;
  options.max_streams = settings.limits.max_live_streams;
  return options;
}

std::string issuerName(const config::Settings& settings) {
  if (settings.school) return "Cartable " + settings.school->name;
  return settings.hub ? "Cartable " + settings.hub->name : std::string("Cartable");
}

}  // namespace

Result<std::unique_ptr<Node>> Node::open(const config::Settings& settings, const Clock& clock,
                                         Random& random) {
  auto impl = std::make_unique<Impl>(settings, clock);
  CARTABLE_ASSIGN_OR_RETURN(impl->db, openDatabase(settings, clock));
  CARTABLE_RETURN_IF_ERROR(requireInitialised(*impl->db));
  impl->accounts = std::make_unique<accounts::AccountService>(
      *impl->db, clock, random, accountPolicy(settings), issuerName(settings));
  impl->files = std::make_unique<files::FileStore>(settings.data_dir + "/files",
                                                   settings.limits.max_upload_bytes);
  impl->live = std::make_unique<live::Hub>(*impl->db, impl->accounts->sessions(), impl->metrics,
                                           liveOptions(settings));
  impl->services = std::make_unique<api::Services>(
      api::Services{impl->settings, *impl->db, *impl->accounts, clock, impl->metrics, random,
                    *impl->files, *impl->live});
  CARTABLE_ASSIGN_OR_RETURN(impl->courier,
                            mail::Courier::create(*impl->db, impl->settings, clock, random));
  impl->federation =
      std::make_unique<FederationRuntime>(impl->settings, *impl->db, impl->metrics, clock, random);
  Impl* raw = impl.get();
  api::schoolRoutes([raw] { return raw->ready.load(); }).install(impl->router, *impl->services);
  web_assets::install(impl->router, settings.http.web_root);
  impl->server = std::make_unique<http::Server>(http::ServerOptions::fromSettings(settings),
                                                impl->router, impl->metrics);
  return std::unique_ptr<Node>(new Node(std::move(impl)));
}

Node::Node(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Node::~Node() {
  stop();
}

Status Node::start() {
  CARTABLE_RETURN_IF_ERROR(impl_->live->start());
  CARTABLE_RETURN_IF_ERROR(impl_->federation->start());
  impl_->services->federation_agent = impl_->federation->agent();
  impl_->services->federation_hub = impl_->federation->hubService();
  CARTABLE_RETURN_IF_ERROR(impl_->server->start());
  impl_->startMaintenance();
  impl_->courier->start();
  impl_->ready = true;
  return okStatus();
}

void Node::stop() {
  if (!impl_ || !impl_->server) return;
  impl_->ready = false;
  impl_->live->stop();  // clients see their stream end and reconnect elsewhere or later
  impl_->server->stop();
  impl_->services->federation_agent = nullptr;
  impl_->services->federation_hub = nullptr;
  impl_->federation->stop();
  impl_->stopMaintenance();
  impl_->courier->stop();
}

std::uint16_t Node::port() const {
  return impl_->server->port();
}
void Node::setAccessLog(bool enabled) {
  impl_->server->setAccessLog(enabled);
}
storage::Database& Node::database() {
  return *impl_->db;
}
accounts::AccountService& Node::accounts() {
  return *impl_->accounts;
}
std::string Node::federationSummary() const {
  return impl_->federation->summary();
}
std::uint16_t Node::federationPort() const {
  const auto* hub = impl_->federation->hubService();
  return hub ? hub->port() : 0;
}

}  // namespace cartable::node
