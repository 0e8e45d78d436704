#include "api/openapi/openapi_document.h"

#include <span>

#include "core/base/embedded_file.h"

namespace cartable::api {
namespace embedded {

// Defined in the source that cartable_embed_files generates from openapi.yaml.
std::span<const EmbeddedFile> openApiFiles();

}  // namespace embedded

std::string_view openApiDocument() {
  return embedded::openApiFiles().front().contents;
}

}  // namespace cartable::api
