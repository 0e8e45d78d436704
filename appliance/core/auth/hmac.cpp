#include "core/auth/hmac.h"

#include <sodium.h>

#include <bit>

namespace cartable::auth {
namespace {

constexpr std::size_t kSha1BlockBytes = 64;

class Sha1 {
 public:
  Sha1() = default;
  Sha1(const Sha1&) = delete;
  Sha1& operator=(const Sha1&) = delete;
  // The block may hold key material (HMAC pads).
  ~Sha1() { sodium_memzero(block_.data(), block_.size()); }

  void update(std::span<const std::uint8_t> data) {
    for (std::uint8_t byte : data) {
      block_[block_used_++] = byte;
      if (block_used_ == kSha1BlockBytes) compressBlock();
    }
    total_bytes_ += data.size();
  }

  std::array<std::uint8_t, 20> finish() {
    const std::uint64_t total_bits = total_bytes_ * 8;
    // Padding: a single 1 bit, zeros, then the message length in bits (big-endian).
    block_[block_used_++] = 0x80;
    if (block_used_ > kSha1BlockBytes - 8) {
      while (block_used_ < kSha1BlockBytes) block_[block_used_++] = 0;
      compressBlock();
    }
    while (block_used_ < kSha1BlockBytes - 8) block_[block_used_++] = 0;
    for (int i = 7; i >= 0; --i)
      block_[block_used_++] = static_cast<std::uint8_t>(total_bits >> (8 * i));
    compressBlock();

    std::array<std::uint8_t, 20> digest{};
    for (std::size_t i = 0; i < digest.size(); ++i) {
      digest[i] = static_cast<std::uint8_t>(state_[i / 4] >> (24 - 8 * (i % 4)));
    }
    return digest;
  }

 private:
  void compressBlock() {
    std::array<std::uint32_t, 80> w{};
    for (std::size_t t = 0; t < 16; ++t) {
      w[t] = std::uint32_t{block_[4 * t]} << 24 | std::uint32_t{block_[4 * t + 1]} << 16 |
             std::uint32_t{block_[4 * t + 2]} << 8 | std::uint32_t{block_[4 * t + 3]};
    }
    for (std::size_t t = 16; t < 80; ++t) {
      w[t] = std::rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    }
    std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3], e = state_[4];
    for (std::size_t t = 0; t < 80; ++t) {
      const std::uint32_t temp =
          std::rotl(a, 5) + roundFunction(t, b, c, d) + e + roundConstant(t) + w[t];
      e = d;
      d = c;
      c = std::rotl(b, 30);
      b = a;
      a = temp;
    }
    state_[0] += a;
    state_[1] += b;
    state_[2] += c;
    state_[3] += d;
    state_[4] += e;
    block_used_ = 0;
  }

  static std::uint32_t roundFunction(std::size_t t, std::uint32_t b, std::uint32_t c,
                                     std::uint32_t d) {
    if (t < 20) return (b & c) | (~b & d);
    if (t < 40) return b ^ c ^ d;
    if (t < 60) return (b & c) | (b & d) | (c & d);
    return b ^ c ^ d;
  }

  static std::uint32_t roundConstant(std::size_t t) {
    if (t < 20) return 0x5a827999;
    if (t < 40) return 0x6ed9eba1;
    if (t < 60) return 0x8f1bbcdc;
    return 0xca62c1d6;
  }

  std::array<std::uint32_t, 5> state_ = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
                                         0xc3d2e1f0};
  std::array<std::uint8_t, kSha1BlockBytes> block_{};
  std::size_t block_used_ = 0;
  std::uint64_t total_bytes_ = 0;
};

}  // namespace

std::array<std::uint8_t, 20> sha1(std::span<const std::uint8_t> message) {
  Sha1 hash;
  hash.update(message);
  return hash.finish();
}

Bytes hmacSha1(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message) {
  std::array<std::uint8_t, kSha1BlockBytes> block_key{};
  if (key.size() > kSha1BlockBytes) {
    const auto hashed_key = sha1(key);
    std::copy(hashed_key.begin(), hashed_key.end(), block_key.begin());
  } else {
    std::copy(key.begin(), key.end(), block_key.begin());
  }

  std::array<std::uint8_t, kSha1BlockBytes> pad{};
  for (std::size_t i = 0; i < pad.size(); ++i) pad[i] = block_key[i] ^ 0x36;
  Sha1 inner;
  inner.update(pad);
  inner.update(message);
  const auto inner_digest = inner.finish();

  for (std::size_t i = 0; i < pad.size(); ++i) pad[i] = block_key[i] ^ 0x5c;
  Sha1 outer;
  outer.update(pad);
  outer.update(inner_digest);
  const auto digest = outer.finish();

  sodium_memzero(block_key.data(), block_key.size());
  sodium_memzero(pad.data(), pad.size());
  return Bytes(digest.begin(), digest.end());
}

Bytes hmacSha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message) {
  crypto_auth_hmacsha256_state state;
  Bytes mac(crypto_auth_hmacsha256_BYTES);
  crypto_auth_hmacsha256_init(&state, key.data(), key.size());
  crypto_auth_hmacsha256_update(&state, message.data(), message.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  return mac;
}

Bytes hmacSha512(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message) {
  crypto_auth_hmacsha512_state state;
  Bytes mac(crypto_auth_hmacsha512_BYTES);
  crypto_auth_hmacsha512_init(&state, key.data(), key.size());
  crypto_auth_hmacsha512_update(&state, message.data(), message.size());
  crypto_auth_hmacsha512_final(&state, mac.data());
  return mac;
}

}  // namespace cartable::auth
