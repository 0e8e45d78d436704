// The one-line state of a serving node that `systemctl status cartable`
// shows (STATUS=), e.g.
//   serving https://0.0.0.0:8443/ · 1234 active users · federation: hub link up, 0 waiting
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/storage/database.h"

namespace cartable::cli {

struct ServiceStatus {
  std::string url;
  std::optional<std::int64_t> active_users;  // absent when the count failed
  std::string federation;                    // link state and backlog, in a few words
};

std::string formatStatus(const ServiceStatus& status);

// The status of the node serving `url` on `db`, whose federation is summed
// up as `federation` (node::Node::federationSummary()).
ServiceStatus currentStatus(const std::string& url, storage::Database& db,
                            const std::string& federation);

}  // namespace cartable::cli
