// The HTTP(S) server: Poco's HTTPServer with an explicit thread pool and
// queue, limits on body size and headers, 503 with Retry-After when the queue
// is full, an access log, metrics, and one exception boundary per request.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/settings.h"
#include "core/base/result.h"
#include "core/http/metrics.h"
#include "core/http/router.h"

namespace cartable::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port
  bool tls = false;
  std::string certificate_file;  // PEM, when tls
  std::string private_key_file;  // PEM, when tls
  config::LimitSettings limits;
  bool access_log = true;
  std::vector<std::string> trusted_proxies;  // reverse proxies whose X-Forwarded-* is believed

  static ServerOptions fromSettings(const config::Settings& settings);
};

struct ServerStats {
  int current_threads = 0;
  int queued_connections = 0;
  int refused_connections = 0;
  int current_connections = 0;
};

class Server {
 public:
  // The router and metrics must outlive the server.
  Server(ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();

  // Binds and starts accepting. After it returns ok, port() is the bound port.
  Status start();
  // Stops accepting, lets running requests finish (up to a few seconds).
  void stop();

  std::uint16_t port() const;
  ServerStats stats() const;
  // Turns the access log on or off while serving (configuration reload).
  void setAccessLog(bool enabled);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cartable::http
