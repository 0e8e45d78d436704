// Randomness behind an interface: libsodium in production, a seeded stream in
// tests that need repeatable output.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace cartable {

class Random {
 public:
  virtual ~Random() = default;
  virtual void fill(std::span<std::uint8_t> out) = 0;

  // `bytes` random bytes as lowercase hex (2 * bytes characters).
  std::string hex(std::size_t bytes);
  // `bytes` random bytes as unpadded URL-safe base64.
  std::string token(std::size_t bytes);
  // Uniform in [0, bound).
  std::uint32_t uniform(std::uint32_t bound);
};

// Cryptographically secure (libsodium randombytes_buf).
class SecureRandom final : public Random {
 public:
  void fill(std::span<std::uint8_t> out) override;
  static SecureRandom& instance();
};

// Deterministic stream from a seed (ChaCha20 keystream); never for secrets.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::uint64_t seed);
  void fill(std::span<std::uint8_t> out) override;

 private:
  std::uint8_t seed_[32] = {};
  std::uint64_t counter_ = 0;
};

}  // namespace cartable
