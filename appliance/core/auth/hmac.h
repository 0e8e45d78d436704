// Message authentication codes for one-time passwords. libsodium offers
// HMAC-SHA-256/512 but no SHA-1, which RFC 6238 authenticator apps default to,
// so SHA-1 (FIPS 180-4) is implemented here. Internal to the auth module.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace cartable::auth {

using Bytes = std::vector<std::uint8_t>;

std::array<std::uint8_t, 20> sha1(std::span<const std::uint8_t> message);

// HMAC (RFC 2104) with a key of any length.
Bytes hmacSha1(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message);
Bytes hmacSha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message);
Bytes hmacSha512(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message);

}  // namespace cartable::auth
