// What the hub sends a school about its accounts, applied in the replication
// transaction: the directory's statuses, the logins and passwords other
// member schools sealed to this one, and transfer dossiers. A sealed payload that is altered, sent
// to another school, or signed by someone else is refused, recorded for the
// admin, and the link goes on.
#pragma once

#include <string>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "federation/identity/node_keys.h"
#include "federation/replication/change_log.h"

namespace cartable::federated {

Status applyHubRecord(storage::Connection& conn, const federation::NodeKeys& keys,
                      const std::string& uai, const federation::Record& record, Seconds now);

}  // namespace cartable::federated
