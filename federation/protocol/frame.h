// Length-prefixed frames: a 4-byte big-endian length, then that many bytes.
// Sans-IO: the decoder is fed whatever the socket delivered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace cartable::federation {

// Largest frame body: a 1 MiB plaintext plus the 17-byte secretstream overhead.
// The replication layer keeps its batches below 1 MiB.
inline constexpr std::size_t kMaxFrameBytes = (std::size_t{1} << 20) + 17;
inline constexpr std::size_t kFrameHeaderBytes = 4;

// The frame carrying `payload` (1 to kMaxFrameBytes bytes; asserted).
std::string encodeFrame(std::string_view payload);

class FrameDecoder {
 public:
  // Appends bytes from the wire. Fails (malformed, naming the announced length
  // and the cap) on a zero length or a length above kMaxFrameBytes, before any
  // byte of that body is buffered; after a failure every call fails the same way.
  Status feed(std::string_view bytes);
  // The next complete frame body, oldest first.
  std::optional<std::string> next();
  // Bytes held: complete frames not yet taken plus the partial frame.
  std::size_t buffered() const { return buffered_; }

 private:
  Status checkLength(std::uint32_t length);

  std::string header_;
  std::string body_;
  std::size_t body_length_ = 0;
  bool in_body_ = false;
  std::deque<std::string> ready_;
  std::size_t buffered_ = 0;
  std::optional<Error> failure_;
};

}  // namespace cartable::federation
