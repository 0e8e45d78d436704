#include "federation/protocol/handshake_io.h"

namespace cartable::federation::detail {

std::string endpointText(const boost::asio::ip::tcp::endpoint& endpoint) {
  const auto address = endpoint.address();
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return host + ":" + std::to_string(endpoint.port());
}

HandshakeIo::HandshakeIo(boost::asio::ip::tcp::socket socket, std::string peer)
    : socket_(std::move(socket)), deadline_(socket_.get_executor()), peer_(std::move(peer)) {}

void HandshakeIo::armDeadline(std::chrono::milliseconds timeout, std::function<void()> also) {
  deadline_.expires_after(timeout);
  deadline_.async_wait([this, also = std::move(also)](const boost::system::error_code& error) {
    if (error) return;  // cancelled: the handshake ended first
    timed_out_ = true;
    closeSocket();
    if (also) also();
  });
}

void HandshakeIo::closeSocket() {
  boost::system::error_code ignored;
  socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

Error HandshakeIo::readError(const boost::system::error_code& error) const {
  if (error == boost::asio::error::eof) {
    return makeError(Errc::unavailable, peer_ + " closed the connection during the handshake",
                     "connection");
  }
  return makeError(Errc::unavailable,
                   "connection with " + peer_ + " failed during the handshake: " + error.message(),
                   "connection");
}

void HandshakeIo::readFrame(FrameHandler handler) {
  if (auto frame = decoder_.next()) return handler(std::move(*frame));
  socket_.async_read_some(boost::asio::buffer(buffer_), [this, handler = std::move(handler)](
                                                            const boost::system::error_code& error,
                                                            std::size_t bytes) mutable {
    if (error) return handler(readError(error));
    const Status fed = decoder_.feed(std::string_view(buffer_.data(), bytes));
    if (!fed.ok()) return handler(fed.error());
    if (decoder_.buffered() > kMaxHandshakeBytes) {
      return handler(makeError(Errc::malformed,
                               peer_ + " sent more than " + std::to_string(kMaxHandshakeBytes) +
                                   " bytes during the handshake",
                               "connection"));
    }
    readFrame(std::move(handler));
  });
}

void HandshakeIo::writeFrame(const std::string& payload, WriteHandler handler) {
  outgoing_ = encodeFrame(payload);
  boost::asio::async_write(
      socket_, boost::asio::buffer(outgoing_),
      [this, handler = std::move(handler)](const boost::system::error_code& error, std::size_t) {
        if (!error) return handler(okStatus());
        handler(makeError(Errc::unavailable,
                          "cannot write to " + peer_ + " during the handshake: " + error.message(),
                          "connection"));
      });
}

}  // namespace cartable::federation::detail
