// Loopback peers for the proxy tests: a server that echoes or swallows what
// it reads and records each connection, and a blocking client.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace cartable::fault_proxy::testing {

using std::chrono::milliseconds;

// How a read side ended.
enum class Ending { open, eof, reset };

class LoopbackServer {
 public:
  enum class Mode { echo, sink };
  struct Record {
    std::string received;
    Ending ending = Ending::open;
  };

  explicit LoopbackServer(Mode mode);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::uint16_t port() const { return port_; }
  // Waits until `count` connections have ended, or `timeout`; returns all records.
  std::vector<Record> waitForEnded(std::size_t count, milliseconds timeout);
  // Waits until all connections together received `bytes`; false on timeout.
  bool waitForReceived(std::size_t bytes, milliseconds timeout);
  std::vector<Record> records();
  std::size_t connections();

 private:
  void acceptLoop();
  void serve(int fd, std::size_t index);

  Mode mode_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Record> records_;
  std::vector<int> fds_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

class Client {
 public:
  explicit Client(std::uint16_t port);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Writes everything (blocking); false when the connection failed.
  bool send(std::string_view bytes);
  // Sends as much as the socket takes without blocking; the number of bytes.
  std::size_t sendWithoutBlocking(std::string_view bytes);
  void shutdownWrite();
  // Reads until `size` bytes arrived, the peer ended, or `timeout`.
  std::string receive(std::size_t size, milliseconds timeout);
  // Reads until the peer ends or `timeout`; `ending` says which.
  std::string receiveUntilEnd(milliseconds timeout);
  Ending ending() const { return ending_; }

 private:
  int fd_ = -1;
  Ending ending_ = Ending::open;
};

// `size` bytes of a recognisable pattern.
std::string patternBytes(std::size_t size);

}  // namespace cartable::fault_proxy::testing
