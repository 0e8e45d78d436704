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
  return line;
}

ServiceStatus currentStatus(const std::string& url, storage::Database& db,
                            const std::string& federation) {
  return ServiceStatus{url, activeUsers(db), federation};
}

}  // namespace cartable::cli
