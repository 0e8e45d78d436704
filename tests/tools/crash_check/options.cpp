#include "options.h"

#include <charconv>
#include <optional>

namespace cartable::crash {

const char* const kUsage =
    "usage: cartable-crash-check --cartable PATH [--kills N] [--seed S] [--writers W]\n"
    "                            [--work-dir DIR] [--keep]\n"
    "Kills `cartable serve` with SIGKILL N times (default 20) while W writer threads\n"
    "(default 4) write, each in turn a subject, an announcement and a document upload,\n"
    "and checks after each kill that the database is intact and that every write the\n"
    "server acknowledged is still there, each uploaded file whole in the file store.\n"
    "  --seed S      seed for the delays before each kill (default: random, printed)\n"
    "  --work-dir D  directory for the node's files; must not exist or be empty\n"
    "                (default: a new directory under $TMPDIR); removed afterwards\n"
    "  --keep        leave the work directory in place afterwards\n";

namespace {

template <class T>
Result<T> number(const std::string& name, const std::string& text, T min, T max) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return makeError(Errc::invalid_argument,
                     "--" + name + " must be a whole number from " + std::to_string(min) + " to " +
                         std::to_string(max) + ", not \"" + text + "\"",
                     name);
  }
  return value;
}

Status apply(Options& options, const std::string& name, const std::string& value) {
  if (name == "cartable") {
    options.cartable = value;
  } else if (name == "kills") {
    CARTABLE_ASSIGN_OR_RETURN(options.kills, number(name, value, 1, 10000));
  } else if (name == "writers") {
    CARTABLE_ASSIGN_OR_RETURN(options.writers, number(name, value, 1, 64));
  } else if (name == "seed") {
    CARTABLE_ASSIGN_OR_RETURN(options.seed, number<std::uint64_t>(name, value, 0, UINT64_MAX));
    options.seed_given = true;
  } else if (name == "work-dir") {
    options.work_dir = value;
  } else {
    return makeError(Errc::invalid_argument, "unknown option --" + name, name);
  }
  return okStatus();
}

}  // namespace

Result<Options> parseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (!word.starts_with("--")) {
      return makeError(Errc::invalid_argument, "unexpected argument \"" + word + "\"");
    }
    std::string name = word.substr(2);
    if (name == "keep") {
      options.keep = true;
      continue;
    }
    if (name == "self-test-drop-one") {
      options.self_test_drop_one = true;
      continue;
    }
    std::optional<std::string> value;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    }
    if (!value)
      return makeError(Errc::invalid_argument, "option --" + name + " needs a value", name);
    CARTABLE_RETURN_IF_ERROR(apply(options, name, *value));
  }
  if (options.cartable.empty()) {
    return makeError(Errc::invalid_argument, "--cartable PATH is required", "cartable");
  }
  return options;
}

}  // namespace cartable::crash
