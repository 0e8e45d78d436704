// The hub's federation endpoint: accepts schools on the federation port,
// enrolls new ones (one-time code → certificate), and runs one replication
// session per enrolled school over its encrypted link. Revoked or outdated
// certificates are told why and dropped; live links are re-checked every
// few seconds so that a revocation takes effect on a running hub.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "federation/identity/node_keys.h"
#include "federation/protocol/connection.h"
#include "federation/replication/session.h"

namespace cartable::federation::hub {

struct HubOptions {
  std::string address = "0.0.0.0";
  std::uint16_t port = 7443;  // 0: any free port (tests)
  std::string display_name;   // e.g. "Hub Grand Est", given to enrolling schools
  Seconds certificate_validity = 365 * 86'400;
  ConnectionOptions connection;
  int threads = 2;
  std::chrono::milliseconds tick{1000};       // how often new hub records are pushed
  std::chrono::milliseconds recheck{10'000};  // how often live links are re-admitted
  int report_k = 10;  // schools' daily reports with a cell under k people are refused
};

// One school's live link, as shown to the hub's administrator.
struct LiveLink {
  std::string uai;
  std::string remote_address;
  Seconds up_since = 0;
  SessionCounters counters;
};

class HubService {
 public:
  // Binds the federation port and starts serving. Fails (unavailable) when
  // the port cannot be bound.
  static Result<std::unique_ptr<HubService>> start(storage::Database& db, const NodeKeys& keys,
                                                   HubOptions options, const Clock& clock,
                                                   Random& random);
  ~HubService();  // drops every link and stops
  HubService(const HubService&) = delete;
  HubService& operator=(const HubService&) = delete;

  std::uint16_t port() const;
  std::vector<LiveLink> liveLinks() const;

 private:
  struct Impl;
  explicit HubService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cartable::federation::hub
