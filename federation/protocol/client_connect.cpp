#include <boost/asio/connect.hpp>
#include <boost/asio/strand.hpp>

#include "core/base/log.h"
#include "federation/protocol/connection.h"
#include "federation/protocol/handshake_io.h"

namespace cartable::federation {
namespace {

using boost::asio::ip::tcp;

// One attempt to reach the hub: resolve, connect, three handshake messages.
class ClientConnector : public std::enable_shared_from_this<ClientConnector> {
 public:
  ClientConnector(boost::asio::io_context& io, const std::string& host, std::uint16_t port,
                  ClientHandshake handshake, ConnectCallback callback, ConnectionOptions options)
      : strand_(boost::asio::make_strand(io)),
        resolver_(strand_),
        io_(tcp::socket(strand_), "hub at " + host + ":" + std::to_string(port)),
        host_(host),
        port_(port),
        handshake_(std::move(handshake)),
        callback_(std::move(callback)),
        options_(options) {}

  void run() {
    boost::asio::post(strand_, [self = shared_from_this()] { self->resolve(); });
  }

 private:
  void resolve() {
    io_.armDeadline(options_.handshake_timeout,
                    [self = shared_from_this()] { self->resolver_.cancel(); });
    resolver_.async_resolve(
        host_, std::to_string(port_),
        [self = shared_from_this()](const boost::system::error_code& error,
                                    tcp::resolver::results_type endpoints) {
          if (error) return self->fail("cannot resolve " + self->host_ + ": " + error.message());
          self->connect(endpoints);
        });
  }

  void connect(const tcp::resolver::results_type& endpoints) {
    boost::asio::async_connect(
        io_.socket(), endpoints,
        [self = shared_from_this()](const boost::system::error_code& error, const tcp::endpoint&) {
          if (error)
            return self->fail("cannot connect to " + self->io_.peer() + ": " + error.message());
          self->io_.writeFrame(self->handshake_.hello(),
                               [self](Status written) { self->onHelloSent(written); });
        });
  }

  void onHelloSent(Status written) {
    if (!written.ok()) return fail(written.error());
    io_.readFrame([self = shared_from_this()](Result<std::string> frame) {
      if (!frame.ok()) return self->fail(frame.error());
      auto finish = self->handshake_.onServerHello(*frame);
      if (!finish.ok()) return self->fail(finish.error());
      self->io_.writeFrame(*finish, [self](Status sent) { self->onFinishSent(sent); });
    });
  }

  void onFinishSent(Status sent) {
    if (!sent.ok()) return fail(sent.error());
    if (done_) return;
    auto outcome = handshake_.outcome();
    if (!outcome.ok()) return fail(outcome.error());
    done_ = true;
    io_.cancelDeadline();
    auto connection = std::make_shared<Connection>(
        std::move(io_.socket()), std::move(outcome).value(), io_.takeDecoder(), options_);
    log::info("federation: connected to " + connection->peerName() + " (" +
              connection->remoteAddress() + ")");
    callback_(std::move(connection));
  }

  void fail(const std::string& message) {
    fail(makeError(Errc::unavailable, message, "connection"));
  }

  void fail(Error error) {
    if (done_) return;
    done_ = true;
    if (io_.timedOut()) {
      error = makeError(Errc::unavailable,
                        "handshake with " + io_.peer() + " did not complete within " +
                            std::to_string(options_.handshake_timeout.count()) + " ms",
                        "connection");
    }
    io_.cancelDeadline();
    io_.closeSocket();
    log::warning("federation: cannot link to the hub: " + error.message);
    callback_(std::move(error));
  }

  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  tcp::resolver resolver_;
  detail::HandshakeIo io_;
  std::string host_;
  std::uint16_t port_;
  ClientHandshake handshake_;
  ConnectCallback callback_;
  ConnectionOptions options_;
  bool done_ = false;
};

}  // namespace

void connectToHub(boost::asio::io_context& io, const std::string& host, std::uint16_t port,
                  const NodeKeys& keys, std::string own_name, std::string certificate,
                  std::optional<std::array<std::uint8_t, 32>> pinned_hub, ConnectCallback callback,
                  ConnectionOptions options, Random& random) {
  ClientHandshake handshake(keys, std::move(own_name), std::move(certificate), pinned_hub, random);
  std::make_shared<ClientConnector>(io, host, port, std::move(handshake), std::move(callback),
                                    options)
      ->run();
}

}  // namespace cartable::federation
