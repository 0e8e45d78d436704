#include "imports/retention.h"

#include <vector>

#include "core/auth/audit.h"

namespace cartable::imports {

Result<int> purgeDepartedAccounts(storage::Database& db, Seconds now, std::uint32_t retention_days) {
  const Seconds cutoff = now - Seconds{retention_days} * 86400;
  int purged = 0;
  CARTABLE_RETURN_IF_ERROR(db.write([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(
        storage::Statement rows,
        conn.query("SELECT id FROM users WHERE disabled_at IS NOT NULL AND disabled_at < ?",
                   cutoff));
    std::vector<std::int64_t> departed;
    for (;;) {
      CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
      if (!more) break;
      departed.push_back(rows.int64(0));
    }
    for (std::int64_t id : departed) {
      CARTABLE_RETURN_IF_ERROR(conn.exec("DELETE FROM users WHERE id = ?", id));
      // The audit entry keeps the id (no name): the person's data is gone.
      CARTABLE_RETURN_IF_ERROR(auth::recordAudit(
          conn, auth::AuditEvent{"account.purge", std::nullopt, id, "", "{}"}, now));
    }
    purged = static_cast<int>(departed.size());
    return okStatus();
  }));
  return purged;
}

}  // namespace cartable::imports
