// What the proxy's acceptor and connections share: configuration, faults,
// counters and the list of live connections.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "fault_board.h"
#include "fault_proxy.h"

namespace cartable::fault_proxy {

class Connection;

struct Counters {
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> refused{0};
  std::atomic<std::uint64_t> upstream_failures{0};
  std::atomic<std::uint64_t> live{0};
  std::atomic<std::uint64_t> cuts{0};
  std::atomic<std::uint64_t> bytes_up{0};
  std::atomic<std::uint64_t> bytes_down{0};
  std::atomic<std::uint64_t> held{0};
};

class ProxyCore : public std::enable_shared_from_this<ProxyCore> {
 public:
  ProxyCore(boost::asio::io_context& io, FaultProxyConfig config);

  // Binds and listens; errors name the address.
  Status listen();
  // Accepts connections until shutdown().
  void acceptNext();
  // Closes the acceptor and every live connection (not counted as cuts).
  void shutdown();
  // Tells live connections that the faults changed.
  void wakeAll();
  void cutAll(CutMode mode);

  boost::asio::io_context& io;
  const FaultProxyConfig config;
  FaultBoard faults;
  Counters counters;
  std::uint16_t port = 0;

 private:
  void onAccepted(boost::asio::ip::tcp::socket socket);
  template <class Action>
  void forEachLive(Action action);

  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::mutex live_mutex_;
  std::vector<std::weak_ptr<Connection>> live_;
};

}  // namespace cartable::fault_proxy
