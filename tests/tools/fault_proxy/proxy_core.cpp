#include "proxy_core.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <string>

#include "connection.h"

namespace cartable::fault_proxy {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

std::string describe(const Endpoint& endpoint) {
  return endpoint.host + ":" + std::to_string(endpoint.port);
}

}  // namespace

ProxyCore::ProxyCore(asio::io_context& context, FaultProxyConfig settings)
    : io(context),
      config(std::move(settings)),
      faults(config.seed),
      strand_(asio::make_strand(context)),
      acceptor_(strand_) {}

Status ProxyCore::listen() {
  error_code error;
  const asio::ip::address address = asio::ip::make_address(config.listen.host, error);
  if (error) {
    return makeError(Errc::invalid_argument,
                     "listen address \"" + config.listen.host + "\" is not an IP address",
                     "listen");
  }
  const tcp::endpoint endpoint(address, config.listen.port);
  acceptor_.open(endpoint.protocol(), error);
  if (!error) acceptor_.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor_.bind(endpoint, error);
  if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
  if (!error) port = acceptor_.local_endpoint(error).port();
  if (error) {
    return makeError(Errc::unavailable,
                     "cannot listen on " + describe(config.listen) + ": " + error.message(),
                     "listen");
  }
  return okStatus();
}

void ProxyCore::acceptNext() {
  acceptor_.async_accept(asio::make_strand(io), [self = shared_from_this()](const error_code& error,
                                                                            tcp::socket socket) {
    if (!self->acceptor_.is_open() || error == asio::error::operation_aborted) return;
    if (!error) {
      self->onAccepted(std::move(socket));
      return self->acceptNext();
    }
    // Out of descriptors, for instance: try again shortly rather than spin.
    auto retry = std::make_shared<asio::steady_timer>(self->strand_);
    retry->expires_after(std::chrono::milliseconds(50));
    retry->async_wait([self, retry](const error_code&) { self->acceptNext(); });
  });
}

void ProxyCore::onAccepted(tcp::socket socket) {
  if (faults.refuse()) {
    ++counters.refused;
    error_code ignored;
    socket.set_option(asio::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
    return;
  }
  ++counters.accepted;
  auto connection = std::make_shared<Connection>(shared_from_this(), std::move(socket));
  {
    std::lock_guard lock(live_mutex_);
    std::erase_if(live_, [](const std::weak_ptr<Connection>& one) { return one.expired(); });
    live_.push_back(connection);
  }
  connection->start();
}

template <class Action>
void ProxyCore::forEachLive(Action action) {
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(live_mutex_);
    for (const auto& weak : live_) {
      if (auto connection = weak.lock()) live.push_back(std::move(connection));
    }
  }
  for (const auto& connection : live) action(*connection);
}

void ProxyCore::shutdown() {
  asio::post(strand_, [self = shared_from_this()] {
    error_code ignored;
    self->acceptor_.close(ignored);
  });
  forEachLive([](Connection& connection) { connection.drop(CutMode::fin, false); });
}

void ProxyCore::wakeAll() {
  forEachLive([](Connection& connection) { connection.wake(); });
}

void ProxyCore::cutAll(CutMode mode) {
  forEachLive([mode](Connection& connection) { connection.drop(mode, true); });
}

}  // namespace cartable::fault_proxy
