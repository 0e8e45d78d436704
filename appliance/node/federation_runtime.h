// The federation side of a running node: the hub service on a hub, the
// agent on a school (once the node has keys; the agent waits for
// `cartable enroll` by itself). Publishes the link's state to /metrics.
#pragma once

#include <memory>
#include <string>

#include "config/settings.h"
#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/http/metrics.h"
#include "core/storage/database.h"
#include "federation/agent/agent.h"
#include "federation/hub/hub_service.h"
#include "federation/identity/node_keys.h"

namespace cartable::node {

class FederationRuntime {
 public:
  FederationRuntime(const config::Settings& settings, storage::Database& db, http::Metrics& metrics,
                    const Clock& clock, Random& random);
  ~FederationRuntime();

  // Starts the hub service (fails when its port cannot be bound or the keys
  // cannot be read) or the school's agent (a school without keys runs
  // standalone, with a warning).
  Status start();
  void stop();

  // Set while running on the matching role; null otherwise.
  const federation::SchoolAgent* agent() const { return agent_.get(); }
  const federation::hub::HubService* hubService() const { return hub_.get(); }

  // One short phrase for systemd's status line, e.g. "hub link up, 0 waiting".
  std::string summary() const;

 private:
  void publishMetrics();
  void publishAccounts();
  void metricsLoop();

  const config::Settings& settings_;
  storage::Database& db_;
  http::Metrics& metrics_;
  const Clock& clock_;
  Random& random_;
  std::unique_ptr<federation::NodeKeys> keys_;  // a school's, for sealed payloads
  std::unique_ptr<federation::SchoolAgent> agent_;
  std::unique_ptr<federation::hub::HubService> hub_;
  struct Loop;
  std::unique_ptr<Loop> loop_;
};

}  // namespace cartable::node
