// Health, readiness, metrics and the API's own description, without sign-in.
#include "api/openapi/openapi_document.h"
#include "api/routes.h"
#include "core/http/operational.h"

namespace cartable::api {

void addOperationalRoutes(RouteTable& table, std::function<bool()> ready) {
  using http::Method;
  table.add({Method::get, "/healthz", Audience::anyone, nullptr,
             [](Call&) { return http::healthResponse(); }});
  table.add({Method::get, "/readyz", Audience::anyone, nullptr,
             [ready](Call&) { return http::readinessResponse(ready()); }});
  table.add({Method::get, "/metrics", Audience::anyone, nullptr, [](Call& call) {
               return http::metricsResponse(call.services.metrics, call.request);
             }});
  table.add({Method::get, "/api/v1/openapi.yaml", Audience::anyone, nullptr, [](Call&) {
               return http::Response{200, "application/yaml", std::string(openApiDocument()), {}};
             }});
}

}  // namespace cartable::api
