// Shared helpers for the config tests.
#pragma once

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

// A fresh directory under the system temporary directory, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = std::filesystem::temp_directory_path() / "cartable-config-XXXXXX";
    const char* made = ::mkdtemp(pattern.data());
    if (made == nullptr) throw std::runtime_error("cannot create a temporary directory");
    path_ = made;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  std::filesystem::path write(const std::string& name, std::string_view content) const {
    const auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
    return file;
  }

 private:
  std::filesystem::path path_;
};

// The repository root, as given by the test harness; empty when unset.
inline std::filesystem::path sourceDir() {
  const char* dir = std::getenv("CARTABLE_SOURCE_DIR");
  return dir != nullptr ? dir : "";
}

}  // namespace cartable::config::testing
