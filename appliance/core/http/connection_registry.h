// Internal to the HTTP server: the open connections, counted per remote
// address from accept to close (queued ones included), and which of them are
// in the middle of a request, so that stop() can close the idle ones at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>

namespace cartable::http {

class ConnectionRegistry {
 public:
  // Connections are identified by their Poco socket implementation, which
  // stays alive from accept until the connection object is destroyed.
  using Key = const void*;

  // Acceptor thread: records the connection `key` from `address`; false
  // when that address already holds `per_address_limit` connections.
  bool admit(Key key, const std::string& address, int per_address_limit);
  // Worker thread: the connection object for `key`, on socket `fd`, exists.
  void attach(Key key, int fd);
  // Worker thread: the connection object is destroyed.
  void detach(Key key);
  // Worker thread: a request is being handled on `key`.
  void enterRequest(Key key);
  void leaveRequest(Key key);

  // Shuts down idle connections now and busy ones when their request ends.
  void beginStop();
  // Waits until no connection object is left; false on timeout.
  bool waitUntilDetached(std::chrono::milliseconds timeout);
  // Shuts down every connection, busy or not.
  void shutdownAll();
  // Shuts down the connections that have been outside a request since
  // before `since` (idle, or still receiving a request's header): a client
  // trickling its header a byte at a time would hold a worker for as long as
  // it likes. Returns how many were shut down.
  int shutdownIdleSince(std::chrono::steady_clock::time_point since);

  int openConnections() const;

 private:
  struct Connection {
    std::string address;
    // A duplicate of the socket descriptor, owned here: Poco closes its own
    // descriptor before the connection object is destroyed, and a closed
    // number may already belong to another file.
    int fd = -1;
    bool busy = false;
    bool shut_down = false;
    // When the connection object was created or its last answer was sent.
    std::chrono::steady_clock::time_point idle_since{};
  };
  void forget(std::map<Key, Connection>::iterator connection);

  mutable std::mutex mutex_;
  std::condition_variable detached_;
  std::map<Key, Connection> connections_;
  std::map<std::string, int> per_address_;
  int attached_ = 0;
  bool stopping_ = false;
};

}  // namespace cartable::http
