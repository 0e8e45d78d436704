// Parses the text of cartable.yaml into one YAML document. Private to the
// config module.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string_view>

#include "config/detail/yaml_reader.h"

namespace cartable::config::detail {

// The top-level mapping of `text`. Reports, and returns nothing for, a syntax
// error, an empty file or a top level that is not a mapping; a second document
// is reported but the first is still returned.
std::optional<YAML::Node> parseConfigDocument(std::string_view text, ProblemList& problems);

}  // namespace cartable::config::detail
