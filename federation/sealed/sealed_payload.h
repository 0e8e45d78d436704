// Payloads one school sends another through the hub (credential verifiers,
// transfer dossiers): signed by the sender, then sealed to the recipient's
// X25519 key with crypto_box_seal, so that the hub relays them without being
// able to read them. The clear header says only who sends, to whom and what
// for; the signature covers it, so a payload redirected to another school or
// altered on the way is refused when opened.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "federation/identity/node_keys.h"

namespace cartable::federation {

struct SealedHeader {
  std::string from;     // e.g. "school:0541234Y"
  std::string to;       // e.g. "school:0750654D"
  std::string purpose;  // e.g. "credential", "dossier"
};

// The envelope: version (u8), from, to, purpose (short strings), then the
// sealed box of (Ed25519 signature over header and plaintext || plaintext).
std::string sealPayload(const NodeKeys& sender, const SealedHeader& header,
                        const std::array<std::uint8_t, 32>& recipient_box_public,
                        std::string_view plaintext);

// The clear header, for the hub to route the envelope; malformed naming the
// field when the envelope is not one.
Result<SealedHeader> readSealedHeader(std::string_view envelope);

// Opens an envelope addressed to `recipient_name`: permission_denied when it
// names another recipient, when it cannot be opened with `recipient`'s key
// (altered, or sealed to another school), or when the signature of the sender
// (whose signing key is `sender_sign_public`) does not verify.
Result<std::string> openPayload(std::string_view envelope, const NodeKeys& recipient,
                                std::string_view recipient_name,
                                const std::array<std::uint8_t, 32>& sender_sign_public);

}  // namespace cartable::federation
