// The OpenAPI 3.0.3 description of the school node's API (openapi.yaml in
// this folder), compiled into the program so that the node can serve it.
#pragma once

#include <string_view>

namespace cartable::api {

// The YAML text of openapi.yaml, unchanged; valid for the program's lifetime.
std::string_view openApiDocument();

}  // namespace cartable::api
