#include "connection.h"

#include <linux/sockios.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <string>

#include "proxy_core.h"

namespace cartable::fault_proxy {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr std::size_t kReadSize = 16 * 1024;
// How long a reset cut waits for the bytes before the cut to leave the
// socket, so the receiver gets exactly them before the reset.
constexpr auto kDrainBeforeReset = std::chrono::milliseconds(250);
constexpr auto kDrainPoll = std::chrono::milliseconds(2);

// Reads and drops what the peer already sent, so that close() sends a FIN
// rather than a reset (Linux resets a socket closed with unread bytes).
void discardReadable(tcp::socket& socket) {
  std::uint8_t scratch[4096];
  error_code error;
  while (socket.available(error) > 0 && !error) socket.read_some(asio::buffer(scratch), error);
}

bool hasUnsentBytes(tcp::socket& socket) {
  int unsent = 0;
  return ::ioctl(socket.native_handle(), SIOCOUTQ, &unsent) == 0 && unsent > 0;
}

}  // namespace

Connection::Pipe::Pipe(Direction d, tcp::socket& f, tcp::socket& t)
    : direction(d), from(f), to(t), timer(f.get_executor()), buffer(kReadSize) {}

Connection::Connection(std::shared_ptr<ProxyCore> core, tcp::socket client)
    : core_(std::move(core)),
      client_(std::move(client)),
      upstream_(client_.get_executor()),
      resolver_(client_.get_executor()),
      drain_timer_(client_.get_executor()),
      up_(Direction::up, client_, upstream_),
      down_(Direction::down, upstream_, client_) {
  ++core_->counters.live;
  up_.random_cut = core_->faults.drawCut(Direction::up);
  down_.random_cut = core_->faults.drawCut(Direction::down);
}

Connection::~Connection() {
  releaseCounters();
}

void Connection::start() {
  asio::post(client_.get_executor(), [self = shared_from_this()] { self->resolveUpstream(); });
}

void Connection::resolveUpstream() {
  if (stopped_) return;
  const Endpoint& upstream = core_->config.upstream;
  resolver_.async_resolve(upstream.host, std::to_string(upstream.port),
                          [self = shared_from_this()](const error_code& error,
                                                      const tcp::resolver::results_type& results) {
                            if (self->stopped_) return;
                            if (error) return self->failUpstream();
                            self->connectUpstream(results);
                          });
}

void Connection::connectUpstream(const tcp::resolver::results_type& addresses) {
  asio::async_connect(upstream_, addresses,
                      [self = shared_from_this()](const error_code& error, const tcp::endpoint&) {
                        if (self->stopped_) return;
                        if (error) return self->failUpstream();
                        self->onUpstreamConnected();
                      });
}

// The client learns that upstream is unreachable as a reset.
void Connection::failUpstream() {
  ++core_->counters.upstream_failures;
  close(CutMode::reset);
}

void Connection::onUpstreamConnected() {
  error_code ignored;
  client_.set_option(tcp::no_delay(true), ignored);
  upstream_.set_option(tcp::no_delay(true), ignored);
  connected_ = true;
  for (Pipe* pipe : {&up_, &down_}) {
    read(*pipe);
    pump(*pipe);
  }
}

void Connection::wake() {
  asio::post(client_.get_executor(), [self = shared_from_this()] {
    if (self->stopped_ || !self->connected_) return;
    for (Pipe* pipe : {&self->up_, &self->down_}) {
      if (pipe->idle) {
        pipe->timer.cancel();
      } else {
        self->pump(*pipe);
      }
    }
  });
}

void Connection::drop(CutMode mode, bool count_as_cut) {
  asio::post(client_.get_executor(), [self = shared_from_this(), mode, count_as_cut] {
    if (self->closed_) return;
    // A connection already being cut (stopped) is not counted twice.
    if (count_as_cut && !self->stopped_) ++self->core_->counters.cuts;
    self->close(mode);
  });
}

void Connection::read(Pipe& pipe) {
  if (stopped_ || pipe.reading || pipe.end != End::none) return;
  if (pipe.held >= core_->config.max_held_bytes) return;  // resumed by onSent
  pipe.reading = true;
  pipe.from.async_read_some(
      asio::buffer(pipe.buffer),
      [self = shared_from_this(), &pipe](const error_code& error, std::size_t size) {
        self->onRead(pipe, error, size);
      });
}

void Connection::onRead(Pipe& pipe, const error_code& error, std::size_t size) {
  pipe.reading = false;
  if (stopped_) return;
  if (error) {
    pipe.end = error == asio::error::eof ? End::fin : End::reset;
    pump(pipe);
    return;
  }
  Chunk chunk;
  chunk.bytes.assign(pipe.buffer.begin(), pipe.buffer.begin() + static_cast<std::ptrdiff_t>(size));
  // Jitter must not reorder bytes: a piece is never due before the previous one.
  chunk.due = std::max(Clock::now() + core_->faults.drawDelay(pipe.direction), pipe.last_due);
  pipe.last_due = chunk.due;
  pipe.held += size;
  core_->counters.held += size;
  pipe.queue.push_back(std::move(chunk));
  pump(pipe);
  read(pipe);
}

std::optional<std::uint64_t> Connection::cutPoint(const Pipe& pipe,
                                                  const DirectionFaults& faults) const {
  if (faults.cut_after && pipe.random_cut) return std::min(*faults.cut_after, *pipe.random_cut);
  return faults.cut_after ? faults.cut_after : pipe.random_cut;
}

// Moves the front of the queue one step: waits for a wake, a due time or the
// rate, cuts, passes the end on, or writes. One step is in flight at a time.
void Connection::pump(Pipe& pipe) {
  if (stopped_ || pipe.busy || pipe.done) return;
  const DirectionFaults faults = core_->faults.get(pipe.direction);
  if (faults.black_hole) return waitForWake(pipe);
  const std::optional<std::uint64_t> cut_at = cutPoint(pipe, faults);
  if (cut_at && pipe.forwarded >= *cut_at) return cut(pipe, faults.cut_mode);
  if (pipe.queue.empty()) {
    if (pipe.end != End::none) passOnEnd(pipe, faults.slow_close);
    return;
  }
  const Chunk& chunk = pipe.queue.front();
  const Clock::time_point now = Clock::now();
  if (chunk.due > now) return waitUntil(pipe, chunk.due);
  std::size_t size = chunk.bytes.size() - chunk.sent;
  if (cut_at)
    size = static_cast<std::size_t>(std::min<std::uint64_t>(size, *cut_at - pipe.forwarded));
  if (faults.rate == 0) return send(pipe, size);
  size = std::min(size, core_->faults.burst(pipe.direction));
  const Clock::duration wait = core_->faults.reserve(pipe.direction, size, now);
  if (wait <= Clock::duration::zero()) return send(pipe, size);
  pipe.busy = true;
  pipe.timer.expires_after(wait);
  pipe.timer.async_wait([self = shared_from_this(), &pipe, size](const error_code&) {
    if (self->stopped_) return;
    pipe.busy = false;
    self->send(pipe, size);
  });
}

void Connection::send(Pipe& pipe, std::size_t size) {
  pipe.busy = true;
  const Chunk& chunk = pipe.queue.front();
  asio::async_write(pipe.to, asio::buffer(chunk.bytes.data() + chunk.sent, size),
                    [self = shared_from_this(), &pipe](const error_code& error, std::size_t sent) {
                      self->onSent(pipe, error, sent);
                    });
}

void Connection::onSent(Pipe& pipe, const error_code& error, std::size_t size) {
  pipe.busy = false;
  // Counted even when a drop came first: the peer may already have the bytes.
  pipe.forwarded += size;
  (pipe.direction == Direction::up ? core_->counters.bytes_up : core_->counters.bytes_down) += size;
  if (stopped_) return;
  if (error) return close(CutMode::reset);
  Chunk& chunk = pipe.queue.front();
  chunk.sent += size;
  if (chunk.sent == chunk.bytes.size()) {
    pipe.held -= chunk.bytes.size();
    core_->counters.held -= chunk.bytes.size();
    pipe.queue.pop_front();
    read(pipe);
  }
  pump(pipe);
}

void Connection::waitUntil(Pipe& pipe, Clock::time_point when) {
  pipe.busy = true;
  pipe.timer.expires_at(when);
  pipe.timer.async_wait([self = shared_from_this(), &pipe](const error_code&) {
    if (self->stopped_) return;
    pipe.busy = false;
    self->pump(pipe);
  });
}

void Connection::waitForWake(Pipe& pipe) {
  pipe.idle = true;
  pipe.busy = true;
  pipe.timer.expires_at(Clock::time_point::max());
  pipe.timer.async_wait([self = shared_from_this(), &pipe](const error_code&) {
    if (self->stopped_) return;
    pipe.idle = false;
    pipe.busy = false;
    self->pump(pipe);
  });
}

void Connection::passOnEnd(Pipe& pipe, std::chrono::milliseconds slow_close) {
  if (pipe.end == End::reset) return close(CutMode::reset);
  if (slow_close.count() > 0 && !pipe.slow_close_waited) {
    pipe.slow_close_waited = true;
    return waitUntil(pipe, Clock::now() + slow_close);
  }
  error_code ignored;
  pipe.to.shutdown(tcp::socket::shutdown_send, ignored);
  pipe.done = true;
  if (other(pipe).done) close(CutMode::fin);
}

void Connection::cut(Pipe& pipe, CutMode mode) {
  ++core_->counters.cuts;
  if (mode == CutMode::fin) return close(CutMode::fin);
  stopped_ = true;
  up_.timer.cancel();
  down_.timer.cancel();
  closeAfterDrain(pipe.to, Clock::now() + kDrainBeforeReset);
}

void Connection::closeAfterDrain(tcp::socket& socket, Clock::time_point deadline) {
  if (!hasUnsentBytes(socket) || Clock::now() >= deadline) return close(CutMode::reset);
  drain_timer_.expires_after(kDrainPoll);
  drain_timer_.async_wait([self = shared_from_this(), &socket, deadline](const error_code&) {
    if (self->closed_) return;
    self->closeAfterDrain(socket, deadline);
  });
}

void Connection::close(CutMode mode) {
  if (closed_) return;
  stopped_ = true;
  closed_ = true;
  // Released first, so that a peer which sees the close also sees live == 0.
  releaseCounters();
  up_.timer.cancel();
  down_.timer.cancel();
  drain_timer_.cancel();
  resolver_.cancel();
  for (tcp::socket* socket : {&client_, &upstream_}) {
    if (!socket->is_open()) continue;
    error_code ignored;
    if (mode == CutMode::reset) {
      socket->set_option(asio::socket_base::linger(true, 0), ignored);
    } else {
      socket->shutdown(tcp::socket::shutdown_send, ignored);
      discardReadable(*socket);
    }
    socket->close(ignored);
  }
}

void Connection::releaseCounters() {
  if (released_) return;
  released_ = true;
  --core_->counters.live;
  core_->counters.held -= up_.held + down_.held;
  // The queues stay: a write still in flight may point into them.
  up_.held = down_.held = 0;
}

}  // namespace cartable::fault_proxy
