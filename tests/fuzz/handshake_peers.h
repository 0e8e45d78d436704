// A school and a hub with fixed keys and seeded randomness, so that a
// handshake message written by fuzz_make_seeds is still valid when the
// handshake fuzzer replays it.
#pragma once

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/base/random.h"
#include "federation/protocol/handshake.h"

namespace cartable::fuzz {

inline federation::NodeKeys fixedKeys(std::uint8_t tag) {
  if (sodium_init() < 0) std::abort();
  federation::NodeKeys keys;
  std::array<std::uint8_t, 32> seed{};
  seed.fill(tag);
  crypto_sign_seed_keypair(keys.sign_public.data(), keys.sign_secret.data(), seed.data());
  seed[0] ^= 0xff;
  crypto_box_seed_keypair(keys.box_public.data(), keys.box_secret.data(), seed.data());
  return keys;
}

struct HandshakePeers {
  federation::NodeKeys hub = fixedKeys(1);
  federation::NodeKeys school = fixedKeys(2);
  SeededRandom client_random{11};
  SeededRandom server_random{12};
  std::string hub_name = "hub:grand-est";
  std::string school_name = "school:0541234X";
  std::string certificate = "certificate bytes";

  federation::ClientHandshake client() {
    return federation::ClientHandshake(school, school_name, certificate, hub.sign_public,
                                       client_random);
  }
  federation::ServerHandshake server() {
    return federation::ServerHandshake(hub, hub_name, server_random);
  }
};

}  // namespace cartable::fuzz
