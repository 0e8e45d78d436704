// Helpers for the HTTP tests: a temporary directory, a server on 127.0.0.1
// port 0, and raw socket exchanges for requests a client library would not
// send.
#pragma once

#include "support/temp_dir.h"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "core/http/metrics.h"
#include "core/http/router.h"
#include "core/http/operational.h"
#include "core/http/server.h"

namespace cartable::http::testing {

using cartable::testing::TempDir;

// The whole content of a file, or "" when it cannot be read.
inline std::string readFile(const std::string& path) {
  std::string text;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return text;
  char buffer[4096];
  std::size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof(buffer), file)) > 0) text.append(buffer, count);
  std::fclose(file);
  return text;
}

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  bool has(const std::string& name) const { return headers.count(name) != 0; }
  std::string header(const std::string& name) const {
    const auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
  }
};

inline RawResponse parseRawResponse(const std::string& text) {
  RawResponse response;
  const std::size_t head_end = text.find("\r\n\r\n");
  if (text.size() < 12 || head_end == std::string::npos) return response;
  response.status = std::stoi(text.substr(9, 3));
  std::size_t line_start = text.find("\r\n") + 2;
  while (line_start < head_end) {
    const std::size_t line_end = text.find("\r\n", line_start);
    const std::string line = text.substr(line_start, line_end - line_start);
    const std::size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t value_start = colon + 1;
    while (value_start < line.size() && line[value_start] == ' ') ++value_start;
    response.headers[name] = line.substr(value_start);
    line_start = line_end + 2;
  }
  response.body = text.substr(head_end + 4);
  return response;
}

inline Poco::Net::StreamSocket connectTo(std::uint16_t port) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  return socket;
}

inline void sendText(Poco::Net::StreamSocket& socket, const std::string& text) {
  socket.sendBytes(text.data(), static_cast<int>(text.size()));
}

// Everything the server sends until it closes the connection.
inline std::string readUntilClosed(Poco::Net::StreamSocket& socket) {
  std::string text;
  char buffer[4096];
  try {
    while (true) {
      const int count = socket.receiveBytes(buffer, sizeof(buffer));
      if (count <= 0) break;
      text.append(buffer, static_cast<std::size_t>(count));
    }
  } catch (const Poco::Exception&) {
    // A reset after the answer still leaves the answer read.
  }
  return text;
}

// Sends `request` as is on a new connection and reads the answer until the
// server closes (send "Connection: close" unless the server closes anyway).
inline RawResponse rawExchange(std::uint16_t port, const std::string& request) {
  auto socket = connectTo(port);
  sendText(socket, request);
  return parseRawResponse(readUntilClosed(socket));
}

inline RawResponse get(std::uint16_t port, const std::string& target) {
  return rawExchange(port,
                     "GET " + target + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
}

inline bool waitFor(const std::function<bool()>& condition,
                    std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

inline ServerOptions plainOptions() {
  ServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.tls = false;
  options.access_log = false;
  options.limits.threads = 4;
  options.limits.queue = 8;
  return options;
}

// A started server; routes must be added before start().
struct TestServer {
  Router router;
  Metrics metrics;
  std::unique_ptr<Server> server;

  Status start(ServerOptions options = plainOptions()) {
    server = std::make_unique<Server>(std::move(options), router, metrics);
    return server->start();
  }
  std::uint16_t port() const { return server->port(); }
  ~TestServer() {
    if (server) server->stop();
  }
};

}  // namespace cartable::http::testing
