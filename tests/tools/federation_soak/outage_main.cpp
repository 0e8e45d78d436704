// cartable-federation-outage: the generated 1,200-student school linked to a
// hub over loopback through the project's proxy, unshaped and at a rate cap.
//   cartable-federation-outage [--students N] [--rate-kbit K] [--kernel-shaped K]
// With --kernel-shaped, the caller has shaped loopback itself at K kbit/s
// (outage-tbf.sh: tbf inside `unshare -n`) and only the proxy's plain link is
// measured, under that name. Prints, for each link: the school's first publication (every account of the
// regional directory), then the catch-up after a 7-day outage during which the
// school lived a week of directory changes, both as time to converge, records
// and bytes on the wire.
#include <chrono>
#include <iomanip>
#include <iostream>
#include <random>
#include <string>
#include <thread>

#include "core/base/log.h"
#include "core/storage/migrations.h"
#include "federated/account_inbox.h"
#include "federated/regional_accounts.h"
#include "federation/agent/agent.h"
#include "federation/agent/enroll.h"
#include "federation/hub/hub_service.h"
#include "federation/hub/registry.h"
#include "federation/replication/change_log.h"
#include "schema/schema.h"
#include "support/temp_dir.h"
#include "tools/fault_proxy/fault_proxy.h"
#include "tools/generator/school_generator.h"

namespace cartable::federation {
namespace {

using namespace std::chrono_literals;
namespace fp = fault_proxy;

constexpr const char* kUai = "0541234Y";

template <class Outcome>
void check(const Outcome& outcome, const char* what) {
  if (outcome.ok()) return;
  std::cerr << "cartable-federation-outage: " << what << ": " << outcome.error().message << "\n";
  std::exit(1);
}

std::unique_ptr<storage::Database> migrated(const testing::TempDir& dir, const std::string& name,
                                            const std::string& node) {
  auto db = std::move(storage::Database::open(dir.file(name))).value();
  check(storage::applyMigrations(*db, schema::migrations(), SystemClock::instance()), "migrate");
  check(db->write([&](storage::Connection& conn) { return conn.script(node); }), "node");
  return db;
}

std::int64_t scalar(storage::Database& db, const std::string& sql) {
  std::int64_t value = -1;
  check(db.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(auto n, conn.scalarInt64(sql));
    value = n.value_or(0);
    return okStatus();
  }),
        "read");
  return value;
}

// A week of a school's directory life, per school day: arrivals, departures,
// role changes (a parent who becomes a staff member, say) and login renames,
// at about the rates a collège's imports show in the first weeks of a year.
void liveAWeek(storage::Database& db, std::mt19937& dice) {
  const std::int64_t users = scalar(db, "SELECT max(id) FROM users");
  for (int day = 0; day < 7; ++day) {
    check(db.write([&](storage::Connection& conn) -> Status {
      for (int i = 0; i < 8; ++i) {
        const std::string login = "arrivee." + std::to_string(day) + "." + std::to_string(i);
        CARTABLE_RETURN_IF_ERROR(
            conn.exec("INSERT INTO users(login, given_name, family_name, created_at, updated_at) "
                      "VALUES (?, 'Nouvel', 'Eleve', 0, 0)",
                      login));
        CARTABLE_RETURN_IF_ERROR(conn.exec(
            "INSERT INTO user_roles(user_id, role) VALUES (?, 'student')", conn.lastInsertId()));
      }
      for (int i = 0; i < 40; ++i) {
        const std::int64_t id = 2 + static_cast<std::int64_t>(dice() % (users - 1));
        switch (i % 3) {
          case 0:
            CARTABLE_RETURN_IF_ERROR(
                conn.exec("UPDATE users SET disabled_at = 1 WHERE id = ?", id));
            break;
          case 1:
            CARTABLE_RETURN_IF_ERROR(conn.exec(
                "INSERT OR IGNORE INTO user_roles(user_id, role) VALUES (?, 'staff')", id));
            break;
          default:
            CARTABLE_RETURN_IF_ERROR(
                conn.exec("UPDATE users SET login = login || '.r' WHERE id = ?", id));
        }
      }
      return okStatus();
    }),
          "a day of changes");
  }
}

struct Figures {
  std::int64_t records = 0;  // versions written to the school's log
  double seconds = 0;
  std::uint64_t wire_bytes = 0;
};

class Region {
 public:
  Region(const generator::GeneratedSchool& school, std::uint64_t rate) {
    hub_db_ = migrated(dir_, "hub.db",
                       "INSERT INTO node(id, role, name, created_at) VALUES (1, 'hub', 'Hub', 0)");
    school_db_ = migrated(dir_, "school.db",
                          "INSERT INTO node(id, role, uai, name, created_at) VALUES (1, "
                          "'school', '0541234Y', 'Collège', 0)");
    check(generator::writeSchool(*school_db_, school, "$argon2id$v=19$m=19456,t=2,p=1$demo",
                                 clock_.now()),
          "write the school");
    hub::HubOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.tick = 20ms;
    options.recheck = 200ms;
    hub_ = std::move(hub::HubService::start(*hub_db_, hub_keys_, options, clock_, random_)).value();
    std::string code;
    check(hub_db_->write([&](storage::Connection& conn) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(auto issued,
                                hub::addSchool(conn, kUai, "", "", 3600, clock_.now(), random_));
      code = issued.code;
      return okStatus();
    }),
          "add the school");
    auto enrolled = enrollWithHub(*school_db_, school_keys_,
                                  {"127.0.0.1", hub_->port(), code, kUai}, clock_, random_);
    check(enrolled, "enroll");
    proxy_ = std::move(fp::FaultProxyThread::start({{"127.0.0.1", 0}, {"127.0.0.1", hub_->port()}}))
                 .value();
    if (rate > 0) proxy_->proxy().setRate(fp::Direction::both, rate);
  }

  // Links the school until everything it published is acknowledged and every
  // account has its answer from the directory.
  Figures sync() {
    const std::uint64_t bytes_before = wireBytes();
    const std::int64_t log_before = scalar(*school_db_, "SELECT coalesce(max(seq), 0) FROM change_log");
    const auto begin = std::chrono::steady_clock::now();
    startAgent();
    for (;;) {
      publish();
      const bool answered = scalar(*school_db_,
                                   "SELECT count(*) FROM regional_accounts WHERE dirty = 1 OR "
                                   "state <> 'confirmed'") == 0;
      if (answered && agent_->status().up && agent_->status().backlog == 0) break;
      std::this_thread::sleep_for(10ms);
    }
    Figures figures;
    figures.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    figures.wire_bytes = wireBytes() - bytes_before;
    figures.records = scalar(*school_db_, "SELECT coalesce(max(seq), 0) FROM change_log") - log_before;
    return figures;
  }

  void cut() { agent_.reset(); }
  storage::Database& school() { return *school_db_; }
  void publish() {
    check(school_db_->write([&](storage::Connection& conn) -> Status {
      CARTABLE_RETURN_IF_ERROR(
          federated::publishAccountChanges(conn, school_keys_, kUai, clock_.now(), 2000));
      return okStatus();
    }),
          "publish");
  }

 private:
  std::uint64_t wireBytes() {
    const auto stats = proxy_->proxy().stats();
    return stats.bytes_up + stats.bytes_down;
  }

  void startAgent() {
    AgentOptions options;
    options.uai = kUai;
    options.hub_address = "127.0.0.1:" + std::to_string(proxy_->port());
    options.tick = 20ms;
    options.backoff_floor = 50ms;
    options.on_applied = [this](storage::Connection& conn, const Record& record,
                                ApplyOutcome outcome) -> Status {
      if (outcome != ApplyOutcome::applied) return okStatus();
      return federated::applyHubRecord(conn, school_keys_, kUai, record, clock_.now());
    };
    agent_ = SchoolAgent::start(*school_db_, school_keys_, options, clock_, random_);
  }

  testing::TempDir dir_;
  ManualClock clock_{SystemClock::instance().now()};
  SecureRandom& random_ = SecureRandom::instance();
  NodeKeys hub_keys_ = generateNodeKeys();
  NodeKeys school_keys_ = generateNodeKeys();
  std::unique_ptr<storage::Database> hub_db_;
  std::unique_ptr<storage::Database> school_db_;
  std::unique_ptr<hub::HubService> hub_;
  std::unique_ptr<fp::FaultProxyThread> proxy_;
  std::unique_ptr<SchoolAgent> agent_;
};

void print(const std::string& label, const Figures& figures) {
  std::cout << std::left << std::setw(44) << label << std::right << std::setw(7) << figures.records
            << " records  " << std::setw(7) << std::fixed << std::setprecision(2) << figures.seconds
            << " s  " << std::setw(8) << std::setprecision(0)
            << static_cast<double>(figures.wire_bytes) / 1024 << " KiB on the wire\n";
}

void run(const generator::GeneratedSchool& school, std::uint64_t rate, const std::string& link) {
  Region region(school, rate);
  print("first publication, " + link, region.sync());
  region.cut();
  std::mt19937 dice(7);
  liveAWeek(region.school(), dice);
  print("after a 7-day outage, " + link, region.sync());
}

}  // namespace
}  // namespace cartable::federation

int main(int argc, char** argv) {
  using namespace cartable;
  generator::GeneratorOptions options;
  std::uint64_t rate_kbit = 1000;
  std::uint64_t kernel_kbit = 0;  // loopback shaped by the caller; 0: not
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    const long long value = i + 1 < argc ? std::atoll(argv[i + 1]) : 0;
    if (value < 1 ||
        (flag != "--students" && flag != "--rate-kbit" && flag != "--kernel-shaped")) {
      std::cerr << "usage: cartable-federation-outage [--students N] [--rate-kbit K] "
                   "[--kernel-shaped K]\n";
      return 2;
    }
    if (flag == "--students") {
      options.students = static_cast<int>(value);
      options.classes = std::max(1, options.students / 27);
      options.teachers = std::max(12, options.students * 90 / 1200);
    } else if (flag == "--rate-kbit") {
      rate_kbit = static_cast<std::uint64_t>(value);
    } else {
      kernel_kbit = static_cast<std::uint64_t>(value);
    }
  }
  log::setLevel(log::Level::error);
  auto school = generator::generateSchool(options);
  if (!school.ok()) {
    std::cerr << "cartable-federation-outage: " << school.error().message << "\n";
    return 2;
  }
  std::cout << "The generated school (" << options.students
            << " students) and its hub: time until every account is acknowledged and "
               "answered\n";
  if (kernel_kbit > 0) {
    federation::run(*school, 0, std::to_string(kernel_kbit) + " kbit/s (tbf)");
    return 0;
  }
  federation::run(*school, 0, "unshaped");
  federation::run(*school, rate_kbit * 1000 / 8, std::to_string(rate_kbit) + " kbit/s");
  return 0;
}
