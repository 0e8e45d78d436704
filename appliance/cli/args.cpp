#include "cli/args.h"

namespace cartable::cli {

Result<Args> Args::parse(int argc, char** argv, int first, std::set<std::string> with_value,
                         std::set<std::string> flags) {
  Args args;
  for (int i = first; i < argc; ++i) {
    std::string word = argv[i];
    if (!word.starts_with("--")) {
      args.positional_.push_back(word);
      continue;
    }
    std::string name = word.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (flags.contains(name) && !inline_value) {
      args.flags_.insert(name);
    } else if (with_value.contains(name)) {
      if (!inline_value && i + 1 >= argc) {
        return makeError(Errc::invalid_argument, "option --" + name + " needs a value", name);
      }
      args.values_.emplace(name, inline_value ? *inline_value : std::string(argv[++i]));
    } else {
      return makeError(Errc::invalid_argument, "unknown option --" + name, name);
    }
  }
  return args;
}

std::optional<std::string> Args::value(const std::string& name) const {
  auto found = values_.find(name);
  if (found == values_.end()) return std::nullopt;
  return found->second;
}

std::vector<std::string> Args::values(const std::string& name) const {
  std::vector<std::string> out;
  auto [begin, end] = values_.equal_range(name);
  for (auto it = begin; it != end; ++it) out.push_back(it->second);
  return out;
}

}  // namespace cartable::cli
