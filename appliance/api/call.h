// What a route handler receives: the request, the signed-in person (if any)
// and the node's services.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "accounts/accounts.h"
#include "api/principal.h"
#include "config/settings.h"
#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/http/json.h"
#include "core/http/message.h"
#include "core/http/metrics.h"
#include "core/storage/database.h"
#include "federation/agent/agent.h"
#include "federation/hub/hub_service.h"
#include "files/files.h"
#include "live/hub.h"

namespace cartable::api {

// The node's long-lived services, shared by every request.
struct Services {
  const config::Settings& settings;
  storage::Database& db;
  accounts::AccountService& accounts;
  const Clock& clock;
  http::Metrics& metrics;
  Random& random;  // secret tokens (calendar feeds)
  files::FileStore& files;  // uploads, under <data_dir>/files
  live::Hub& live;          // open notification streams
  // The federation, while the node serves: the school's agent or the hub's
  // service (the other is null; both are null on a standalone school).
  const federation::SchoolAgent* federation_agent = nullptr;
  const federation::hub::HubService* federation_hub = nullptr;
};

struct Call {
  http::Request& request;
  Services& services;
  std::optional<Principal> principal;  // set on every route but the public ones

  const Principal& who() const { return *principal; }
  accounts::Origin origin() const;
  // The request body as a JSON object, within the configured depth limit.
  Result<http::JsonObject> body() const;
  // The path parameter `name` as a positive id, or invalid_argument naming it.
  Result<std::int64_t> pathId(const std::string& name) const;
  // Query parameter `name` as an integer within bounds, or `fallback` when absent.
  Result<std::int64_t> queryInt(const std::string& name, std::int64_t fallback, std::int64_t min,
                                std::int64_t max) const;
};

}  // namespace cartable::api
