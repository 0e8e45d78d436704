#include <sodium.h>

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <exception>
#include <map>
#include <mutex>

#include "core/base/log.h"
#include "federation/protocol/connection.h"
#include "federation/protocol/handshake_io.h"

namespace cartable::federation {
namespace {

using boost::asio::ip::tcp;

constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

// The hub's side of one handshake, from the accepted socket to a Connection.
class ServerSession : public std::enable_shared_from_this<ServerSession> {
 public:
  ServerSession(tcp::socket socket, std::string remote, ServerHandshake handshake,
                Listener::AcceptCheck accept, Listener::ConnectionHandler on_connection,
                ConnectionOptions options, std::shared_ptr<void> slot)
      : io_(std::move(socket), remote),
        remote_(std::move(remote)),
        handshake_(std::move(handshake)),
        accept_(std::move(accept)),
        on_connection_(std::move(on_connection)),
        options_(options),
        slot_(std::move(slot)) {}

  void run() {
    io_.armDeadline(options_.handshake_timeout, [self = shared_from_this()] {});
    io_.readFrame([self = shared_from_this()](Result<std::string> frame) {
      if (!frame.ok()) return self->drop(frame.error());
      const Status parsed = self->handshake_.onClientHello(*frame);
      if (!parsed.ok()) return self->drop(parsed.error());
      self->io_.setPeer(self->handshake_.clientName() + " (" + self->remote_ + ")");
      self->decide();
    });
  }

 private:
  void decide() {
    const ClientHelloInfo info{handshake_.clientName(), handshake_.clientSignPublic(),
                               handshake_.clientCertificate(), remote_};
    Status accepted = okStatus();
    try {
      accepted = accept_(info);
    } catch (const std::exception& e) {
      accepted = makeError(Errc::internal, std::string("accept check failed: ") + e.what());
    }
    if (!accepted.ok()) {
      log::warning("federation: refused " + io_.peer() + ": " + accepted.error().message);
      return close();
    }
    io_.writeFrame(handshake_.serverHello(), [self = shared_from_this()](Status written) {
      if (!written.ok()) return self->drop(written.error());
      self->io_.readFrame([self](Result<std::string> frame) { self->onFinish(std::move(frame)); });
    });
  }

  void onFinish(Result<std::string> frame) {
    if (!frame.ok()) return drop(frame.error());
    auto outcome = handshake_.onClientFinish(*frame);
    if (!outcome.ok()) return drop(outcome.error());
    io_.cancelDeadline();
    slot_.reset();  // the handshake is over: the connection no longer counts
    auto connection = std::make_shared<Connection>(
        std::move(io_.socket()), std::move(outcome).value(), io_.takeDecoder(), options_);
    log::info("federation: " + connection->peerName() + " connected from " +
              connection->remoteAddress());
    on_connection_(std::move(connection));
  }

  void drop(const Error& error) {
    const std::string reason = io_.timedOut()
                                   ? "did not complete within " +
                                         std::to_string(options_.handshake_timeout.count()) + " ms"
                                   : error.message;
    log::warning("federation: handshake with " + io_.peer() + " failed: " + reason);
    close();
  }

  void close() {
    io_.cancelDeadline();
    io_.closeSocket();
  }

  detail::HandshakeIo io_;
  std::string remote_;
  ServerHandshake handshake_;
  Listener::AcceptCheck accept_;
  Listener::ConnectionHandler on_connection_;
  ConnectionOptions options_;
  std::shared_ptr<void> slot_;  // this handshake's place in its address's count
};

}  // namespace

// Handshakes under way per remote address. Sessions end on their own strands,
// hence the mutex; each session holds a slot that gives its place back.
struct Listener::HandshakeCounts {
  std::mutex mutex;
  std::map<std::string, int> by_address;

  // A slot for `address`, or null when it already has `limit` handshakes.
  static std::shared_ptr<void> take(const std::shared_ptr<HandshakeCounts>& counts,
                                    const std::string& address, int limit) {
    {
      std::lock_guard lock(counts->mutex);
      int& held = counts->by_address[address];
      if (held >= limit) return nullptr;
      ++held;
    }
    // Points at the counts (not owned) so that it tests true; the deleter
    // only gives the place back.
    return std::shared_ptr<void>(counts.get(), [counts, address](void*) {
      std::lock_guard lock(counts->mutex);
      if (--counts->by_address[address] <= 0) counts->by_address.erase(address);
    });
  }
};

Listener::Listener(boost::asio::io_context& io, const NodeKeys& keys, std::string own_name,
                   AcceptCheck accept, ConnectionHandler on_connection, ConnectionOptions options,
                   Random& random)
    : io_(io),
      handshakes_(std::make_shared<HandshakeCounts>()),
      acceptor_(boost::asio::make_strand(io)),
      retry_timer_(acceptor_.get_executor()),
      keys_(keys),
      own_name_(std::move(own_name)),
      accept_(std::move(accept)),
      on_connection_(std::move(on_connection)),
      options_(options),
      random_(random) {}

Listener::~Listener() {
  sodium_memzero(keys_.sign_secret.data(), keys_.sign_secret.size());
  sodium_memzero(keys_.box_secret.data(), keys_.box_secret.size());
}

Result<std::shared_ptr<Listener>> Listener::open(boost::asio::io_context& io,
                                                 const std::string& address, std::uint16_t port,
                                                 const NodeKeys& keys, std::string own_name,
                                                 AcceptCheck accept,
                                                 ConnectionHandler on_connection,
                                                 ConnectionOptions options, Random& random) {
  boost::system::error_code error;
  const auto ip = boost::asio::ip::make_address(address, error);
  if (error) {
    return makeError(Errc::invalid_argument,
                     "listen address \"" + address + "\" is not an IP address", "address");
  }
  std::shared_ptr<Listener> listener(new Listener(io, keys, std::move(own_name), std::move(accept),
                                                  std::move(on_connection), options, random));
  const tcp::endpoint endpoint(ip, port);
  tcp::acceptor& acceptor = listener->acceptor_;
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(tcp::acceptor::max_listen_connections, error);
  if (error) {
    return makeError(Errc::unavailable,
                     "cannot listen on " + detail::endpointText(endpoint) + ": " + error.message(),
                     "address");
  }
  listener->port_ = acceptor.local_endpoint(error).port();
  boost::asio::post(acceptor.get_executor(), [weak = std::weak_ptr<Listener>(listener)] {
    if (auto self = weak.lock()) self->acceptNext();
  });
  return listener;
}

void Listener::stop() {
  boost::asio::post(acceptor_.get_executor(), [weak = weak_from_this()] {
    auto self = weak.lock();
    if (!self) return;
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_timer_.cancel();
  });
}

void Listener::acceptNext() {
  if (!acceptor_.is_open()) return;
  next_socket_.emplace(boost::asio::make_strand(io_));
  acceptor_.async_accept(*next_socket_,
                         [weak = weak_from_this()](const boost::system::error_code& error) {
                           if (auto self = weak.lock()) self->onAccepted(error);
                         });
}

void Listener::onAccepted(const boost::system::error_code& error) {
  if (error == boost::asio::error::operation_aborted) return;
  if (error) {
    // Out of descriptors or memory: wait instead of spinning on the error.
    log::warning("federation: accepting a connection failed: " + error.message());
    retry_timer_.expires_after(kAcceptRetryDelay);
    retry_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& waited) {
      auto self = weak.lock();
      if (self && !waited) self->acceptNext();
    });
    return;
  }
  tcp::socket socket = std::move(*next_socket_);
  boost::system::error_code ignored;
  const tcp::endpoint peer = socket.remote_endpoint(ignored);
  const std::string remote = detail::endpointText(peer);
  auto slot = HandshakeCounts::take(handshakes_, peer.address().to_string(),
                                    options_.max_handshakes_per_address);
  if (!slot) {
    log::warning("federation: refused " + remote + ": " +
                 std::to_string(options_.max_handshakes_per_address) +
                 " handshakes already under way from that address");
    socket.close(ignored);
  } else {
    ServerHandshake handshake(keys_, own_name_, random_);
    std::make_shared<ServerSession>(std::move(socket), remote, std::move(handshake), accept_,
                                    on_connection_, options_, std::move(slot))
        ->run();
  }
  acceptNext();
}

}  // namespace cartable::federation
