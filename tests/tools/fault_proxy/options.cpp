#include "options.h"

#include <functional>
#include <optional>

#include "values.h"

namespace cartable::fault_proxy {

const char* const kUsage =
    "usage: cartable-fault-proxy --upstream HOST:PORT [--listen HOST:PORT] [faults...]\n"
    "Forwards TCP connections to the upstream and injects faults. Prints\n"
    "\"listening on HOST:PORT\" first, then reads commands on stdin (\"help\").\n"
    "Fault values may start with up: (client to upstream) or down: (upstream to\n"
    "client); without it they apply to both directions.\n"
    "  --listen HOST:PORT        address to listen on (default 127.0.0.1:0)\n"
    "  --latency-ms [DIR:]MS     added to every byte\n"
    "  --jitter-ms [DIR:]MS      plus a random extra from 0 to MS (order is kept)\n"
    "  --rate [DIR:]RATE         cap in bytes/s, or e.g. 64kbit, 1mbit\n"
    "  --cut-after [DIR:]BYTES   cut each connection after BYTES of the direction\n"
    "  --cut-random [DIR:]SEED   cut each connection at a random byte (seeded)\n"
    "  --cut-random-max BYTES    largest random cut point (default 65536)\n"
    "  --cut-mode [DIR:]fin|rst  how cuts close both sides (default rst)\n"
    "  --black-hole[=DIR]        read but forward nothing, never close\n"
    "  --slow-close-ms [DIR:]MS  delay passing on an end of file\n"
    "  --refuse                  reset every new connection at once\n"
    "  --seed N                  seed for the jitter (default 0)\n"
    "  --buffer-bytes N          bytes held per connection and direction before\n"
    "                            reading stops (default 262144)\n";

namespace {

using Change = std::function<Status(DirectionFaults&, std::string_view value)>;

// "up:VALUE", "down:VALUE" or "VALUE".
std::pair<Direction, std::string_view> splitDirection(std::string_view text) {
  for (Direction one : {Direction::up, Direction::down}) {
    const std::string_view prefix = one == Direction::up ? "up:" : "down:";
    if (text.starts_with(prefix)) return {one, text.substr(prefix.size())};
  }
  return {Direction::both, text};
}

Status applyDirectional(Options& options, std::string_view text, const Change& change) {
  const auto [direction, value] = splitDirection(text);
  if (direction != Direction::down) CARTABLE_RETURN_IF_ERROR(change(options.up, value));
  if (direction != Direction::up) CARTABLE_RETURN_IF_ERROR(change(options.down, value));
  return okStatus();
}

Change millisInto(std::chrono::milliseconds DirectionFaults::*field, const std::string& name) {
  return [field, name](DirectionFaults& faults, std::string_view value) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(const std::uint64_t ms, parseNumber(value, name, 3'600'000));
    faults.*field = std::chrono::milliseconds(ms);
    return okStatus();
  };
}

std::optional<Change> directionalOption(const std::string& name) {
  const std::string option = "--" + name;
  if (name == "latency-ms") return millisInto(&DirectionFaults::latency, option);
  if (name == "jitter-ms") return millisInto(&DirectionFaults::jitter, option);
  if (name == "slow-close-ms") return millisInto(&DirectionFaults::slow_close, option);
  if (name == "rate") {
    return [option](DirectionFaults& faults, std::string_view value) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(faults.rate, parseRate(value, option));
      return okStatus();
    };
  }
  if (name == "cut-after") {
    return [option](DirectionFaults& faults, std::string_view value) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(faults.cut_after, parseNumber(value, option));
      return okStatus();
    };
  }
  if (name == "cut-random") {
    return [option](DirectionFaults& faults, std::string_view value) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(const std::uint64_t seed, parseNumber(value, option));
      faults.cut_random = RandomCut{seed, RandomCut{}.max_bytes};
      return okStatus();
    };
  }
  if (name == "cut-mode") {
    return [option](DirectionFaults& faults, std::string_view value) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(faults.cut_mode, parseCutMode(value, option));
      return okStatus();
    };
  }
  return std::nullopt;
}

Status applyFlag(Options& options, const std::string& name, std::optional<std::string> value) {
  if (name == "help" || name == "refuse") {
    if (value) return makeError(Errc::invalid_argument, "--" + name + " takes no value", name);
    (name == "help" ? options.help : options.refuse) = true;
    return okStatus();
  }
  // --black-hole or --black-hole=up|down
  const std::optional<Direction> direction = value ? parseDirection(*value) : Direction::both;
  if (!direction) {
    return makeError(Errc::invalid_argument,
                     "--black-hole \"" + *value + "\" is not a direction: up, down or both", name);
  }
  if (*direction != Direction::down) options.up.black_hole = true;
  if (*direction != Direction::up) options.down.black_hole = true;
  return okStatus();
}

Status applyValue(Options& options, const std::string& name, const std::string& value,
                  std::optional<std::uint64_t>& random_max, bool& upstream_given) {
  const std::string option = "--" + name;
  if (const std::optional<Change> change = directionalOption(name)) {
    return applyDirectional(options, value, *change);
  }
  if (name == "listen") {
    CARTABLE_ASSIGN_OR_RETURN(options.config.listen, parseEndpoint(value, option));
  } else if (name == "upstream") {
    CARTABLE_ASSIGN_OR_RETURN(options.config.upstream, parseEndpoint(value, option));
    if (options.config.upstream.port == 0) {
      return makeError(Errc::invalid_argument,
                       "--upstream \"" + value + "\" needs a port other than 0", name);
    }
    upstream_given = true;
  } else if (name == "cut-random-max") {
    CARTABLE_ASSIGN_OR_RETURN(random_max, parseNumber(value, option, UINT32_MAX));
    if (*random_max == 0) {
      return makeError(Errc::invalid_argument, "--cut-random-max must be at least 1", name);
    }
  } else if (name == "seed") {
    CARTABLE_ASSIGN_OR_RETURN(options.config.seed, parseNumber(value, option));
  } else if (name == "buffer-bytes") {
    CARTABLE_ASSIGN_OR_RETURN(const std::uint64_t bytes, parseNumber(value, option, 1u << 30));
    if (bytes == 0)
      return makeError(Errc::invalid_argument, "--buffer-bytes must be at least 1", name);
    options.config.max_held_bytes = static_cast<std::size_t>(bytes);
  }
  return okStatus();
}

bool isFlag(const std::string& name) {
  return name == "help" || name == "refuse" || name == "black-hole";
}

bool takesValue(const std::string& name) {
  return directionalOption(name) || name == "listen" || name == "upstream" ||
         name == "cut-random-max" || name == "seed" || name == "buffer-bytes";
}

}  // namespace

Result<Options> parseOptions(const std::vector<std::string>& arguments) {
  Options options;
  std::optional<std::uint64_t> random_max;
  bool upstream_given = false;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const std::string& word = arguments[i];
    if (!word.starts_with("--")) {
      return makeError(Errc::invalid_argument, "unexpected argument \"" + word + "\"");
    }
    std::string name = word.substr(2);
    std::optional<std::string> value;
    if (const std::size_t equals = name.find('='); equals != std::string::npos) {
      value = name.substr(equals + 1);
      name.resize(equals);
    }
    if (isFlag(name)) {
      CARTABLE_RETURN_IF_ERROR(applyFlag(options, name, value));
      continue;
    }
    if (!takesValue(name))
      return makeError(Errc::invalid_argument, "unknown option --" + name, name);
    if (!value && i + 1 < arguments.size()) value = arguments[++i];
    if (!value)
      return makeError(Errc::invalid_argument, "option --" + name + " needs a value", name);
    CARTABLE_RETURN_IF_ERROR(applyValue(options, name, *value, random_max, upstream_given));
  }
  if (options.help) return options;
  if (!upstream_given) {
    return makeError(Errc::invalid_argument, "--upstream HOST:PORT is required", "upstream");
  }
  if (random_max) {
    for (DirectionFaults* faults : {&options.up, &options.down}) {
      if (faults->cut_random) faults->cut_random->max_bytes = *random_max;
    }
  }
  return options;
}

}  // namespace cartable::fault_proxy
