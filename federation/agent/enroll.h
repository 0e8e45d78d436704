// A school's side of enrollment: dials the hub with no certificate and no
// pinned key, proves it holds the one-time code, checks the hub's proof of
// the same code, and only then pins the hub's key and keeps the certificate.
#pragma once

#include <chrono>
#include <string>

#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "federation/agent/link_store.h"
#include "federation/identity/node_keys.h"

namespace cartable::federation {

struct EnrollParams {
  std::string hub_host;
  std::uint16_t hub_port = 0;
  std::string code;
  std::string uai;
  std::chrono::milliseconds timeout{20'000};
};

// Enrolls and records the link (replacing an earlier enrollment). Errors:
// invalid_argument for a mistyped code; unavailable when the hub cannot be
// reached; permission_denied with the hub's reason (wrong, expired or used
// code, revoked school) or when the hub fails to prove it knows the code.
Result<HubLink> enrollWithHub(storage::Database& db, const NodeKeys& keys,
                              const EnrollParams& params, const Clock& clock, Random& random);

}  // namespace cartable::federation
