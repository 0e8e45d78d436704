#include "core/auth/audit.h"

#include <algorithm>

namespace cartable::auth {

Status recordAudit(storage::Connection& db, const AuditEvent& event, Seconds now) {
  return db.exec(
      "INSERT INTO audit_log(at, event, actor_id, subject_id, remote_address, detail) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      now, event.event, event.actor, event.subject, event.remote_address,
      event.detail.empty() ? std::string("{}") : event.detail);
}

Result<std::vector<AuditEntry>> listAudit(storage::Connection& db, const AuditFilter& filter) {
  std::string prefix = filter.event_prefix;
  std::string pattern;
  for (char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  CARTABLE_ASSIGN_OR_RETURN(
      storage::Statement rows,
      db.query("SELECT id, at, event, actor_id, subject_id, remote_address, detail "
               "FROM audit_log WHERE (?1 = 0 OR id < ?1) AND (?2 IS NULL OR subject_id = ?2) "
               "AND event LIKE ?3 ESCAPE '\\' ORDER BY id DESC LIMIT ?4",
               filter.before_id, filter.subject, pattern, std::clamp(filter.limit, 1, 1000)));
  std::vector<AuditEntry> entries;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return entries;
    entries.push_back(AuditEntry{rows.int64(0), rows.int64(1),
                                 AuditEvent{rows.text(2), rows.optionalInt64(3),
                                            rows.optionalInt64(4), rows.text(5), rows.text(6)}});
  }
}

Result<int> purgeAuditBefore(storage::Connection& db, Seconds cutoff) {
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM audit_log WHERE at < ?", cutoff));
  return db.changes();
}

}  // namespace cartable::auth
