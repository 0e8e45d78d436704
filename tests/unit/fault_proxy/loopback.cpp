#include "loopback.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace cartable::fault_proxy::testing {
namespace {

using Clock = std::chrono::steady_clock;

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

int millisLeft(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

bool writeAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// One read with a deadline: bytes read, 0 at end of file, -1 on reset or
// error, -2 on timeout.
ssize_t readSome(int fd, char* into, std::size_t size, Clock::time_point deadline) {
  pollfd ready{fd, POLLIN, 0};
  for (;;) {
    const int n = ::poll(&ready, 1, millisLeft(deadline));
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) return -2;
    break;
  }
  for (;;) {
    const ssize_t n = ::recv(fd, into, size, 0);
    if (n < 0 && errno == EINTR) continue;
    return n < 0 ? -1 : n;
  }
}

}  // namespace

std::string patternBytes(std::size_t size) {
  std::string out(size, '\0');
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
  return out;
}

LoopbackServer::LoopbackServer(Mode mode) : mode_(mode) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address = loopback(0);
  ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::listen(listen_fd_, 64);
  socklen_t length = sizeof address;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { acceptLoop(); });
}

LoopbackServer::~LoopbackServer() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  acceptor_.join();
  {
    std::lock_guard lock(mutex_);
    for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
  }
  for (std::thread& thread : threads_) thread.join();
  for (int fd : fds_) ::close(fd);
  ::close(listen_fd_);
}

void LoopbackServer::acceptLoop() {
  for (;;) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (stopping_) return;
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return;
    }
    std::lock_guard lock(mutex_);
    records_.emplace_back();
    fds_.push_back(fd);
    threads_.emplace_back([this, fd, index = records_.size() - 1] { serve(fd, index); });
  }
}

void LoopbackServer::serve(int fd, std::size_t index) {
  char buffer[16384];
  for (;;) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    {
      std::lock_guard lock(mutex_);
      if (n > 0) {
        records_[index].received.append(buffer, static_cast<std::size_t>(n));
      } else {
        records_[index].ending = n == 0 ? Ending::eof : Ending::reset;
      }
      changed_.notify_all();
    }
    if (n <= 0) {
      if (mode_ == Mode::echo) ::shutdown(fd, SHUT_WR);
      return;
    }
    if (mode_ == Mode::echo) writeAll(fd, std::string_view(buffer, static_cast<std::size_t>(n)));
  }
}

std::vector<LoopbackServer::Record> LoopbackServer::waitForEnded(std::size_t count,
                                                                 milliseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] {
    std::size_t ended = 0;
    for (const Record& record : records_) ended += record.ending != Ending::open ? 1 : 0;
    return ended >= count;
  });
  return records_;
}

bool LoopbackServer::waitForReceived(std::size_t bytes, milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] {
    std::size_t total = 0;
    for (const Record& record : records_) total += record.received.size();
    return total >= bytes;
  });
}

std::vector<LoopbackServer::Record> LoopbackServer::records() {
  std::lock_guard lock(mutex_);
  return records_;
}

std::size_t LoopbackServer::connections() {
  std::lock_guard lock(mutex_);
  return records_.size();
}

Client::Client(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const sockaddr_in address = loopback(port);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd_);
    fd_ = -1;
    return;
  }
  const int on = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

Client::~Client() {
  if (fd_ >= 0) ::close(fd_);
}

bool Client::send(std::string_view bytes) {
  return fd_ >= 0 && writeAll(fd_, bytes);
}

std::size_t Client::sendWithoutBlocking(std::string_view bytes) {
  const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  return n > 0 ? static_cast<std::size_t>(n) : 0;
}

void Client::shutdownWrite() {
  ::shutdown(fd_, SHUT_WR);
}

std::string Client::receive(std::size_t size, milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::string out;
  char buffer[16384];
  while (out.size() < size && fd_ >= 0) {
    const ssize_t n = readSome(fd_, buffer, std::min(sizeof buffer, size - out.size()), deadline);
    if (n == -2) break;
    if (n <= 0) {
      ending_ = n == 0 ? Ending::eof : Ending::reset;
      break;
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

std::string Client::receiveUntilEnd(milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::string out;
  char buffer[16384];
  while (ending_ == Ending::open && fd_ >= 0) {
    const ssize_t n = readSome(fd_, buffer, sizeof buffer, deadline);
    if (n == -2) break;
    if (n <= 0) {
      ending_ = n == 0 ? Ending::eof : Ending::reset;
      break;
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace cartable::fault_proxy::testing
