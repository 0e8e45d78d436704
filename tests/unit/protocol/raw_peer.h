// A plain blocking TCP peer (POSIX sockets with a receive timeout), for
// speaking bytes the protocol classes would never send.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdint>
#include <optional>
#include <string>

namespace cartable::federation::testing {

class RawPeer {
 public:
  RawPeer() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    timeval timeout{2, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  ~RawPeer() { ::close(fd_); }
  RawPeer(const RawPeer&) = delete;
  RawPeer& operator=(const RawPeer&) = delete;

  bool connect(std::uint16_t port) {
    sockaddr_in address = loopback(port);
    return ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  // Binds 127.0.0.1 on a free port and listens without ever accepting.
  std::uint16_t listenSilently() {
    sockaddr_in address = loopback(0);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(fd_, 4);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    return ntohs(address.sin_port);
  }
  bool write(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  // The next frame body, or nothing on end of stream, error or timeout.
  std::optional<std::string> readFrame() {
    auto header = readExactly(4);
    if (!header) return std::nullopt;
    std::uint32_t length = 0;
    for (char c : *header) length = (length << 8) | static_cast<std::uint8_t>(c);
    return readExactly(length);
  }
  // True when the other side closed the stream (not on a timeout). Bytes
  // still arriving are skipped.
  bool seesEndOfStream() {
    char buffer[4096];
    for (;;) {
      const ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
      if (got == 0) return true;
      if (got < 0) return errno == ECONNRESET;
    }
  }

 private:
  static sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
  }
  std::optional<std::string> readExactly(std::size_t count) {
    std::string bytes(count, '\0');
    std::size_t done = 0;
    while (done < count) {
      const ssize_t got = ::recv(fd_, bytes.data() + done, count - done, 0);
      if (got <= 0) return std::nullopt;
      done += static_cast<std::size_t>(got);
    }
    return bytes;
  }

  int fd_;
};

}  // namespace cartable::federation::testing
