// Asks the node's own HTTP(S) listener for /healthz, to prove that the worker
// pool still answers requests before telling systemd's watchdog all is well.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/base/result.h"

namespace cartable::cli {

class HealthProbe {
 public:
  // `listen_address` as configured: a wildcard (0.0.0.0, ::) is probed on
  // the matching loopback address.
  HealthProbe(const std::string& listen_address, std::uint16_t port, bool tls);
  ~HealthProbe();

  // GET /healthz; ok when 200 arrives within `timeout`, else an error naming
  // the URL and what went wrong.
  Status check(std::chrono::milliseconds timeout) const;

  const std::string& url() const { return url_; }

 private:
  struct Tls;
  std::string host_;
  std::uint16_t port_;
  std::unique_ptr<Tls> tls_;  // null for plain HTTP
  std::string url_;
};

}  // namespace cartable::cli
