// The encrypted link after the handshake: one libsodium secretstream per
// direction. Sans-IO: seal() gives the bytes of a frame body, open() takes one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace cartable::federation {

enum class Tag {
  message,
  end_of_batch,  // secretstream PUSH: the end of a batch the peer may commit
  close,         // secretstream FINAL: nothing follows in this direction
};

struct Opened {
  std::string plaintext;
  Tag tag = Tag::message;
};

namespace detail {
struct ChannelState;
}

class SecretChannel {
 public:
  // Channels are made by the handshake (see handshake.h).
  explicit SecretChannel(std::unique_ptr<detail::ChannelState> state);
  SecretChannel(SecretChannel&&) noexcept;
  SecretChannel& operator=(SecretChannel&&) noexcept;
  // Wipes both keys.
  ~SecretChannel();

  // The frame body carrying `plaintext` (at most 1 MiB, asserted). Nothing may
  // be sealed after a `close` (asserted).
  std::string seal(std::string_view plaintext, Tag tag);
  // Authenticates and decrypts the next frame body from the peer. corrupt,
  // naming the frame number (1 = first frame after the handshake), when it does
  // not authenticate (tampered, reordered, replayed, duplicated, cut), when
  // anything follows the peer's `close`, or after an earlier failure.
  Result<Opened> open(std::string_view frame);

  // The peer's `close` was opened: the stream ended cleanly.
  bool peerClosed() const;
  // Our `close` was sealed.
  bool closedBySelf() const;
  // Frames opened successfully so far.
  std::uint64_t framesOpened() const;

 private:
  std::unique_ptr<detail::ChannelState> state_;
};

}  // namespace cartable::federation
