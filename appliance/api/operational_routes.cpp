// Health, readiness and metrics, for systemd, load balancers and Prometheus.
#include "api/openapi/openapi_document.h"
#include "api/routes.h"
#include "core/http/problem.h"

namespace cartable::api {
namespace {

bool isLoopback(const std::string& address) {
  return address.starts_with("127.") || address == "::1" || address.starts_with("::ffff:127.");
}

}  // namespace

void addOperationalRoutes(RouteTable& table, std::function<bool()> ready) {
  using http::Method;
  table.add({Method::get, "/healthz", Audience::anyone, nullptr, [](Call&) {
               auto body = http::newObject();
               body->set("status", "ok");
               return http::jsonResponse(200, body);
             }});
  table.add({Method::get, "/readyz", Audience::anyone, nullptr, [ready](Call&) {
               if (!ready()) {
                 http::Response busy = http::problem(503, "starting or stopping");
                 busy.setHeader("Retry-After", "1");
                 return busy;
               }
               auto body = http::newObject();
               body->set("status", "ready");
               return http::jsonResponse(200, body);
             }});
  table.add({Method::get, "/api/v1/openapi.yaml", Audience::anyone, nullptr, [](Call&) {
               return http::Response{200, "application/yaml", std::string(openApiDocument()), {}};
             }});
  // Metrics reveal load, not personal data; still, only the machine itself
  // (a local Prometheus agent or a tunnel) may read them.
  table.add({Method::get, "/metrics", Audience::anyone, nullptr, [](Call& call) {
               if (!isLoopback(call.request.remote_address)) {
                 return http::problem(403, "metrics are served to loopback clients only");
               }
               return http::Response{200, "text/plain; version=0.0.4; charset=utf-8",
                                     call.services.metrics.render(), {}};
             }});
}

}  // namespace cartable::api
