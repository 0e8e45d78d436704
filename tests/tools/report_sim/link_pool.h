// Links simulated schools to the hub through the real protocol, a bounded
// number at once, all on one io_context: each school dials the hub with its
// certificate and pinned hub key (handshake, encrypted channel), runs the
// replication session a school's agent runs, and closes its link once the
// hub has acknowledged everything it sent (the hub commits before it acks).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/base/result.h"
#include "federation/replication/session.h"
#include "tests/tools/report_sim/school_fleet.h"

namespace cartable::report_sim {

struct LinkOutcome {
  std::string uai;
  Status status;  // ok: everything sent was acknowledged
  std::int64_t records_sent = 0;
  std::int64_t millis = 0;  // from dialling to the link's end
};

struct LinkPoolOptions {
  HubEndpoint hub;
  int max_links = 8;  // links up or dialling at once
  int threads = 2;
};

class LinkPool {
 public:
  LinkPool(LinkPoolOptions options, const Clock& clock, Random& random);

  // Links the school of each index from 0 to count-1 once. `open` gives a
  // school's keys and database, or nothing to skip it; it runs on the pool's
  // threads. Returns when every link has ended, one outcome per link made.
  std::vector<LinkOutcome> run(
      std::size_t count,
      const std::function<Result<std::optional<std::pair<std::string, OpenSchool>>>(std::size_t)>&
          open);

 private:
  LinkPoolOptions options_;
  const Clock& clock_;
  Random& random_;
};

// The session a school's agent runs with its hub (federation/agent/agent.cpp).
federation::SessionOptions schoolSessionOptions(const std::string& uai);

}  // namespace cartable::report_sim
