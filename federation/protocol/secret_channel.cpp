#include "federation/protocol/secret_channel.h"

#include <cassert>

#include "federation/protocol/channel_state.h"

namespace cartable::federation {
namespace detail {

std::unique_ptr<ChannelState> startSending(const ChannelKey& send_key, StreamHeader& header) {
  auto state = std::make_unique<ChannelState>();
  crypto_secretstream_xchacha20poly1305_init_push(&state->push, header.data(), send_key.data());
  return state;
}

Status startReceiving(ChannelState& state, const ChannelKey& receive_key,
                      const StreamHeader& header) {
  if (crypto_secretstream_xchacha20poly1305_init_pull(&state.pull, header.data(),
                                                      receive_key.data()) != 0) {
    return makeError(Errc::corrupt, "the peer's stream header is not usable", "header");
  }
  state.pull_ready = true;
  return okStatus();
}

}  // namespace detail

namespace {

constexpr std::size_t kMaxPlaintextBytes = std::size_t{1} << 20;

unsigned char toSodiumTag(Tag tag) {
  switch (tag) {
    case Tag::end_of_batch:
      return crypto_secretstream_xchacha20poly1305_TAG_PUSH;
    case Tag::close:
      return crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    case Tag::message:
      break;
  }
  return crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
}

std::string frameName(std::uint64_t number) {
  return "frame " + std::to_string(number);
}

}  // namespace

SecretChannel::SecretChannel(std::unique_ptr<detail::ChannelState> state)
    : state_(std::move(state)) {
  assert(state_ && state_->pull_ready);
}
SecretChannel::SecretChannel(SecretChannel&&) noexcept = default;
SecretChannel& SecretChannel::operator=(SecretChannel&&) noexcept = default;
SecretChannel::~SecretChannel() = default;

std::string SecretChannel::seal(std::string_view plaintext, Tag tag) {
  assert(plaintext.size() <= kMaxPlaintextBytes);
  assert(!state_->self_closed);
  std::string frame(plaintext.size() + crypto_secretstream_xchacha20poly1305_ABYTES, '\0');
  crypto_secretstream_xchacha20poly1305_push(
      &state_->push, reinterpret_cast<unsigned char*>(frame.data()), nullptr,
      reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(), nullptr, 0,
      toSodiumTag(tag));
  if (tag == Tag::close) state_->self_closed = true;
  return frame;
}

Result<Opened> SecretChannel::open(std::string_view frame) {
  detail::ChannelState& s = *state_;
  if (s.failure) return *s.failure;
  const std::string name = frameName(s.frames_opened + 1);
  auto fail = [&](std::string message) {
    s.failure = makeError(Errc::corrupt, std::move(message), "frame");
    return *s.failure;
  };
  if (s.peer_closed) return fail(name + " arrives after the peer's close frame");
  if (frame.size() < crypto_secretstream_xchacha20poly1305_ABYTES) {
    return fail(name + " is " + std::to_string(frame.size()) + " bytes, shorter than the " +
                std::to_string(crypto_secretstream_xchacha20poly1305_ABYTES) +
                "-byte authentication tag");
  }
  Opened opened;
  opened.plaintext.resize(frame.size() - crypto_secretstream_xchacha20poly1305_ABYTES);
  unsigned char tag = 0;
  if (crypto_secretstream_xchacha20poly1305_pull(
          &s.pull, reinterpret_cast<unsigned char*>(opened.plaintext.data()), nullptr, &tag,
          reinterpret_cast<const unsigned char*>(frame.data()), frame.size(), nullptr, 0) != 0) {
    return fail(name + " does not authenticate");
  }
  switch (tag) {
    case crypto_secretstream_xchacha20poly1305_TAG_MESSAGE:
      opened.tag = Tag::message;
      break;
    case crypto_secretstream_xchacha20poly1305_TAG_PUSH:
      opened.tag = Tag::end_of_batch;
      break;
    case crypto_secretstream_xchacha20poly1305_TAG_FINAL:
      opened.tag = Tag::close;
      s.peer_closed = true;
      break;
    default:
      return fail(name + " carries tag " + std::to_string(tag) +
                  ", which this protocol never sends");
  }
  ++s.frames_opened;
  return opened;
}

bool SecretChannel::peerClosed() const {
  return state_->peer_closed;
}
bool SecretChannel::closedBySelf() const {
  return state_->self_closed;
}
std::uint64_t SecretChannel::framesOpened() const {
  return state_->frames_opened;
}

}  // namespace cartable::federation
