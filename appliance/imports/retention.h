// Purge of the accounts of people who left, once the retention period is over.
#pragma once

#include <cstdint>

#include "core/base/clock.h"
#include "core/storage/database.h"

namespace cartable::imports {

// Deletes every account disabled more than `retention_days` days before
// `now`, with all its rows (credentials, sessions, enrollments, links:
// foreign keys cascade), and records one "account.purge" audit event per
// account. Returns how many were purged.
Result<int> purgeDepartedAccounts(storage::Database& db, Seconds now, std::uint32_t retention_days);

}  // namespace cartable::imports
