// One proxied connection: two pipes (client → upstream and upstream →
// client), each reading into a bounded queue and writing out under the faults.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "fault_proxy.h"

namespace cartable::fault_proxy {

class ProxyCore;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(std::shared_ptr<ProxyCore> core, boost::asio::ip::tcp::socket client);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Connects upstream, then starts both pipes.
  void start();
  // Thread-safe: re-reads the faults (a lifted black hole, a new cut point).
  void wake();
  // Thread-safe: closes both sockets now; `count_as_cut` for fault cuts.
  void drop(CutMode mode, bool count_as_cut);

 private:
  using Clock = std::chrono::steady_clock;
  enum class End { none, fin, reset };
  struct Chunk {
    std::vector<std::uint8_t> bytes;
    std::size_t sent = 0;
    Clock::time_point due;
  };
  struct Pipe {
    Pipe(Direction d, boost::asio::ip::tcp::socket& f, boost::asio::ip::tcp::socket& t);
    Direction direction;
    boost::asio::ip::tcp::socket& from;
    boost::asio::ip::tcp::socket& to;
    boost::asio::steady_timer timer;
    std::deque<Chunk> queue;
    std::vector<std::uint8_t> buffer;
    std::size_t held = 0;
    std::uint64_t forwarded = 0;
    std::optional<std::uint64_t> random_cut;
    Clock::time_point last_due{};
    End end = End::none;  // what the sender did, passed on once the queue is empty
    bool reading = false;
    bool busy = false;  // a write or a wait is in flight
    bool idle = false;  // waiting for wake() (black hole)
    bool slow_close_waited = false;
    bool done = false;  // the end was passed on
  };

  void resolveUpstream();
  void connectUpstream(const boost::asio::ip::tcp::resolver::results_type& addresses);
  void failUpstream();
  void onUpstreamConnected();
  void read(Pipe& pipe);
  void onRead(Pipe& pipe, const boost::system::error_code& error, std::size_t size);
  void pump(Pipe& pipe);
  void send(Pipe& pipe, std::size_t size);
  void onSent(Pipe& pipe, const boost::system::error_code& error, std::size_t size);
  void waitUntil(Pipe& pipe, Clock::time_point when);
  void waitForWake(Pipe& pipe);
  void passOnEnd(Pipe& pipe, std::chrono::milliseconds slow_close);
  std::optional<std::uint64_t> cutPoint(const Pipe& pipe, const DirectionFaults& faults) const;
  void cut(Pipe& pipe, CutMode mode);
  void closeAfterDrain(boost::asio::ip::tcp::socket& socket, Clock::time_point deadline);
  void close(CutMode mode);
  void releaseCounters();
  Pipe& other(Pipe& pipe) { return &pipe == &up_ ? down_ : up_; }

  std::shared_ptr<ProxyCore> core_;
  boost::asio::ip::tcp::socket client_;
  boost::asio::ip::tcp::socket upstream_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::steady_timer drain_timer_;
  Pipe up_;
  Pipe down_;
  bool connected_ = false;
  bool stopped_ = false;   // no more reads, writes or waits
  bool closed_ = false;    // sockets closed
  bool released_ = false;  // counters given back
};

}  // namespace cartable::fault_proxy
