// Time-based one-time passwords (RFC 6238, on HOTP RFC 4226) for the second
// factor, with the base32 secrets and otpauth:// URIs that authenticator apps
// read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"

namespace cartable::auth {

enum class TotpAlgorithm { sha1, sha256, sha512 };

// RFC 4648 base32 without padding (upper case); decoding accepts lower case,
// spaces and padding, and returns nothing on any other character.
std::string base32Encode(const std::vector<std::uint8_t>& data);
std::optional<std::vector<std::uint8_t>> base32Decode(std::string_view text);

// HOTP value (RFC 4226) truncated to `digits` digits.
std::uint32_t hotp(const std::vector<std::uint8_t>& key, std::uint64_t counter, int digits,
                   TotpAlgorithm algorithm = TotpAlgorithm::sha1);

// TOTP value for Unix time `now` with a step of `step_seconds` (T0 = 0).
std::uint32_t totp(const std::vector<std::uint8_t>& key, Seconds now, int digits = 6,
                   int step_seconds = 30, TotpAlgorithm algorithm = TotpAlgorithm::sha1);

// Checks a 6-digit code typed by a user against steps now-1, now, now+1.
// Returns the matched time step, so the caller can store it and refuse any
// code at or before that step (no replay). `last_used_step` is the stored
// value, 0 when none.
std::optional<std::int64_t> verifyTotp(const std::vector<std::uint8_t>& key, std::string_view code,
                                       Seconds now, std::int64_t last_used_step);

// Why verifyTotp refused a code, so the person is told what to do.
enum class TotpRefusal {
  malformed,  // not six digits
  replayed,   // the code of a step already used: wait for the next code
  expired,    // the code of a step up to kTotpExpiredSteps away: the phone's clock is off
  wrong,      // anything else
};
inline constexpr std::int64_t kTotpExpiredSteps = 10;

// Called only after verifyTotp refused `code`, with the same arguments.
TotpRefusal explainTotpRefusal(const std::vector<std::uint8_t>& key, std::string_view code,
                               Seconds now, std::int64_t last_used_step);

// otpauth://totp/<issuer>:<account>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30
// with issuer and account percent-encoded.
std::string otpauthUri(const std::vector<std::uint8_t>& key, std::string_view issuer,
                       std::string_view account);

}  // namespace cartable::auth
