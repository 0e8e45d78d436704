// Reads and validates cartable.yaml.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/settings.h"

namespace cartable::config {

// One problem found in a configuration file. toString() renders it as
//   /etc/cartable/cartable.yaml:12:3: limits.threads: expected an integer from 1 to 1024, got "lots"
struct ConfigProblem {
  std::string file;
  int line = 0;     // 1-based; 0 when not tied to a place (e.g. a missing file)
  int column = 0;   // 1-based
  std::string key;  // dotted path, e.g. "school.uai"; empty for the whole file
  std::string message;

  std::string toString() const;
};

// Either valid settings, or every problem found.
struct LoadResult {
  Settings settings;
  std::vector<ConfigProblem> problems;
  bool ok() const { return problems.empty(); }
};

// Loads the file at `path`. Unknown keys, wrong types, out-of-range numbers,
// an invalid UAI, missing required keys and cross-key inconsistencies are all
// reported, each with its line and column.
LoadResult loadSettingsFile(const std::string& path);

// Same for text already in memory; `name` stands for the file name in problems.
LoadResult loadSettingsText(std::string_view text, const std::string& name);

inline constexpr const char* kDefaultConfigPath = "/etc/cartable/cartable.yaml";

}  // namespace cartable::config
