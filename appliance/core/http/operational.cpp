#include "core/http/operational.h"

#include <cassert>

#include "core/http/json.h"
#include "core/http/problem.h"

namespace cartable::http {
namespace {

bool isLoopback(const std::string& address) {
  return address.starts_with("127.") || address == "::1" || address.starts_with("::ffff:127.");
}

}  // namespace

Response healthResponse() {
  auto body = newObject();
  body->set("status", "ok");
  return jsonResponse(200, body);
}

Response readinessResponse(bool ready) {
  if (!ready) {
    Response answer = problem(503, "the service is not ready yet");
    answer.setHeader("Retry-After", "5");
    return answer;
  }
  auto body = newObject();
  body->set("status", "ready");
  return jsonResponse(200, body);
}

Response metricsResponse(const Metrics& metrics, const Request& request) {
  // Through a proxy, a loopback peer says nothing of who is asking.
  if (!isLoopback(request.remote_address) || request.via_proxy) {
    return problem(403, "metrics are served to loopback clients only");
  }
  return Response{200, "text/plain; version=0.0.4; charset=utf-8", metrics.render(), {}};
}

void addOperationalRoutes(Router& router, Metrics& metrics, std::function<bool()> ready) {
  assert(ready);
  router.add(Method::get, "/healthz", [](Request&) { return healthResponse(); });
  router.add(Method::get, "/readyz",
             [ready = std::move(ready)](Request&) { return readinessResponse(ready()); });
  router.add(Method::get, "/metrics",
             [&metrics](Request& request) { return metricsResponse(metrics, request); });
}

}  // namespace cartable::http
