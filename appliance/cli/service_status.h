// The one-line state of a serving node that `systemctl status cartable`
// shows (STATUS=), e.g.
//   serving https://0.0.0.0:8443/ · 1234 active users · federation: standalone
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "config/settings.h"
#include "core/storage/database.h"

namespace cartable::cli {

struct ServiceStatus {
  std::string url;
  std::optional<std::int64_t> active_users;  // absent when the count failed
  std::string federation;                    // link state
  std::optional<std::int64_t> backlog;       // changes waiting for the hub, once replicated
};

std::string formatStatus(const ServiceStatus& status);

// The status of the node serving `url` with `settings` on `db`.
ServiceStatus currentStatus(const config::Settings& settings, const std::string& url,
                            storage::Database& db);

}  // namespace cartable::cli
