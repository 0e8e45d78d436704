// A connection the HTTP server hands over once a streaming answer's headers
// are written (server-sent events). It no longer holds a worker thread: its
// new owner waits on many such connections from one thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace cartable::http {

class StreamConnection {
 public:
  struct Impl;
  explicit StreamConnection(std::unique_ptr<Impl> impl);
  ~StreamConnection();  // closes the connection
  StreamConnection(const StreamConnection&) = delete;
  StreamConnection& operator=(const StreamConnection&) = delete;

  // The socket descriptor, to learn from poll/epoll that the client closed
  // or sent something (a stream's client never speaks again: either means
  // the end). Owned by this object.
  int descriptor() const;

  // Writes all of `bytes`, or returns false. Never waits on a client that
  // reads too slowly: when its socket buffer has no room, that client is
  // given up (it reconnects and catches up from its last event id).
  bool write(std::string_view bytes);

  const std::string& remoteAddress() const;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace cartable::http
