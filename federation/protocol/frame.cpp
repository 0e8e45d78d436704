#include "federation/protocol/frame.h"

#include <sodium.h>

#include <algorithm>
#include <cassert>

namespace cartable::federation {

namespace {
constexpr std::size_t kReserveBytes = 64 * 1024;
}

static_assert(kMaxFrameBytes == (1u << 20) + crypto_secretstream_xchacha20poly1305_ABYTES);

std::string encodeFrame(std::string_view payload) {
  assert(!payload.empty() && payload.size() <= kMaxFrameBytes);
  const auto length = static_cast<std::uint32_t>(payload.size());
  std::string frame;
  frame.reserve(kFrameHeaderBytes + payload.size());
  for (int shift = 24; shift >= 0; shift -= 8) {
    frame.push_back(static_cast<char>((length >> shift) & 0xff));
  }
  frame.append(payload);
  return frame;
}

Status FrameDecoder::checkLength(std::uint32_t length) {
  if (length == 0) {
    failure_ = makeError(
        Errc::malformed,
        "frame announces 0 bytes; a frame holds 1 to " + std::to_string(kMaxFrameBytes) + " bytes",
        "frame length");
  } else if (length > kMaxFrameBytes) {
    failure_ = makeError(Errc::malformed,
                         "frame announces " + std::to_string(length) + " bytes, above the cap of " +
                             std::to_string(kMaxFrameBytes) + " bytes",
                         "frame length");
  }
  if (failure_) return *failure_;
  return okStatus();
}

Status FrameDecoder::feed(std::string_view bytes) {
  if (failure_) return *failure_;
  while (!bytes.empty()) {
    if (!in_body_) {
      const std::size_t count = std::min(kFrameHeaderBytes - header_.size(), bytes.size());
      header_.append(bytes.substr(0, count));
      bytes.remove_prefix(count);
      buffered_ += count;
      if (header_.size() < kFrameHeaderBytes) break;
      std::uint32_t length = 0;
      for (char c : header_) length = (length << 8) | static_cast<std::uint8_t>(c);
      CARTABLE_RETURN_IF_ERROR(checkLength(length));
      buffered_ -= header_.size();
      header_.clear();
      body_length_ = length;
      // Reserve what a peer can make us hold cheaply, not what it announces.
      body_.reserve(std::min<std::size_t>(length, kReserveBytes));
      in_body_ = true;
      continue;
    }
    const std::size_t count = std::min(body_length_ - body_.size(), bytes.size());
    body_.append(bytes.substr(0, count));
    bytes.remove_prefix(count);
    buffered_ += count;
    if (body_.size() == body_length_) {
      ready_.push_back(std::move(body_));
      body_ = std::string();
      in_body_ = false;
    }
  }
  return okStatus();
}

std::optional<std::string> FrameDecoder::next() {
  if (ready_.empty()) return std::nullopt;
  std::string frame = std::move(ready_.front());
  ready_.pop_front();
  buffered_ -= frame.size();
  return frame;
}

}  // namespace cartable::federation
