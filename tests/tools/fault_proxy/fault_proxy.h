// A TCP proxy that injects network faults between a client and one upstream
// server on loopback: latency, a bandwidth cap, cuts, a black hole, a slow
// close, refusal. The federation tests put it between a school and the hub,
// because the kernel here has no netem.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "core/base/result.h"

namespace boost::asio {
class io_context;
}

namespace cartable::fault_proxy {

// A direction of the byte stream. `up` is client → upstream, `down` is
// upstream → client; `both` is accepted by the setters only.
enum class Direction { up = 1, down = 2, both = 3 };

// How a connection is cut: `fin` shuts both sockets down in order (the peers
// read end of file), `reset` aborts them (the peers see ECONNRESET).
enum class CutMode { fin, reset };

struct Endpoint {
  std::string host;
  std::uint16_t port = 0;
};

// A cut at a random byte: each new connection draws its cut point uniformly
// in [1, max_bytes] from a stream seeded with `seed`, so a run is repeatable.
struct RandomCut {
  std::uint64_t seed = 0;
  std::uint64_t max_bytes = 65536;
};

// The faults of one direction. Zero values mean "no fault".
struct DirectionFaults {
  std::chrono::milliseconds latency{0};  // added to every byte
  std::chrono::milliseconds jitter{0};   // plus a uniform extra in [0, jitter]; order is kept
  std::uint64_t rate = 0;                // bytes per second shared by all connections; 0: no cap
  // Cut once this many bytes of the direction were forwarded on a connection,
  // counted from its start (a live connection already past it is cut at once).
  std::optional<std::uint64_t> cut_after;
  std::optional<RandomCut> cut_random;  // applies to connections opened afterwards
  CutMode cut_mode = CutMode::reset;    // for cut_after and cut_random
  // Bytes are read (until the buffer is full) but neither forwarded nor
  // closed, like a partition: lifting it delivers what was held.
  bool black_hole = false;
  std::chrono::milliseconds slow_close{0};  // delay before an end of file is passed on
};

struct FaultProxyConfig {
  Endpoint listen{"127.0.0.1", 0};
  Endpoint upstream;
  // Bytes held per connection and direction before the proxy stops reading
  // from the sender, so a slow or black-holed direction pushes back over TCP.
  std::size_t max_held_bytes = 256 * 1024;
  std::uint64_t seed = 0;  // for the jitter
};

struct ProxyStats {
  std::uint64_t accepted = 0;           // connections accepted (refused ones excluded)
  std::uint64_t refused = 0;            // connections closed at once by `refuse`
  std::uint64_t upstream_failures = 0;  // connections dropped because upstream was unreachable
  std::uint64_t live = 0;               // connections open now
  std::uint64_t cuts = 0;               // connections cut by a fault or cutAll()
  std::uint64_t bytes_up = 0;           // bytes forwarded client → upstream
  std::uint64_t bytes_down = 0;         // bytes forwarded upstream → client
  std::uint64_t held = 0;               // bytes read but not yet forwarded, all connections
};

class ProxyCore;

// Runs on the caller's io_context (which may have several threads: each
// connection has its own strand). Setters are thread-safe and take effect on
// live connections. The proxy must be destroyed before its io_context.
class FaultProxy {
 public:
  // Binds `config.listen` and starts accepting. Errors name the address.
  static Result<std::unique_ptr<FaultProxy>> open(boost::asio::io_context& io,
                                                  FaultProxyConfig config);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  // The bound port (useful with port 0).
  std::uint16_t port() const;

  void setFaults(Direction direction, const DirectionFaults& faults);
  // The faults of `up` or `down`.
  DirectionFaults faults(Direction direction) const;
  void setLatency(Direction direction, std::chrono::milliseconds latency,
                  std::chrono::milliseconds jitter = std::chrono::milliseconds(0));
  void setRate(Direction direction, std::uint64_t bytes_per_second);
  void setCutAfter(Direction direction, std::optional<std::uint64_t> bytes,
                   CutMode mode = CutMode::reset);
  void setCutRandom(Direction direction, std::optional<RandomCut> cut,
                    CutMode mode = CutMode::reset);
  void setBlackHole(Direction direction, bool on);
  void setSlowClose(Direction direction, std::chrono::milliseconds delay);
  // While on, every new connection is accepted and reset at once.
  void setRefuse(bool on);
  bool refusing() const;
  // Drops every live connection now (counted as cuts).
  void cutAll(CutMode mode = CutMode::reset);

  ProxyStats stats() const;

 private:
  explicit FaultProxy(std::shared_ptr<ProxyCore> core);
  std::shared_ptr<ProxyCore> core_;
};

// A FaultProxy with its own io_context and thread, for tests and the command.
class FaultProxyThread {
 public:
  static Result<std::unique_ptr<FaultProxyThread>> start(FaultProxyConfig config);
  ~FaultProxyThread();
  FaultProxyThread(const FaultProxyThread&) = delete;
  FaultProxyThread& operator=(const FaultProxyThread&) = delete;

  FaultProxy& proxy() { return *proxy_; }
  std::uint16_t port() const { return proxy_->port(); }

 private:
  FaultProxyThread() = default;
  std::unique_ptr<boost::asio::io_context> io_;
  std::unique_ptr<FaultProxy> proxy_;
  std::unique_ptr<std::thread> thread_;
};

// Bytes per second of the links the federation tests emulate.
inline constexpr std::uint64_t kRate64kbit = 64'000 / 8;
inline constexpr std::uint64_t kRate1Mbit = 1'000'000 / 8;

}  // namespace cartable::fault_proxy
