// Other schools' public keys as the hub published them (federation kind
// "school_key"): what sealed payloads are sealed to and checked against.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::federated {

struct SchoolKeys {
  std::array<std::uint8_t, 32> sign_public{};
  std::array<std::uint8_t, 32> box_public{};
  bool revoked = false;
  std::string name;  // as the hub knows it; may be empty
  std::string url;   // where its people reach it; empty when it did not say
};

// The keys of the school `uai`, or nothing while the hub has not sent them.
// corrupt when the record cannot be read.
Result<std::optional<SchoolKeys>> findSchoolKeys(storage::Connection& conn, const std::string& uai);

}  // namespace cartable::federated
