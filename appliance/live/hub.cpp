#include "live/hub.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/base/log.h"
#include "live/events.h"
#include "notifications/notifications.h"

namespace cartable::live {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kBatch = 2000;       // notices read per query
constexpr int kCatchUpLimit = 50;  // notices replayed to a late-registered stream
constexpr int kMaxEvents = 256;    // epoll events handled per wake-up

constexpr const char* kStreamsGauge = "cartable_live_streams";
constexpr const char* kEventsTotal = "cartable_live_events_total";
constexpr const char* kClosedTotal = "cartable_live_streams_closed_total";

struct Stream {
  std::unique_ptr<http::StreamConnection> connection;
  Opening opening;
  std::int64_t sent_up_to = 0;  // the newest notice id this stream has had
  std::uint64_t serial = 0;     // adoption order: the oldest is closed first
};

struct Arrival {
  std::unique_ptr<http::StreamConnection> connection;
  Opening opening;
};

}  // namespace

struct Hub::Impl {
  Impl(storage::Database& d, auth::SessionStore& s, http::Metrics& m, HubOptions o)
      : db(d), sessions(s), metrics(m), options(o) {}

  storage::Database& db;
  auth::SessionStore& sessions;
  http::Metrics& metrics;
  const HubOptions options;

  std::thread thread;
  int epoll_fd = -1;
  int wake_fd = -1;
  std::atomic<bool> running{false};
  std::atomic<int> open{0};  // registered and arriving streams
  std::atomic<std::int64_t> events_sent{0};
  std::atomic<std::int64_t> slow_dropped{0};

  std::mutex mutex;  // guards `arriving` and `stopping`
  std::vector<Arrival> arriving;
  bool stopping = false;

  // Owned by the delivery thread alone.
  std::map<int, Stream> streams;  // by descriptor
  std::int64_t cursor = 0;        // every notice up to this id has been handled
  std::uint64_t next_serial = 0;

  void run();
  void welcomeArrivals();
  void enrol(Arrival arrival);
  void catchUp(Stream& stream);
  bool deliverNew();
  void beat();
  void close(int fd, std::string_view reason);
  bool send(Stream& stream, const std::string& text);
  void wake() const;
  void refreshGauge() { metrics.set(kStreamsGauge, {}, static_cast<double>(streams.size())); }
};

Hub::Hub(storage::Database& db, auth::SessionStore& sessions, http::Metrics& metrics,
         HubOptions options)
    : impl_(std::make_unique<Impl>(db, sessions, metrics, options)) {
  using Type = http::Metrics::Type;
  metrics.describe(kStreamsGauge, Type::gauge, "Open live notification streams.");
  metrics.describe(kEventsTotal, Type::counter, "Notices written to live streams.");
  metrics.describe(kClosedTotal, Type::counter, "Live streams closed, by reason.");
}

Hub::~Hub() {
  stop();
}

Status Hub::start() {
  Impl& impl = *impl_;
  if (impl.running || impl.epoll_fd >= 0) {
    return makeError(Errc::failed_precondition, "the live hub can be started only once");
  }
  auto latest = impl.db.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(impl.cursor, notifications::latestId(conn));
    return okStatus();
  });
  CARTABLE_RETURN_IF_ERROR(latest);
  impl.epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  impl.wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.fd = impl.wake_fd;
  if (impl.epoll_fd < 0 || impl.wake_fd < 0 ||
      ::epoll_ctl(impl.epoll_fd, EPOLL_CTL_ADD, impl.wake_fd, &wake) != 0) {
    return makeError(Errc::internal, "cannot set up the live hub's event polling");
  }
  impl.running = true;
  impl.thread = std::thread([&impl] { impl.run(); });
  return okStatus();
}

void Hub::stop() {
  Impl& impl = *impl_;
  {
    std::lock_guard lock(impl.mutex);
    impl.stopping = true;
  }
  impl.running = false;
  if (impl.thread.joinable()) {
    impl.wake();
    impl.thread.join();
  }
  impl.streams.clear();  // closes every connection
  {
    std::lock_guard lock(impl.mutex);
    impl.arriving.clear();
  }
  impl.open = 0;
  for (int* fd : {&impl.epoll_fd, &impl.wake_fd}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
}

Status Hub::admit() const {
  if (!impl_->running) return makeError(Errc::unavailable, "live delivery is not running");
  if (impl_->open >= impl_->options.max_streams) {
    return makeError(Errc::resource_exhausted,
                     "the school's " + std::to_string(impl_->options.max_streams) +
                         " live streams are all open; the client will retry");
  }
  return okStatus();
}

void Hub::adopt(std::unique_ptr<http::StreamConnection> stream, const Opening& opening) {
  Impl& impl = *impl_;
  {
    std::lock_guard lock(impl.mutex);
    if (impl.stopping) return;  // the connection closes here
    impl.arriving.push_back({std::move(stream), opening});
    ++impl.open;
  }
  impl.wake();
}

HubStats Hub::stats() const {
  return HubStats{impl_->open.load(), impl_->events_sent.load(), impl_->slow_dropped.load()};
}

void Hub::Impl::wake() const {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = ::write(wake_fd, &one, sizeof(one));
}

void Hub::Impl::run() {
  auto next_poll = Clock::now();
  auto next_beat = Clock::now() + options.heartbeat;
  std::vector<epoll_event> events(kMaxEvents);
  for (;;) {
    const auto until = std::min(next_poll, next_beat) - Clock::now();
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(until).count();
    const int ready = ::epoll_wait(epoll_fd, events.data(), kMaxEvents,
                                   static_cast<int>(std::clamp<long long>(wait, 0, 60000)));
    {
      std::lock_guard lock(mutex);
      if (stopping) return;
    }
    for (int i = 0; i < ready; ++i) {
      const int fd = events[static_cast<std::size_t>(i)].data.fd;
      if (fd == wake_fd) {
        std::uint64_t count = 0;
        [[maybe_unused]] const auto drained = ::read(wake_fd, &count, sizeof(count));
      } else {
        close(fd, "client_left");  // a stream's client never speaks: input means the end
      }
    }
    welcomeArrivals();
    if (Clock::now() >= next_poll) {
      const bool more_waiting = deliverNew();
      next_poll = more_waiting ? Clock::now() : Clock::now() + options.poll_interval;
    }
    if (Clock::now() >= next_beat) {
      beat();
      next_beat = Clock::now() + options.heartbeat;
    }
  }
}

void Hub::Impl::welcomeArrivals() {
  std::vector<Arrival> batch;
  {
    std::lock_guard lock(mutex);
    batch.swap(arriving);
  }
  for (Arrival& arrival : batch) enrol(std::move(arrival));
  if (!batch.empty()) refreshGauge();
}

void Hub::Impl::enrol(Arrival arrival) {
  const int fd = arrival.connection->descriptor();
  epoll_event interest{};
  interest.events = EPOLLIN | EPOLLRDHUP;
  interest.data.fd = fd;
  if (::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &interest) != 0) {
    --open;  // the connection closes as `arrival` goes
    return;
  }
  // A person's oldest stream gives way to a new one beyond the limit.
  std::vector<std::pair<std::uint64_t, int>> theirs;
  for (const auto& [other_fd, stream] : streams) {
    if (stream.opening.user_id == arrival.opening.user_id)
      theirs.emplace_back(stream.serial, other_fd);
  }
  std::sort(theirs.begin(), theirs.end());
  const auto limit = static_cast<std::size_t>(std::max(1, options.max_streams_per_person));
  for (std::size_t i = 0; i + limit <= theirs.size(); ++i) close(theirs[i].second, "replaced");

  Stream& stream = streams[fd];
  stream.connection = std::move(arrival.connection);
  stream.opening = arrival.opening;
  stream.sent_up_to = arrival.opening.cursor;
  stream.serial = next_serial++;
  catchUp(stream);
}

// Notices written between the opening request's read and now.
void Hub::Impl::catchUp(Stream& stream) {
  if (stream.sent_up_to >= cursor) return;
  std::vector<notifications::Notification> missed;
  std::int64_t unread = 0;
  const Status read = db.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(
        missed, notifications::missedBy(conn, stream.opening.user_id, stream.sent_up_to, cursor,
                                        kCatchUpLimit));
    CARTABLE_ASSIGN_OR_RETURN(unread, notifications::unreadCount(conn, stream.opening.user_id));
    return okStatus();
  });
  if (!read.ok()) {
    log::warning("live: catching a stream up: " + read.error().message);
    return;
  }
  const int fd = stream.connection->descriptor();
  for (const auto& notice : missed) {
    if (!send(stream, noticeEvent(notice, unread))) return close(fd, "slow");
  }
  stream.sent_up_to = cursor;
}

// Returns whether more notices are waiting than one batch held.
bool Hub::Impl::deliverNew() {
  std::vector<notifications::Addressed> batch;
  std::map<std::int64_t, std::int64_t> unread;  // for people with a stream
  const Status read = db.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(batch, notifications::writtenAfter(conn, cursor, kBatch));
    std::set<std::int64_t> listening;
    for (const auto& [fd, stream] : streams) listening.insert(stream.opening.user_id);
    for (const auto& addressed : batch) {
      if (!listening.contains(addressed.user_id) || unread.contains(addressed.user_id)) continue;
      CARTABLE_ASSIGN_OR_RETURN(unread[addressed.user_id],
                                notifications::unreadCount(conn, addressed.user_id));
    }
    return okStatus();
  });
  if (!read.ok()) {
    log::warning("live: reading new notices: " + read.error().message);
    return false;
  }
  if (batch.empty()) return false;
  std::multimap<std::int64_t, int> by_person;
  for (const auto& [fd, stream] : streams) by_person.emplace(stream.opening.user_id, fd);
  std::set<int> slow;
  for (const auto& [user_id, notice] : batch) {
    const auto [first, last] = by_person.equal_range(user_id);
    for (auto it = first; it != last; ++it) {
      Stream& stream = streams.at(it->second);
      if (slow.contains(it->second) || notice.id <= stream.sent_up_to) continue;
      if (!send(stream, noticeEvent(notice, unread[user_id]))) {
        slow.insert(it->second);
        continue;
      }
      stream.sent_up_to = notice.id;
    }
  }
  for (int fd : slow) close(fd, "slow");
  cursor = batch.back().notification.id;
  return batch.size() == static_cast<std::size_t>(kBatch);
}

// Keeps idle streams open through proxies, finds dead clients, and ends the
// streams of sessions that ended (signed out, expired, account disabled).
void Hub::Impl::beat() {
  std::vector<int> ended;
  std::map<std::int64_t, bool> live_sessions;
  for (auto& [fd, stream] : streams) {
    const std::int64_t session = stream.opening.session_id;
    if (!live_sessions.contains(session)) {
      auto live = sessions.isLive(session);
      live_sessions[session] = !live.ok() || *live;  // a failed read is no reason to drop
    }
    if (!live_sessions[session]) {
      ended.push_back(fd);
    } else if (!stream.connection->write(heartbeat())) {
      ++slow_dropped;
      ended.push_back(fd);
    }
  }
  for (int fd : ended) close(fd, "session_or_dead");
}

bool Hub::Impl::send(Stream& stream, const std::string& text) {
  if (!stream.connection->write(text)) {
    ++slow_dropped;
    return false;
  }
  ++events_sent;
  metrics.increment(kEventsTotal);
  return true;
}

void Hub::Impl::close(int fd, std::string_view reason) {
  const auto found = streams.find(fd);
  if (found == streams.end()) return;
  ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
  streams.erase(found);  // closes the connection
  --open;
  metrics.increment(kClosedTotal, "reason=\"" + std::string(reason) + "\"");
  refreshGauge();
}

}  // namespace cartable::live
