// Moving whole handshake messages over a socket, and the common timeout.
// Internal to federation/protocol.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <functional>
#include <string>

#include "core/base/result.h"
#include "federation/protocol/frame.h"

namespace cartable::federation::detail {

// No handshake message comes near this; more buffered is an attack or a bug.
inline constexpr std::size_t kMaxHandshakeBytes = 16 * 1024;

std::string endpointText(const boost::asio::ip::tcp::endpoint& endpoint);

// The handshake's socket, its decoder and its deadline. Its owner keeps it
// alive by capturing a shared_ptr to itself in every handler it passes.
class HandshakeIo {
 public:
  using FrameHandler = std::function<void(Result<std::string>)>;
  using WriteHandler = std::function<void(Status)>;

  HandshakeIo(boost::asio::ip::tcp::socket socket, std::string peer);

  boost::asio::ip::tcp::socket& socket() { return socket_; }
  const std::string& peer() const { return peer_; }
  void setPeer(std::string peer) { peer_ = std::move(peer); }

  // Closes the socket (and runs `also`) when `timeout` passes first, so
  // pending operations fail; timedOut() then tells why.
  void armDeadline(std::chrono::milliseconds timeout, std::function<void()> also = {});
  bool timedOut() const { return timed_out_; }
  void cancelDeadline() { deadline_.cancel(); }

  // Calls `handler` with the next whole frame.
  void readFrame(FrameHandler handler);
  void writeFrame(const std::string& payload, WriteHandler handler);
  // What was read past the last frame taken.
  FrameDecoder takeDecoder() { return std::move(decoder_); }
  void closeSocket();

 private:
  Error readError(const boost::system::error_code& error) const;

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer deadline_;
  std::string peer_;
  FrameDecoder decoder_;
  std::array<char, 4096> buffer_{};
  std::string outgoing_;
  bool timed_out_ = false;
};

}  // namespace cartable::federation::detail
