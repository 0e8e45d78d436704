#include "core/auth/totp.h"

#include <sodium.h>

#include <array>
#include <cassert>
#include <cstdio>

#include "core/auth/hmac.h"

namespace cartable::auth {
namespace {

constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr int kUserCodeDigits = 6;
constexpr int kDefaultStepSeconds = 30;

// Value of a base32 character, or -1 when it is not one (lower case accepted).
int base32Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

// Lengths modulo 8 that RFC 4648 can produce; others leave stray bits.
bool isCompleteBase32Length(std::size_t symbols) {
  const std::size_t rest = symbols % 8;
  return rest != 1 && rest != 3 && rest != 6;
}

Bytes macFor(TotpAlgorithm algorithm, const std::vector<std::uint8_t>& key,
             std::span<const std::uint8_t> message) {
  switch (algorithm) {
    case TotpAlgorithm::sha256:
      return hmacSha256(key, message);
    case TotpAlgorithm::sha512:
      return hmacSha512(key, message);
    case TotpAlgorithm::sha1:
      break;
  }
  return hmacSha1(key, message);
}

// RFC 4226 section 5.3: 31 bits read at an offset given by the last nibble.
std::uint32_t dynamicTruncation(const Bytes& mac) {
  const std::size_t offset = mac.back() & 0x0f;
  return (std::uint32_t{mac[offset]} & 0x7f) << 24 | std::uint32_t{mac[offset + 1]} << 16 |
         std::uint32_t{mac[offset + 2]} << 8 | std::uint32_t{mac[offset + 3]};
}

std::int64_t timeStep(Seconds now, int step_seconds) {
  assert(step_seconds > 0);
  if (now < 0) return 0;
  return now / step_seconds;
}

std::string codeText(std::uint32_t code) {
  std::array<char, 16> text{};
  std::snprintf(text.data(), text.size(), "%06u", code);
  return std::string(text.data());
}

// The code without spaces if it is exactly six ASCII digits.
std::optional<std::string> normalizedCode(std::string_view code) {
  std::string digits;
  for (char c : code) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return std::nullopt;
    digits.push_back(c);
  }
  if (digits.size() != kUserCodeDigits) return std::nullopt;
  return digits;
}

bool isUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string percentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    if (isUnreserved(c)) {
      out.push_back(c);
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    out.push_back('%');
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0x0f]);
  }
  return out;
}

}  // namespace

std::string base32Encode(const std::vector<std::uint8_t>& data) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::uint8_t byte : data) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kBase32Alphabet[(buffer >> bits) & 0x1f]);
    }
  }
  if (bits > 0) out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 0x1f]);
  return out;
}

std::optional<std::vector<std::uint8_t>> base32Decode(std::string_view text) {
  std::vector<std::uint8_t> out;
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t symbols = 0;
  bool padding_seen = false;
  for (char c : text) {
    if (c == ' ') continue;
    if (c == '=') {
      padding_seen = true;
      continue;
    }
    const int value = base32Value(c);
    if (value < 0 || padding_seen) return std::nullopt;
    buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
    bits += 5;
    ++symbols;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(buffer >> bits));
    }
  }
  if (!isCompleteBase32Length(symbols)) return std::nullopt;
  return out;
}

std::uint32_t hotp(const std::vector<std::uint8_t>& key, std::uint64_t counter, int digits,
                   TotpAlgorithm algorithm) {
  assert(digits >= 1 && digits <= 9);
  std::array<std::uint8_t, 8> message{};
  for (std::size_t i = 0; i < message.size(); ++i) {
    message[i] = static_cast<std::uint8_t>(counter >> (8 * (7 - i)));
  }
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  return dynamicTruncation(macFor(algorithm, key, message)) % modulus;
}

std::uint32_t totp(const std::vector<std::uint8_t>& key, Seconds now, int digits, int step_seconds,
                   TotpAlgorithm algorithm) {
  const auto step = static_cast<std::uint64_t>(timeStep(now, step_seconds));
  return hotp(key, step, digits, algorithm);
}

std::optional<std::int64_t> verifyTotp(const std::vector<std::uint8_t>& key, std::string_view code,
                                       Seconds now, std::int64_t last_used_step) {
  const auto typed = normalizedCode(code);
  if (!typed) return std::nullopt;
  const std::int64_t current = timeStep(now, kDefaultStepSeconds);
  std::optional<std::int64_t> matched;
  // Every candidate is computed and compared, so the time taken does not tell
  // which step matched.
  for (std::int64_t step = current - 1; step <= current + 1; ++step) {
    if (step < 0) continue;
    const std::string expected =
        codeText(hotp(key, static_cast<std::uint64_t>(step), kUserCodeDigits));
    const bool equal = sodium_memcmp(expected.data(), typed->data(), expected.size()) == 0;
    if (equal && step > last_used_step) matched = step;
  }
  return matched;
}

TotpRefusal explainTotpRefusal(const std::vector<std::uint8_t>& key, std::string_view code,
                               Seconds now, std::int64_t last_used_step) {
  const auto typed = normalizedCode(code);
  if (!typed) return TotpRefusal::malformed;
  const std::int64_t current = timeStep(now, kDefaultStepSeconds);
  TotpRefusal refusal = TotpRefusal::wrong;
  for (std::int64_t step = current - kTotpExpiredSteps; step <= current + kTotpExpiredSteps;
       ++step) {
    if (step < 0) continue;
    const std::string expected =
        codeText(hotp(key, static_cast<std::uint64_t>(step), kUserCodeDigits));
    if (sodium_memcmp(expected.data(), typed->data(), expected.size()) != 0) continue;
    // A code of the accepted window was refused only because its step was used.
    if (step >= current - 1 && step <= current + 1 && step <= last_used_step) {
      return TotpRefusal::replayed;
    }
    if (step < current - 1 || step > current + 1) refusal = TotpRefusal::expired;
  }
  return refusal;
}

std::string otpauthUri(const std::vector<std::uint8_t>& key, std::string_view issuer,
                       std::string_view account) {
  const std::string encoded_issuer = percentEncode(issuer);
  return "otpauth://totp/" + encoded_issuer + ":" + percentEncode(account) +
         "?secret=" + base32Encode(key) + "&issuer=" + encoded_issuer +
         "&algorithm=SHA1&digits=" + std::to_string(kUserCodeDigits) +
         "&period=" + std::to_string(kDefaultStepSeconds);
}

}  // namespace cartable::auth
