// Health, readiness and metrics answers, for systemd, load balancers and
// Prometheus. The API registers them with its own access rules; tests of the
// HTTP layer register them directly.
#pragma once

#include <functional>

#include "core/http/message.h"
#include "core/http/metrics.h"
#include "core/http/router.h"

namespace cartable::http {

// {"status":"ok"} while the process serves.
Response healthResponse();
// {"status":"ready"}, or 503 with Retry-After while starting or stopping.
Response readinessResponse(bool ready);
// The metrics in the Prometheus text format, to loopback clients only:
// they reveal load, not personal data, but a school's box has no reason to
// show them to the network.
Response metricsResponse(const Metrics& metrics, const Request& request);

// Adds GET /healthz, /readyz and /metrics to `router` with the answers above.
void addOperationalRoutes(Router& router, Metrics& metrics, std::function<bool()> ready);

}  // namespace cartable::http
