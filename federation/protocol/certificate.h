// What the hub grants a school at enrollment: the school's keys signed by the
// hub, with a validity window and a serial for revocation.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "federation/identity/node_keys.h"

namespace cartable::federation {

struct Certificate {
  std::string subject;  // "school:<UAI>"
  std::array<std::uint8_t, 32> sign_public{};
  std::array<std::uint8_t, 32> box_public{};
  Seconds issued_at = 0;
  Seconds expires_at = 0;  // first second at which it is no longer valid
  std::uint64_t serial = 0;
  std::array<std::uint8_t, 64> signature{};  // the hub's Ed25519 signature

  // Canonical binary form, version 1: version (u8), subject (u16 length +
  // bytes), sign_public, box_public, issued_at, expires_at (i64 big-endian),
  // serial (u64 big-endian), signature.
  std::string encode() const;
  // Reads encode()'s output; malformed naming the field on any defect
  // (truncation, unknown version, empty subject, trailing bytes).
  static Result<Certificate> decode(std::string_view bytes);
};

// Signs a certificate with the hub's key. `subject` is 1 to 255 bytes (asserted).
Certificate issueCertificate(std::string subject, const std::array<std::uint8_t, 32>& sign_public,
                             const std::array<std::uint8_t, 32>& box_public, Seconds issued_at,
                             Seconds expires_at, std::uint64_t serial, const NodeKeys& hub);

// permission_denied "certificate signature does not verify" when the hub did
// not sign these fields; permission_denied naming the date (ISO 8601, UTC)
// when `now` is before issued_at or at/after expires_at.
Status verifyCertificate(const Certificate& certificate,
                         const std::array<std::uint8_t, 32>& hub_sign_public, Seconds now);

// verifyCertificate(), and the certificate names `subject` and `sign_public`:
// what the hub checks when a school presents a certificate in its ClientHello.
Status verifyCertificateFor(const Certificate& certificate, std::string_view subject,
                            const std::array<std::uint8_t, 32>& sign_public,
                            const std::array<std::uint8_t, 32>& hub_sign_public, Seconds now);

}  // namespace cartable::federation
