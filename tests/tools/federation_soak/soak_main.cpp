// cartable-federation-soak: randomized trials of a hub and two schools
// replicating through fault-injecting proxies (cuts at random bytes, black
// holes, latency, a rate cap, dropped connections) while both sides write.
// After each trial the faults are lifted and the nodes must converge: every
// written record present everywhere it is due, none duplicated, none lost.
//   cartable-federation-soak [--trials N] [--seed S] [--writes W]
// Prints one line per trial and a summary; exit 1 on the first failed trial.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>

#include "core/base/log.h"
#include "core/storage/migrations.h"
#include "federation/agent/agent.h"
#include "federation/agent/enroll.h"
#include "federation/hub/hub_service.h"
#include "federation/hub/registry.h"
#include "federation/replication/change_log.h"
#include "schema/schema.h"
#include "support/temp_dir.h"
#include "tools/fault_proxy/fault_proxy.h"

namespace cartable::federation {
namespace {

using namespace std::chrono_literals;
namespace fp = fault_proxy;

struct Options {
  int trials = 200;
  std::uint64_t seed = 1;
  int writes = 300;  // per writer and trial
};

struct School {
  std::string uai;
  std::unique_ptr<storage::Database> db;
  NodeKeys keys = generateNodeKeys();
  std::unique_ptr<fp::FaultProxyThread> proxy;
  std::unique_ptr<SchoolAgent> agent;
};

std::unique_ptr<storage::Database> migrated(const testing::TempDir& dir, const std::string& name) {
  auto db = std::move(storage::Database::open(dir.file(name))).value();
  if (!storage::applyMigrations(*db, schema::migrations(), SystemClock::instance()).ok()) {
    std::abort();
  }
  return db;
}

Status write(storage::Database& db, const std::string& owner, const std::string& partition,
             const std::string& key, const std::string& body) {
  return db.write([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t version, nextVersion(conn, "soak", key));
    auto seq = appendChange(conn, {0, partition, "soak", key, owner, version, body},
                            SystemClock::instance().now());
    return seq.ok() ? okStatus() : Status(seq.error());
  });
}

// key -> body of the "soak" records a database holds.
std::map<std::string, std::string> holdings(storage::Database& db, const std::string& owner) {
  std::map<std::string, std::string> found;
  Status read = db.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query("SELECT record_key, body FROM "
                                                    "federated_records WHERE kind = 'soak' "
                                                    "AND owner = ?",
                                                    owner));
    while (true) {
      CARTABLE_ASSIGN_OR_RETURN(bool row, stmt.step());
      if (!row) break;
      const auto body = stmt.blob(1);
      found[stmt.text(0)] = std::string(body.begin(), body.end());
    }
    return okStatus();
  });
  if (!read.ok()) std::abort();
  return found;
}

std::int64_t scalar(storage::Database& db, const std::string& sql) {
  std::int64_t value = -1;
  Status read = db.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(auto got, conn.scalarInt64(sql));
    value = got.value_or(0);
    return okStatus();
  });
  return read.ok() ? value : -1;
}

// Random faults on one proxy for the duration of the writes.
void shake(fp::FaultProxy& proxy, std::mt19937_64& rng) {
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  switch (pick(6)) {
    case 0:
      proxy.setCutRandom(fp::Direction::both, fp::RandomCut{rng(), 1 + rng() % 20000});
      break;
    case 1:
      proxy.setBlackHole(pick(2) ? fp::Direction::up : fp::Direction::down, true);
      break;
    case 2:
      proxy.setLatency(fp::Direction::both, std::chrono::milliseconds(pick(40)),
                       std::chrono::milliseconds(pick(20)));
      break;
    case 3:
      proxy.setRate(fp::Direction::both, 20'000 + rng() % 200'000);
      break;
    case 4:
      proxy.cutAll(pick(2) ? fp::CutMode::fin : fp::CutMode::reset);
      break;
    default:
      proxy.setRefuse(true);
      break;
  }
}

void heal(fp::FaultProxy& proxy) {
  proxy.setFaults(fp::Direction::both, fp::DirectionFaults{});
  proxy.setRefuse(false);
}

struct TrialFaults {
  std::uint64_t connections = 0;  // accepted by the proxies: each reconnect counts
  std::uint64_t cuts = 0;
  std::uint64_t refused = 0;
};

// One trial; returns "" when every invariant holds, otherwise what broke.
std::string trial(std::uint64_t seed, int writes, TrialFaults& faults) {
  std::mt19937_64 rng(seed);
  testing::TempDir dir;
  auto hub_db = migrated(dir, "hub.db");
  const NodeKeys hub_keys = generateNodeKeys();
  ManualClock clock(SystemClock::instance().now());
  hub::HubOptions hub_options;
  hub_options.address = "127.0.0.1";
  hub_options.port = 0;
  hub_options.tick = 20ms;
  hub_options.connection.idle_timeout = 1500ms;
  hub_options.connection.keepalive = 300ms;
  auto hub =
      hub::HubService::start(*hub_db, hub_keys, hub_options, clock, SecureRandom::instance());
  if (!hub.ok()) return "hub: " + hub.error().message;

  std::vector<School> schools(2);
  schools[0].uai = "0541234Y";
  schools[1].uai = "0750654D";
  for (auto& school : schools) {
    school.db = migrated(dir, school.uai + ".db");
    std::string code;
    Status added = hub_db->write([&](storage::Connection& conn) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(auto issued, hub::addSchool(conn, school.uai, "", "", 3600,
                                                            clock.now(), SecureRandom::instance()));
      code = issued.code;
      return okStatus();
    });
    if (!added.ok()) return added.error().message;
    auto enrolled =
        enrollWithHub(*school.db, school.keys, {"127.0.0.1", (*hub)->port(), code, school.uai},
                      clock, SecureRandom::instance());
    if (!enrolled.ok()) return "enroll: " + enrolled.error().message;
    auto proxy = fp::FaultProxyThread::start({{"127.0.0.1", 0}, {"127.0.0.1", (*hub)->port()}});
    if (!proxy.ok()) return "proxy: " + proxy.error().message;
    school.proxy = std::move(*proxy);
    AgentOptions options;
    options.uai = school.uai;
    options.hub_address = "127.0.0.1:" + std::to_string(school.proxy->port());
    options.backoff_floor = 10ms;
    options.backoff_cap = 200ms;
    options.tick = 20ms;
    options.connection.idle_timeout = 1500ms;
    options.connection.keepalive = 300ms;
    options.connection.handshake_timeout = 1000ms;
    school.agent =
        SchoolAgent::start(*school.db, school.keys, options, clock, SecureRandom::instance());
  }

  // Writes on every side, some records rewritten, while the links are shaken.
  for (int i = 0; i < writes; ++i) {
    if (i % 25 == 0) {
      for (auto& school : schools) {
        heal(school.proxy->proxy());
        shake(school.proxy->proxy(), rng);
      }
    }
    for (auto& school : schools) {
      const std::string key = school.uai + "-" + std::to_string(rng() % (writes * 3 / 4 + 1));
      if (!write(*school.db, schoolPeerName(school.uai), kHubPeerName, key, "v" + std::to_string(i))
               .ok()) {
        return "school write failed";
      }
      const std::string down = "hub-" + school.uai + "-" + std::to_string(i % (writes / 2 + 1));
      if (!write(*hub_db, kHubPeerName, schoolPeerName(school.uai), down, "h" + std::to_string(i))
               .ok()) {
        return "hub write failed";
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 4));
  }
  for (auto& school : schools) heal(school.proxy->proxy());

  // Convergence: what each side wrote is everywhere it is due, version for version.
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  for (auto& school : schools) {
    const std::string peer = schoolPeerName(school.uai);
    while (true) {
      const bool up_to_hub = holdings(*school.db, peer) == holdings(*hub_db, peer);
      // The hub's records for this school, as the school holds them.
      std::map<std::string, std::string> due;
      for (const auto& [key, body] : holdings(*hub_db, kHubPeerName)) {
        if (key.rfind("hub-" + school.uai, 0) == 0) due[key] = body;
      }
      const bool down_to_school = holdings(*school.db, kHubPeerName) == due;
      if (up_to_hub && down_to_school) break;
      if (std::chrono::steady_clock::now() > deadline) {
        return school.uai + " did not converge (to hub " + std::to_string(up_to_hub) +
               ", to school " + std::to_string(down_to_school) +
               ", last error: " + school.agent->status().last_error + ")";
      }
      std::this_thread::sleep_for(50ms);
    }
  }
  for (auto* db : {hub_db.get(), schools[0].db.get(), schools[1].db.get()}) {
    if (scalar(*db, "SELECT count(*) FROM replication_conflicts") != 0) return "a conflict";
    if (scalar(*db,
               "SELECT count(*) FROM (SELECT kind, record_key FROM federated_records "
               "GROUP BY 1, 2 HAVING count(*) > 1)") != 0) {
      return "a duplicated record";
    }
  }
  for (auto& school : schools) {
    const auto stats = school.proxy->proxy().stats();
    faults.connections += stats.accepted;
    faults.cuts += stats.cuts;
    faults.refused += stats.refused;
    school.agent.reset();
  }
  return "";
}

int run(const Options& options) {
  log::setLevel(log::Level::error);
  int passed = 0;
  const auto started = std::chrono::steady_clock::now();
  for (int t = 0; t < options.trials; ++t) {
    const std::uint64_t seed = options.seed + static_cast<std::uint64_t>(t);
    const auto begin = std::chrono::steady_clock::now();
    TrialFaults faults;
    const std::string failure = trial(seed, options.writes, faults);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - begin)
                        .count();
    std::cout << "trial " << t + 1 << "/" << options.trials << " seed " << seed << ": "
              << (failure.empty() ? "converged" : "FAILED: " + failure) << " (" << ms << " ms, "
              << faults.connections << " connections, " << faults.cuts << " cuts, "
              << faults.refused << " refused)" << std::endl;
    if (!failure.empty()) return 1;
    ++passed;
  }
  const auto total =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started)
          .count();
  std::cout << passed << " trials, 0 lost, 0 duplicated, same state everywhere (" << total << " s)"
            << std::endl;
  return 0;
}

}  // namespace
}  // namespace cartable::federation

int main(int argc, char** argv) {
  cartable::federation::Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) {
      std::cerr << "cartable-federation-soak: " << flag << " needs a value\n";
      return 2;
    }
    try {
      const long long value = std::stoll(argv[++i]);
      if (value < 1) throw std::out_of_range(flag);
      if (flag == "--trials")
        options.trials = static_cast<int>(value);
      else if (flag == "--seed")
        options.seed = static_cast<std::uint64_t>(value);
      else if (flag == "--writes")
        options.writes = static_cast<int>(std::max(10LL, value));
      else
        throw std::invalid_argument(flag);
    } catch (const std::exception&) {
      std::cerr << "cartable-federation-soak: bad option " << flag << " " << argv[i]
                << " (expected --trials N, --seed S, --writes W; positive integers)\n";
      return 2;
    }
  }
  return cartable::federation::run(options);
}
