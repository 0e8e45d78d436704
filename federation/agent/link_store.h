// What a school keeps of its enrollment with the hub (federation_link).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::federation {

struct HubLink {
  std::string hub_address;  // host:port given at enrollment
  std::string hub_name;
  std::array<std::uint8_t, 32> hub_sign_public{};  // pinned at enrollment
  std::string certificate;                         // as the hub issued it
  Seconds certificate_expires_at = 0;
  Seconds enrolled_at = 0;
  std::optional<Seconds> last_sync_at;
  std::string last_error;
  std::optional<Seconds> last_error_at;
};

Result<std::optional<HubLink>> readHubLink(storage::Connection& conn);
// Replaces the enrollment (a school enrolls once, or again after a revocation).
Status saveHubLink(storage::Connection& conn, const HubLink& link);
Status recordHubSync(storage::Connection& conn, Seconds now);
Status recordHubError(storage::Connection& conn, const std::string& error, Seconds now);

}  // namespace cartable::federation
