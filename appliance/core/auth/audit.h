// The audit log of security events (sign-ins, failures, role changes,
// password resets, exports), readable by the school's admins.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::auth {

struct AuditEvent {
  std::string event;                   // dotted name, e.g. "sign_in.failure"
  std::optional<std::int64_t> actor;   // who acted; empty when anonymous
  std::optional<std::int64_t> subject; // whom it concerns
  std::string remote_address;
  std::string detail;                  // a JSON object, "{}" when nothing to add
};

struct AuditEntry {
  std::int64_t id = 0;
  Seconds at = 0;
  AuditEvent event;
};

// Appends `event` inside the caller's write transaction, so the event and
// what it records commit together.
Status recordAudit(storage::Connection& db, const AuditEvent& event, Seconds now);

struct AuditFilter {
  std::optional<std::int64_t> subject;
  std::string event_prefix;       // "sign_in" matches sign_in.success and sign_in.failure
  std::int64_t before_id = 0;     // keyset pagination, newest first; 0: from the newest
  int limit = 100;                // 1..1000
};
Result<std::vector<AuditEntry>> listAudit(storage::Connection& db, const AuditFilter& filter);

// Deletes entries older than `cutoff` (connection logs are kept one year);
// returns how many.
Result<int> purgeAuditBefore(storage::Connection& db, Seconds cutoff);

}  // namespace cartable::auth
