// How the handshake builds a SecretChannel. Internal to federation/protocol.
#pragma once

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>

#include "core/base/result.h"
#include "federation/protocol/secret_channel.h"

namespace cartable::federation::detail {

// sodium_init() is idempotent and thread-safe; it fails only without a
// randomness source, which nothing here can work around.
inline void initSodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) std::abort();
}

using ChannelKey = std::array<std::uint8_t, crypto_secretstream_xchacha20poly1305_KEYBYTES>;
using StreamHeader = std::array<std::uint8_t, crypto_secretstream_xchacha20poly1305_HEADERBYTES>;

struct ChannelState {
  crypto_secretstream_xchacha20poly1305_state push{};
  crypto_secretstream_xchacha20poly1305_state pull{};
  bool pull_ready = false;
  bool peer_closed = false;
  bool self_closed = false;
  std::uint64_t frames_opened = 0;
  std::optional<Error> failure;

  ~ChannelState() {
    sodium_memzero(&push, sizeof push);
    sodium_memzero(&pull, sizeof pull);
  }
};

// A state that can seal with `send_key`; `header` receives the stream header
// the peer needs.
std::unique_ptr<ChannelState> startSending(const ChannelKey& send_key, StreamHeader& header);
// Lets `state` open what the peer seals with `receive_key` under `header`.
Status startReceiving(ChannelState& state, const ChannelKey& receive_key,
                      const StreamHeader& header);

}  // namespace cartable::federation::detail
