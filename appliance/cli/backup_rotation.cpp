#include "cli/backup_rotation.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <filesystem>

namespace cartable::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrefix = "cartable-";
constexpr std::string_view kSuffix = ".db";
constexpr std::string_view kStampShape = "dddddddd-dddddd";

bool matchesShape(std::string_view stamp) {
  if (stamp.size() != kStampShape.size()) return false;
  for (std::size_t i = 0; i < stamp.size(); ++i) {
    const bool digit = std::isdigit(static_cast<unsigned char>(stamp[i])) != 0;
    if ((kStampShape[i] == 'd') != digit) return false;
    if (!digit && stamp[i] != kStampShape[i]) return false;
  }
  return true;
}

}  // namespace

std::string backupFileName(Seconds when) {
  const std::time_t time = static_cast<std::time_t>(when);
  std::tm utc{};
  ::gmtime_r(&time, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &utc);
  return std::string(kPrefix) + stamp + std::string(kSuffix);
}

bool isBackupFileName(const std::string& name) {
  const std::string_view view(name);
  if (!view.starts_with(kPrefix) || !view.ends_with(kSuffix)) return false;
  return matchesShape(view.substr(kPrefix.size(), view.size() - kPrefix.size() - kSuffix.size()));
}

Result<std::vector<std::string>> listBackups(const std::string& directory) {
  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (isBackupFileName(name) && it->is_regular_file()) names.push_back(name);
  }
  if (error) {
    return makeError(Errc::io_error, "cannot list " + directory + ": " + error.message(), "to-dir");
  }
  // The names embed the time with fixed widths: name order is time order.
  std::sort(names.begin(), names.end());
  std::vector<std::string> paths;
  paths.reserve(names.size());
  for (const std::string& name : names) paths.push_back((fs::path(directory) / name).string());
  return paths;
}

Result<std::vector<std::string>> pruneBackups(const std::string& directory, int keep) {
  if (keep < 1) {
    return makeError(Errc::invalid_argument,
                     "--keep must be at least 1, got " + std::to_string(keep), "keep");
  }
  CARTABLE_ASSIGN_OR_RETURN(std::vector<std::string> backups, listBackups(directory));
  const std::size_t excess =
      backups.size() > static_cast<std::size_t>(keep) ? backups.size() - keep : 0;
  std::vector<std::string> removed;
  for (std::size_t i = 0; i < excess; ++i) {
    std::error_code error;
    if (!fs::remove(backups[i], error) && error) {
      return makeError(Errc::io_error, "cannot remove " + backups[i] + ": " + error.message(),
                       "to-dir");
    }
    removed.push_back(backups[i]);
  }
  return removed;
}

}  // namespace cartable::cli
