// A file compiled into the program (migrations, the OpenAPI document).
#pragma once

#include <span>
#include <string_view>

namespace cartable {

struct EmbeddedFile {
  std::string_view name;
  std::string_view contents;
};

}  // namespace cartable
