// cartable-federation-bench: replication throughput of one school to its hub
// over loopback, through the project's proxy (which counts the bytes on the
// wire), unshaped and with a rate cap.
//   cartable-federation-bench [--records N] [--rate-kbit K]
// Prints records/s applied, bytes on the wire per record, and the time to
// converge after an outage during which the school wrote N records.
#include <chrono>
#include <iomanip>
#include <iostream>
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

constexpr const char* kUai = "0541234Y";

std::unique_ptr<storage::Database> migrated(const testing::TempDir& dir, const std::string& name) {
  auto db = std::move(storage::Database::open(dir.file(name))).value();
  if (!storage::applyMigrations(*db, schema::migrations(), SystemClock::instance()).ok()) {
    std::abort();
  }
  return db;
}

// A directory-like record of about 480 bytes with random identifiers, the
// shape FEDERATION.md measured compression on.
std::string recordBody(std::mt19937_64& rng, int i) {
  auto hex = [&](int n) {
    std::string out;
    for (int k = 0; k < n; ++k) out += "0123456789abcdef"[rng() % 16];
    return out;
  };
  return "{\"regional_id\":\"" + hex(32) + "\",\"login_key\":\"" + hex(64) +
         "\",\"school\":\"0541234Y\",\"roles\":[\"student\"],\"class\":\"" +
         std::to_string(6 + i % 4) + "e" + std::string(1, static_cast<char>('A' + i % 6)) +
         "\",\"since\":\"2026-09-01\",\"status\":\"active\",\"credential\":\"" + hex(160) +
         "\",\"updated_at\":" + std::to_string(1795943700 + i) + ",\"sealed_to\":[\"" + hex(64) +
         "\"]}";
}

std::int64_t hubCount(storage::Database& db) {
  std::int64_t count = 0;
  Status read = db.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(
        auto n, conn.scalarInt64("SELECT count(*) FROM federated_records WHERE kind = 'bench'"));
    count = n.value_or(0);
    return okStatus();
  });
  return read.ok() ? count : -1;
}

struct Figures {
  double seconds = 0;
  std::uint64_t wire_bytes = 0;
};

// Writes `records` while the link is down, then measures the catch-up.
Figures catchUp(int records, std::uint64_t rate) {
  testing::TempDir dir;
  auto hub_db = migrated(dir, "hub.db");
  auto school_db = migrated(dir, "school.db");
  ManualClock clock(SystemClock::instance().now());
  const NodeKeys hub_keys = generateNodeKeys();
  const NodeKeys school_keys = generateNodeKeys();
  hub::HubOptions hub_options;
  hub_options.address = "127.0.0.1";
  hub_options.port = 0;
  hub_options.tick = 20ms;
  auto hub = std::move(hub::HubService::start(*hub_db, hub_keys, hub_options, clock,
                                              SecureRandom::instance()))
                 .value();
  std::string code;
  (void)hub_db->write([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(auto issued, hub::addSchool(conn, kUai, "", "", 3600, clock.now(),
                                                          SecureRandom::instance()));
    code = issued.code;
    return okStatus();
  });
  if (!enrollWithHub(*school_db, school_keys, {"127.0.0.1", hub->port(), code, kUai}, clock,
                     SecureRandom::instance())
           .ok()) {
    std::abort();
  }
  std::mt19937_64 rng(42);
  for (int first = 0; first < records; first += 1000) {
    (void)school_db->write([&](storage::Connection& conn) -> Status {
      for (int i = first; i < std::min(records, first + 1000); ++i) {
        const std::string key = "r" + std::to_string(i);
        CARTABLE_RETURN_IF_ERROR(appendChange(
            conn, {0, kHubPeerName, "bench", key, schoolPeerName(kUai), 1, recordBody(rng, i)},
            clock.now()));
      }
      return okStatus();
    });
  }
  auto proxy =
      std::move(fp::FaultProxyThread::start({{"127.0.0.1", 0}, {"127.0.0.1", hub->port()}}))
          .value();
  if (rate > 0) proxy->proxy().setRate(fp::Direction::both, rate);
  AgentOptions options;
  options.uai = kUai;
  options.hub_address = "127.0.0.1:" + std::to_string(proxy->port());
  options.tick = 20ms;
  const auto begin = std::chrono::steady_clock::now();
  auto agent =
      SchoolAgent::start(*school_db, school_keys, options, clock, SecureRandom::instance());
  while (hubCount(*hub_db) < records) std::this_thread::sleep_for(5ms);
  Figures figures;
  figures.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  const auto stats = proxy->proxy().stats();
  figures.wire_bytes = stats.bytes_up + stats.bytes_down;
  agent.reset();
  return figures;
}

void print(const std::string& label, int records, const Figures& figures) {
  std::cout << std::left << std::setw(28) << label << std::right << std::setw(9) << records
            << " records  " << std::setw(8) << std::fixed << std::setprecision(2) << figures.seconds
            << " s  " << std::setw(9) << std::setprecision(0) << records / figures.seconds
            << " records/s  " << std::setw(6) << std::setprecision(1)
            << static_cast<double>(figures.wire_bytes) / records << " B/record on the wire\n";
}

}  // namespace
}  // namespace cartable::federation

int main(int argc, char** argv) {
  using namespace cartable::federation;
  int records = 20'000;
  std::uint64_t rate_kbit = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const long long value = std::atoll(argv[i + 1]);
    if (value < 1 || (flag != "--records" && flag != "--rate-kbit")) {
      std::cerr << "usage: cartable-federation-bench [--records N] [--rate-kbit K]\n";
      return 2;
    }
    if (flag == "--records")
      records = static_cast<int>(value);
    else
      rate_kbit = static_cast<std::uint64_t>(value);
  }
  cartable::log::setLevel(cartable::log::Level::error);
  std::cout << "Replication of one school's backlog to its hub (loopback, zlib + "
               "secretstream, batches of 500)\n";
  print("unshaped", records, catchUp(records, 0));
  print("shaped " + std::to_string(rate_kbit) + " kbit/s", records,
        catchUp(records, rate_kbit * 1000 / 8));
  return 0;
}
