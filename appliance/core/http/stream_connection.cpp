#include "core/http/stream_connection.h"

#include <Poco/Exception.h>
#include <Poco/Net/StreamSocket.h>
#include <poll.h>

#include "core/http/stream_takeover.h"

namespace cartable::http {

struct StreamConnection::Impl {
  Poco::Net::StreamSocket socket;
  std::string remote_address;
};

namespace {

// A stream's writes are small (one event, a few hundred bytes); a client
// that cannot take one within this time is gone or stalled.
constexpr int kSendTimeoutSeconds = 2;

bool hasRoomToWrite(int fd) {
  pollfd probe{fd, POLLOUT, 0};
  return ::poll(&probe, 1, 0) == 1 && (probe.revents & POLLOUT) != 0 &&
         (probe.revents & (POLLERR | POLLHUP)) == 0;
}

}  // namespace

std::unique_ptr<StreamConnection> takeOverStream(Poco::Net::StreamSocket socket,
                                                 std::string remote_address) {
  try {
    socket.setSendTimeout(Poco::Timespan(kSendTimeoutSeconds, 0));
  } catch (const Poco::Exception&) {
  }
  auto impl = std::make_unique<StreamConnection::Impl>(
      StreamConnection::Impl{std::move(socket), std::move(remote_address)});
  return std::make_unique<StreamConnection>(std::move(impl));
}

StreamConnection::StreamConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

StreamConnection::~StreamConnection() {
  try {
    impl_->socket.close();
  } catch (const Poco::Exception&) {
  }
}

int StreamConnection::descriptor() const {
  return impl_->socket.impl()->sockfd();
}

bool StreamConnection::write(std::string_view bytes) {
  if (!hasRoomToWrite(descriptor())) return false;
  try {
    while (!bytes.empty()) {
      const int sent = impl_->socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
      if (sent <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  } catch (const Poco::Exception&) {
    return false;
  }
}

const std::string& StreamConnection::remoteAddress() const {
  return impl_->remote_address;
}

}  // namespace cartable::http
