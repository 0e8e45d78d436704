// The hub's side of an enrollment conversation, on a connection whose
// client presented no certificate: one EnrollRequest in, one EnrollGrant or
// EnrollRefusal out, then the connection closes.
#pragma once

#include <memory>
#include <string>

#include "core/base/clock.h"
#include "core/storage/database.h"
#include "federation/identity/node_keys.h"
#include "federation/protocol/connection.h"

namespace cartable::federation::hub {

struct EnrollmentContext {
  storage::Database& db;
  const NodeKeys& keys;
  std::string display_name;
  Seconds certificate_validity;
  const Clock& clock;
};

void serveEnrollment(std::shared_ptr<Connection> connection, const EnrollmentContext& context);

}  // namespace cartable::federation::hub
