// A node's long-term identity: an Ed25519 signing key pair and a separate
// X25519 key pair, made at `cartable init`, stored as files readable by the
// service user only (0600).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "core/base/result.h"

namespace cartable::federation {

struct NodeKeys {
  std::array<std::uint8_t, 32> sign_public{};
  std::array<std::uint8_t, 64> sign_secret{};
  std::array<std::uint8_t, 32> box_public{};
  std::array<std::uint8_t, 32> box_secret{};

  // Short printable fingerprint of the signing key, for out-of-band checks:
  // BLAKE2b of sign_public with a 16-byte output, as hex in groups of 4.
  std::string fingerprint() const;
};

// Makes fresh keys.
NodeKeys generateNodeKeys();

// Writes sign.key, sign.pub, box.key, box.pub under `dir` (created 0700 when
// missing); secret files 0600, written to a temporary name, fsynced and
// renamed. Refuses (already_exists) to overwrite existing keys.
Status saveNodeKeys(const NodeKeys& keys, const std::string& dir);

// Reads keys written by saveNodeKeys(); fails naming the file when one is
// missing, of the wrong size, readable by others, or when a public key does
// not match its secret key.
Result<NodeKeys> loadNodeKeys(const std::string& dir);

}  // namespace cartable::federation
