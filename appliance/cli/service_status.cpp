#include "cli/service_status.h"

namespace cartable::cli {
namespace {

std::optional<std::int64_t> activeUsers(storage::Database& db) {
  std::optional<std::int64_t> count;
  const Status read = db.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(
        count, conn.scalarInt64("SELECT count(*) FROM users WHERE disabled_at IS NULL"));
    return okStatus();
  });
  if (!read.ok()) return std::nullopt;
  return count;
}

// No replication runs yet: a school either names no hub, or names one it has
// not enrolled with.
std::string federationState(const config::Settings& settings) {
  if (settings.role == config::Role::hub) return "hub";
  if (settings.federation.hub_address.empty()) return "standalone";
  return "not enrolled (hub " + settings.federation.hub_address + ")";
}

}  // namespace

std::string formatStatus(const ServiceStatus& status) {
  std::string line = "serving " + status.url;
  if (status.active_users) {
    line += " · " + std::to_string(*status.active_users) + " active user" +
            (*status.active_users == 1 ? "" : "s");
  } else {
    line += " · users: unknown (database busy)";
  }
  line += " · federation: " + status.federation;
  if (status.backlog) line += " · backlog " + std::to_string(*status.backlog);
  return line;
}

ServiceStatus currentStatus(const config::Settings& settings, const std::string& url,
                            storage::Database& db) {
  return ServiceStatus{url, activeUsers(db), federationState(settings), std::nullopt};
}

}  // namespace cartable::cli
