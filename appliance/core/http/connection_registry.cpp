#include "core/http/connection_registry.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cartable::http {
namespace {

// shutdown(2) wakes a worker blocked in poll or recv on the socket (it reads
// end of file) without closing Poco's descriptor.
void shutdownSocket(int fd) {
  if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
}

}  // namespace

bool ConnectionRegistry::admit(Key key, const std::string& address, int per_address_limit) {
  std::lock_guard lock(mutex_);
  // A socket object is only reused once freed: an entry left for it belongs
  // to a connection that Poco dropped from its queue.
  if (auto stale = connections_.find(key); stale != connections_.end()) forget(stale);
  const auto count = per_address_.find(address);
  if (count != per_address_.end() && count->second >= per_address_limit) return false;
  ++per_address_[address];
  connections_[key] = Connection{.address = address};
  return true;
}

void ConnectionRegistry::attach(Key key, int fd) {
  std::lock_guard lock(mutex_);
  auto& connection = connections_[key];
  connection.fd = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  connection.idle_since = std::chrono::steady_clock::now();
  ++attached_;
  if (stopping_) shutdownSocket(connection.fd);
}

void ConnectionRegistry::detach(Key key) {
  std::lock_guard lock(mutex_);
  const auto connection = connections_.find(key);
  if (connection == connections_.end()) return;
  --attached_;
  forget(connection);
  detached_.notify_all();
}

void ConnectionRegistry::enterRequest(Key key) {
  std::lock_guard lock(mutex_);
  if (auto connection = connections_.find(key); connection != connections_.end()) {
    connection->second.busy = true;
  }
}

void ConnectionRegistry::leaveRequest(Key key) {
  std::lock_guard lock(mutex_);
  const auto connection = connections_.find(key);
  if (connection == connections_.end()) return;
  connection->second.busy = false;
  connection->second.idle_since = std::chrono::steady_clock::now();
  // The answer is sent: closing now spares the keep-alive wait.
  if (stopping_) shutdownSocket(connection->second.fd);
}

void ConnectionRegistry::beginStop() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
  for (const auto& [key, connection] : connections_) {
    if (!connection.busy) shutdownSocket(connection.fd);
  }
}

bool ConnectionRegistry::waitUntilDetached(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return detached_.wait_for(lock, timeout, [this] { return attached_ == 0; });
}

void ConnectionRegistry::shutdownAll() {
  std::lock_guard lock(mutex_);
  for (const auto& [key, connection] : connections_) shutdownSocket(connection.fd);
}

int ConnectionRegistry::shutdownIdleSince(std::chrono::steady_clock::time_point since) {
  std::lock_guard lock(mutex_);
  int count = 0;
  for (auto& [key, connection] : connections_) {
    // fd < 0: still queued, waiting for a worker; not holding one.
    if (connection.busy || connection.shut_down || connection.fd < 0) continue;
    if (connection.idle_since >= since) continue;
    shutdownSocket(connection.fd);
    connection.shut_down = true;
    ++count;
  }
  return count;
}

int ConnectionRegistry::openConnections() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(connections_.size());
}

void ConnectionRegistry::forget(std::map<Key, Connection>::iterator connection) {
  if (connection->second.fd >= 0) ::close(connection->second.fd);
  const auto count = per_address_.find(connection->second.address);
  if (count != per_address_.end() && --count->second <= 0) per_address_.erase(count);
  connections_.erase(connection);
}

}  // namespace cartable::http
