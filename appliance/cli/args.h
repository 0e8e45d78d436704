// Command-line options of the form "--name value" and "--flag", after a
// command word.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/base/result.h"

namespace cartable::cli {

class Args {
 public:
  // Parses argv[first..]. `with_value` names the options that take a value
  // (they may repeat); `flags` those that do not. Anything else is refused,
  // naming it.
  static Result<Args> parse(int argc, char** argv, int first, std::set<std::string> with_value,
                            std::set<std::string> flags);

  std::optional<std::string> value(const std::string& name) const;
  std::vector<std::string> values(const std::string& name) const;
  bool flag(const std::string& name) const { return flags_.contains(name); }
  // Words that are not options (e.g. a login).
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::multimap<std::string, std::string> values_;
  std::set<std::string> flags_;
  std::vector<std::string> positional_;
};

// Exit codes (sysexits.h spirit).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitConfig = 78;

}  // namespace cartable::cli
