#include "fault_proxy.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "proxy_core.h"

namespace cartable::fault_proxy {

namespace asio = boost::asio;

Result<std::unique_ptr<FaultProxy>> FaultProxy::open(asio::io_context& io,
                                                     FaultProxyConfig config) {
  if (config.upstream.host.empty() || config.upstream.port == 0) {
    return makeError(Errc::invalid_argument, "the upstream needs a host and a port other than 0",
                     "upstream");
  }
  if (config.max_held_bytes == 0) {
    return makeError(Errc::invalid_argument, "max_held_bytes must be at least 1", "max_held_bytes");
  }
  auto core = std::make_shared<ProxyCore>(io, std::move(config));
  CARTABLE_RETURN_IF_ERROR(core->listen());
  core->acceptNext();
  return std::unique_ptr<FaultProxy>(new FaultProxy(std::move(core)));
}

FaultProxy::FaultProxy(std::shared_ptr<ProxyCore> core) : core_(std::move(core)) {}

FaultProxy::~FaultProxy() {
  core_->shutdown();
}

std::uint16_t FaultProxy::port() const {
  return core_->port;
}

void FaultProxy::setFaults(Direction direction, const DirectionFaults& faults) {
  core_->faults.set(direction, faults);
  core_->wakeAll();
}

DirectionFaults FaultProxy::faults(Direction direction) const {
  return core_->faults.get(direction);
}

void FaultProxy::setLatency(Direction direction, std::chrono::milliseconds latency,
                            std::chrono::milliseconds jitter) {
  core_->faults.update(direction, [&](DirectionFaults& faults) {
    faults.latency = latency;
    faults.jitter = jitter;
  });
}

void FaultProxy::setRate(Direction direction, std::uint64_t bytes_per_second) {
  core_->faults.update(direction, [&](DirectionFaults& faults) { faults.rate = bytes_per_second; });
}

void FaultProxy::setCutAfter(Direction direction, std::optional<std::uint64_t> bytes,
                             CutMode mode) {
  core_->faults.update(direction, [&](DirectionFaults& faults) {
    faults.cut_after = bytes;
    faults.cut_mode = mode;
  });
  core_->wakeAll();
}

void FaultProxy::setCutRandom(Direction direction, std::optional<RandomCut> cut, CutMode mode) {
  core_->faults.update(direction, [&](DirectionFaults& faults) {
    faults.cut_random = cut;
    faults.cut_mode = mode;
  });
}

void FaultProxy::setBlackHole(Direction direction, bool on) {
  core_->faults.update(direction, [&](DirectionFaults& faults) { faults.black_hole = on; });
  core_->wakeAll();
}

void FaultProxy::setSlowClose(Direction direction, std::chrono::milliseconds delay) {
  core_->faults.update(direction, [&](DirectionFaults& faults) { faults.slow_close = delay; });
}

void FaultProxy::setRefuse(bool on) {
  core_->faults.setRefuse(on);
}

bool FaultProxy::refusing() const {
  return core_->faults.refuse();
}

void FaultProxy::cutAll(CutMode mode) {
  core_->cutAll(mode);
}

ProxyStats FaultProxy::stats() const {
  const Counters& counters = core_->counters;
  ProxyStats stats;
  stats.accepted = counters.accepted;
  stats.refused = counters.refused;
  stats.upstream_failures = counters.upstream_failures;
  stats.live = counters.live;
  stats.cuts = counters.cuts;
  stats.bytes_up = counters.bytes_up;
  stats.bytes_down = counters.bytes_down;
  stats.held = counters.held;
  return stats;
}

Result<std::unique_ptr<FaultProxyThread>> FaultProxyThread::start(FaultProxyConfig config) {
  std::unique_ptr<FaultProxyThread> running(new FaultProxyThread());
  running->io_ = std::make_unique<asio::io_context>();
  CARTABLE_ASSIGN_OR_RETURN(running->proxy_, FaultProxy::open(*running->io_, std::move(config)));
  asio::io_context& io = *running->io_;
  running->thread_ = std::make_unique<std::thread>([&io] {
    auto work = asio::make_work_guard(io);
    io.run();
  });
  return running;
}

// Stops the loop first: what is still pending is destroyed with the
// io_context, which closes the sockets.
FaultProxyThread::~FaultProxyThread() {
  if (thread_) {
    io_->stop();
    thread_->join();
  }
  proxy_.reset();
  io_.reset();
}

}  // namespace cartable::fault_proxy
