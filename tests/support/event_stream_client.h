// A client of a server-sent events stream over plain HTTP, as a test needs
// it: opens the stream, then reads one event at a time with a deadline.
#pragma once

#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace cartable::testing {

struct StreamEvent {
  std::string name;  // "message" when the event names none
  std::string id;
  std::string data;  // the data lines joined by "\n"
};

class EventStreamClient {
 public:
  // Connects to 127.0.0.1:`port` and sends GET `path` with `headers`.
  EventStreamClient(std::uint16_t port, const std::string& path,
                    const std::map<std::string, std::string>& headers);

  // Reads the status line and headers; returns the status code.
  int readHead(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  std::string header(const std::string& lower_case_name) const;

  // The next event (comments skipped), or nothing when the deadline passes
  // or the server closes the stream.
  std::optional<StreamEvent> next(std::chrono::milliseconds timeout);
  // Whether the server has closed the stream within `timeout` (events
  // arriving meanwhile are dropped).
  bool closedWithin(std::chrono::milliseconds timeout);

  void close() { socket_.close(); }

 private:
  // Appends what arrives before `deadline`; false on timeout or close.
  bool receiveMore(std::chrono::steady_clock::time_point deadline);
  std::optional<std::string> takeLine();

  Poco::Net::StreamSocket socket_;
  std::string buffer_;
  std::map<std::string, std::string> headers_;
  bool closed_ = false;
};

}  // namespace cartable::testing
