#include "support/event_stream_client.h"

#include <Poco/Exception.h>
#include <Poco/Net/SocketAddress.h>

#include <algorithm>
#include <cctype>

namespace cartable::testing {

using SteadyClock = std::chrono::steady_clock;

EventStreamClient::EventStreamClient(std::uint16_t port, const std::string& path,
                                     const std::map<std::string, std::string>& headers) {
  socket_.connect(Poco::Net::SocketAddress("127.0.0.1", port));
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  request += "Accept: text/event-stream\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "\r\n";
  socket_.sendBytes(request.data(), static_cast<int>(request.size()));
}

bool EventStreamClient::receiveMore(SteadyClock::time_point deadline) {
  if (closed_) return false;
  const auto left = deadline - SteadyClock::now();
  if (left <= SteadyClock::duration::zero()) return false;
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(left).count();
  try {
    if (!socket_.poll(Poco::Timespan(micros), Poco::Net::Socket::SELECT_READ)) return false;
    char chunk[4096];
    const int got = socket_.receiveBytes(chunk, sizeof(chunk));
    if (got <= 0) {
      closed_ = true;
      return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(got));
    return true;
  } catch (const Poco::Exception&) {
    closed_ = true;
    return false;
  }
}

std::optional<std::string> EventStreamClient::takeLine() {
  const std::size_t end = buffer_.find('\n');
  if (end == std::string::npos) return std::nullopt;
  std::string line = buffer_.substr(0, end);
  buffer_.erase(0, end + 1);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int EventStreamClient::readHead(std::chrono::milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  int status = 0;
  for (;;) {
    auto line = takeLine();
    if (!line) {
      if (!receiveMore(deadline)) return status;
      continue;
    }
    if (status == 0) {
      status = std::stoi(line->substr(9, 3));  // "HTTP/1.1 200 OK"
    } else if (line->empty()) {
      return status;
    } else if (const auto colon = line->find(':'); colon != std::string::npos) {
      std::string name = line->substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      headers_[name] = line->substr(line->find_first_not_of(' ', colon + 1));
    }
  }
}

std::string EventStreamClient::header(const std::string& lower_case_name) const {
  const auto found = headers_.find(lower_case_name);
  return found == headers_.end() ? std::string() : found->second;
}

std::optional<StreamEvent> EventStreamClient::next(std::chrono::milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  StreamEvent event;
  bool has_field = false;
  for (;;) {
    auto line = takeLine();
    if (!line) {
      if (!receiveMore(deadline)) return std::nullopt;
      continue;
    }
    if (line->empty()) {
      if (!has_field) continue;  // the end of a comment or of a retry field
      if (event.name.empty()) event.name = "message";
      return event;
    }
    if ((*line)[0] == ':') continue;
    const auto colon = line->find(':');
    const std::string field = line->substr(0, colon);
    std::string value = colon == std::string::npos ? "" : line->substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.erase(0, 1);
    if (field == "event") {
      event.name = value;
      has_field = true;
    } else if (field == "id") {
      event.id = value;
      has_field = true;
    } else if (field == "data") {
      event.data += (event.data.empty() ? "" : "\n") + value;
      has_field = true;
    }
  }
}

bool EventStreamClient::closedWithin(std::chrono::milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  while (!closed_ && SteadyClock::now() < deadline) {
    receiveMore(deadline);
    buffer_.clear();
  }
  return closed_;
}

}  // namespace cartable::testing
