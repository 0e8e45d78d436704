#include "core/base/random.h"

#include <sodium.h>

#include <vector>

namespace cartable {

std::string Random::hex(std::size_t bytes) {
  std::vector<std::uint8_t> raw(bytes);
  fill(raw);
  std::string out(bytes * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), raw.data(), raw.size());
  out.pop_back();
  return out;
}

std::string Random::token(std::size_t bytes) {
  std::vector<std::uint8_t> raw(bytes);
  fill(raw);
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(bytes, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), variant);
  out.resize(out.find('\0'));
  return out;
}

std::uint32_t Random::uniform(std::uint32_t bound) {
  if (bound < 2) return 0;
  // Rejection sampling removes the modulo bias.
  const std::uint32_t limit = UINT32_MAX - (UINT32_MAX % bound);
  for (;;) {
    std::uint8_t raw[4];
    fill(raw);
    const std::uint32_t value = std::uint32_t{raw[0]} | std::uint32_t{raw[1]} << 8 |
                                std::uint32_t{raw[2]} << 16 | std::uint32_t{raw[3]} << 24;
    if (value < limit) return value % bound;
  }
}

void SecureRandom::fill(std::span<std::uint8_t> out) {
  randombytes_buf(out.data(), out.size());
}

SecureRandom& SecureRandom::instance() {
  static SecureRandom random;
  return random;
}

SeededRandom::SeededRandom(std::uint64_t seed) {
  for (int i = 0; i < 8; ++i) seed_[i] = static_cast<std::uint8_t>(seed >> (8 * i));
}

void SeededRandom::fill(std::span<std::uint8_t> out) {
  if (out.empty()) return;
  std::uint8_t nonce[crypto_stream_chacha20_NONCEBYTES] = {};
  for (int i = 0; i < 8; ++i) nonce[i] = static_cast<std::uint8_t>(counter_ >> (8 * i));
  ++counter_;
  crypto_stream_chacha20(out.data(), out.size(), nonce, seed_);
}

}  // namespace cartable
