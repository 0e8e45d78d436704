// The federation channel over TCP (Boost.Asio): the only part of the protocol
// doing I/O. A school dials its hub with connectToHub(); the hub runs a
// Listener. Both run the handshake (handshake.h) and then hand over a
// Connection carrying SecretChannel frames. Any protocol or decryption error
// drops the connection and is logged naming the peer and the reason.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/base/random.h"
#include "core/base/result.h"
#include "federation/identity/node_keys.h"
#include "federation/protocol/frame.h"
#include "federation/protocol/handshake.h"
#include "federation/protocol/secret_channel.h"

namespace cartable::federation {

struct ConnectionOptions {
  // An empty `message` is sent when nothing else was sent for this long.
  std::chrono::milliseconds keepalive{30'000};
  // The connection is dropped when no frame arrived for this long.
  std::chrono::milliseconds idle_timeout{90'000};
  // Connecting plus the three handshake messages must fit in this.
  std::chrono::milliseconds handshake_timeout{10'000};
  // Handshakes under way from one IP address (listener side); a connection
  // beyond is closed at once, so that one address cannot hold the hub's
  // sockets with connections that never finish their handshake.
  int max_handshakes_per_address = 16;
};

// An authenticated link. Every callback runs on the connection's strand;
// send(), close() and pendingBytes() may be called from any thread.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using MessageHandler = std::function<void(std::string plaintext, Tag tag)>;
  using ClosedHandler = std::function<void(Status reason)>;

  // Made by connectToHub() and Listener once the handshake succeeded. The
  // socket's executor must be a strand; `pending` holds what was read past
  // the last handshake message.
  Connection(boost::asio::ip::tcp::socket socket, HandshakeOutcome outcome, FrameDecoder pending,
             ConnectionOptions options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts reading and the timers. `on_message` gets every message except
  // keepalives (empty `message`s); `on_closed` is called exactly once: ok for a
  // clean close from either side, otherwise the reason the link was dropped.
  void start(MessageHandler on_message, ClosedHandler on_closed);
  // Queues `plaintext` (at most 1 MiB); an empty `message` is a keepalive and
  // is not delivered. Tag::close behaves as close(). Ignored once closing.
  void send(std::string plaintext, Tag tag = Tag::message);
  // Sends the close frame after what is queued, then waits for the peer's.
  void close();
  // Drops the link now, without waiting for the peer: `on_closed` gets an
  // error saying `reason`. For a node stopping while a peer does not answer.
  void abort(std::string reason);
  // Plaintext bytes queued and not yet written to the socket (backpressure).
  std::size_t pendingBytes() const { return pending_bytes_.load(); }

  const std::string& peerName() const { return peer_name_; }
  const std::array<std::uint8_t, 32>& peerSignPublic() const { return peer_sign_public_; }
  const std::string& peerCertificate() const { return peer_certificate_; }
  const std::array<std::uint8_t, 32>& transcriptHash() const { return transcript_hash_; }
  // "address:port" of the peer.
  const std::string& remoteAddress() const { return remote_address_; }

 private:
  struct Outgoing {
    std::string frame;
    std::size_t counted = 0;  // plaintext bytes counted in pending_bytes_
  };

  void enqueue(std::string plaintext, Tag tag, std::size_t counted);
  void beginClose();
  void writeNext();
  void onWritten(const boost::system::error_code& error);
  void readMore();
  void onRead(const boost::system::error_code& error, std::size_t bytes);
  void processFrames();
  void handleOpened(Opened opened);
  void armKeepalive();
  void armIdle();
  void finish(Status reason);
  std::string describePeer() const;

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer keepalive_timer_;
  boost::asio::steady_timer idle_timer_;
  SecretChannel channel_;
  FrameDecoder decoder_;
  ConnectionOptions options_;
  std::string peer_name_;
  std::array<std::uint8_t, 32> peer_sign_public_{};
  std::string peer_certificate_;
  std::array<std::uint8_t, 32> transcript_hash_{};
  std::string remote_address_;

  MessageHandler on_message_;
  ClosedHandler on_closed_;
  std::deque<Outgoing> queue_;
  std::array<char, 64 * 1024> read_buffer_{};
  std::atomic<std::size_t> pending_bytes_{0};
  std::chrono::steady_clock::time_point last_frame_at_;
  bool started_ = false;
  bool writing_ = false;
  bool sent_since_tick_ = false;
  bool close_queued_ = false;
  bool close_written_ = false;
  bool finished_ = false;
};

using ConnectCallback = std::function<void(Result<std::shared_ptr<Connection>>)>;

// Dials the hub at host:port and runs the client handshake (see
// ClientHandshake for `certificate` and `pinned_hub`). `callback` runs once,
// with the connection (not yet started) or the error: unavailable when the hub
// cannot be reached, closes the link (a refusal) or the handshake times out;
// the handshake's own error otherwise.
void connectToHub(boost::asio::io_context& io, const std::string& host, std::uint16_t port,
                  const NodeKeys& keys, std::string own_name, std::string certificate,
                  std::optional<std::array<std::uint8_t, 32>> pinned_hub, ConnectCallback callback,
                  ConnectionOptions options = {}, Random& random = SecureRandom::instance());

// What a client claims in its ClientHello, shown to the hub before it answers.
struct ClientHelloInfo {
  std::string name;
  std::array<std::uint8_t, 32> sign_public{};
  std::string certificate;  // bytes, empty during enrollment
  std::string remote_address;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Decides whether to answer a ClientHello; a refusal closes the connection
  // before the ServerHello and is logged with its reason.
  using AcceptCheck = std::function<Status(const ClientHelloInfo&)>;
  // Receives each authenticated connection (not yet started).
  using ConnectionHandler = std::function<void(std::shared_ptr<Connection>)>;

  // Binds address:port (port 0 picks a free port) and starts accepting.
  // unavailable naming the address when it cannot bind.
  static Result<std::shared_ptr<Listener>> open(boost::asio::io_context& io,
                                                const std::string& address, std::uint16_t port,
                                                const NodeKeys& keys, std::string own_name,
                                                AcceptCheck accept, ConnectionHandler on_connection,
                                                ConnectionOptions options = {},
                                                Random& random = SecureRandom::instance());
  ~Listener();

  // The bound port.
  std::uint16_t port() const { return port_; }
  // Stops accepting (as does destroying the listener); handshakes under way
  // and established connections go on.
  void stop();

 private:
  Listener(boost::asio::io_context& io, const NodeKeys& keys, std::string own_name,
           AcceptCheck accept, ConnectionHandler on_connection, ConnectionOptions options,
           Random& random);
  void acceptNext();
  void onAccepted(const boost::system::error_code& error);

  struct HandshakeCounts;

  boost::asio::io_context& io_;
  std::shared_ptr<HandshakeCounts> handshakes_;  // under way, per remote address
  // Declared before the acceptor, so that a pending accept is cancelled first.
  std::optional<boost::asio::ip::tcp::socket> next_socket_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  NodeKeys keys_;
  std::string own_name_;
  AcceptCheck accept_;
  ConnectionHandler on_connection_;
  ConnectionOptions options_;
  Random& random_;
  std::uint16_t port_ = 0;
};

}  // namespace cartable::federation
