// A school's federation agent: keeps the link to its hub up (reconnecting
// with jittered, capped backoff), runs the replication session over it, and
// reports the link's state for the admin screen and /metrics. The school
// works the same whether the link is up or not; the agent only carries the
// change log across when it can.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/storage/database.h"
#include "federation/identity/node_keys.h"
#include "federation/protocol/connection.h"
#include "federation/replication/records.h"

namespace cartable::federation {

struct AgentOptions {
  std::string uai;
  std::string hub_address;  // host:port; empty: the address given at enrollment
  ConnectionOptions connection;
  std::chrono::milliseconds backoff_floor{1'000};
  std::chrono::milliseconds backoff_cap{120'000};
  std::chrono::milliseconds tick{1'000};              // how often new records are pushed
  std::chrono::milliseconds enrollment_poll{10'000};  // while not enrolled
  // Runs in the applying transaction after each record from the hub (the
  // school's domain effects). May be empty.
  std::function<Status(storage::Connection&, const Record&, ApplyOutcome)> on_applied;
};

struct LinkStatus {
  bool enrolled = false;
  std::string hub_name;
  std::string hub_address;
  bool up = false;
  std::optional<Seconds> since;  // when the link last went up or down
  std::optional<Seconds> last_sync;
  std::int64_t backlog = 0;  // records not yet acknowledged by the hub
  std::string last_error;
  std::optional<Seconds> last_error_at;
  std::optional<Seconds> certificate_expires_at;
  int failed_attempts = 0;  // since the link was last up
  std::optional<Seconds> next_attempt_at;
};

class SchoolAgent {
 public:
  static std::unique_ptr<SchoolAgent> start(storage::Database& db, const NodeKeys& keys,
                                            AgentOptions options, const Clock& clock,
                                            Random& random);
  ~SchoolAgent();
  SchoolAgent(const SchoolAgent&) = delete;
  SchoolAgent& operator=(const SchoolAgent&) = delete;

  // The link's state now; reads the backlog from the database.
  LinkStatus status() const;
  // Tries at once instead of waiting for the backoff (an operator's
  // request, or a sign that the network came back).
  void reconnectNow();

 private:
  struct Impl;
  explicit SchoolAgent(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct HubAddress {
  std::string host;
  std::uint16_t port = 0;
};

// "host:port" or "[v6]:port" with a port from 1 to 65535; nothing otherwise.
std::optional<HubAddress> parseHubAddress(const std::string& address);

// The delay before attempt number `failures` (1 for the first retry):
// doubling from `floor`, capped, and drawn in [delay/2, delay] so that a
// region's schools do not all come back at the same instant.
std::chrono::milliseconds backoffDelay(int failures, std::chrono::milliseconds floor,
                                       std::chrono::milliseconds cap, Random& random);

}  // namespace cartable::federation
