// Shared helpers for the config tests.
#pragma once

#include "support/temp_dir.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "config/loader.h"

namespace cartable::config::testing {

// A valid school identity, appended after the snippet under test so that the
// snippet's line numbers read as written.
inline constexpr std::string_view kSchoolIdentity =
    "role: school\n"
    "school: {uai: \"0541234Y\", name: \"Collège Jean Moulin\", academie: Nancy-Metz, "
    "department: \"54\"}\n";

// Every problem of `text`, loaded as "cartable.yaml", rendered by toString().
inline std::vector<std::string> problemsOf(std::string_view text) {
  std::vector<std::string> rendered;
  for (const auto& problem : loadSettingsText(text, "cartable.yaml").problems) {
    rendered.push_back(problem.toString());
  }
  return rendered;
}

// Problems of `snippet` followed by a valid school identity.
inline std::vector<std::string> schoolProblems(std::string_view snippet) {
  return problemsOf(std::string(snippet) + std::string(kSchoolIdentity));
}

inline LoadResult loadSchool(std::string_view snippet) {
  return loadSettingsText(std::string(snippet) + std::string(kSchoolIdentity), "cartable.yaml");
}

using cartable::testing::TempDir;

// The repository root, as given by the test harness; empty when unset.
inline std::filesystem::path sourceDir() {
  const char* dir = std::getenv("CARTABLE_SOURCE_DIR");
  return dir != nullptr ? dir : "";
}

}  // namespace cartable::config::testing
