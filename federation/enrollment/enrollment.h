// Enrollment of a school with its hub, the parts both sides share: the
// one-time code the hub admin hands over, the proofs each side gives of
// knowing it, and the messages exchanged inside the (not yet trusted)
// channel. The code is the only shared secret: the school proves it knows
// the code before the hub grants a certificate, and the hub proves it knows
// it before the school pins the hub's key. Both proofs are bound to the
// channel's transcript, so neither can be replayed on another connection.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "core/base/random.h"
#include "core/base/result.h"

namespace cartable::federation {

using Key32 = std::array<std::uint8_t, 32>;

// The name the hub goes by in handshakes and in the replication log.
inline constexpr const char* kHubPeerName = "hub";

// "school:<UAI>" for a school's UAI, and back (empty when `name` is not one).
std::string schoolPeerName(const std::string& uai);
std::string uaiOfPeer(const std::string& name);

// A fresh code: 100 random bits as 20 base-32 characters in groups of four,
// e.g. "K7QM-2XHP-9D4R-TB6W-ZC3N".
std::string makeEnrollmentCode(Random& random);

// The key derived from a code as typed (case, dashes and spaces ignored, O
// read as 0, I and L as 1). invalid_argument naming "code" when it is not 20
// base-32 characters.
Result<Key32> enrollmentCodeKey(std::string_view code);

// What the school sends, and what the hub sends back, as proof of the code.
Key32 schoolProof(const Key32& code_key, const Key32& transcript_hash);
Key32 hubProof(const Key32& code_key, const Key32& transcript_hash);
bool sameProof(const Key32& a, const Key32& b);  // constant time

struct EnrollRequest {
  std::string uai;
  Key32 box_public{};
  Key32 proof{};
};

struct EnrollGrant {
  std::string hub_name;
  std::string certificate;  // Certificate::encode()
  Key32 proof{};
};

struct EnrollRefusal {
  std::string reason;  // shown to the school's admin as is
};

using EnrollMessage = std::variant<EnrollRequest, EnrollGrant, EnrollRefusal>;

std::string encodeEnrollMessage(const EnrollMessage& message);
Result<EnrollMessage> decodeEnrollMessage(std::string_view bytes);

}  // namespace cartable::federation
