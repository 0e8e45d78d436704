#include "control.h"

#include <functional>
#include <sstream>
#include <vector>

#include "values.h"

namespace cartable::fault_proxy {

const char* const kCommandHelp =
    "commands (DIR is up, down or both; both when left out):\n"
    "  latency MS [DIR]            jitter MS [DIR]\n"
    "  rate RATE|off [DIR]         cut-after BYTES|off [DIR]\n"
    "  cut-random SEED|off [MAX] [DIR]\n"
    "  cut-mode fin|rst [DIR]      black-hole on|off [DIR]\n"
    "  slow-close MS [DIR]         refuse on|off\n"
    "  cut [fin|rst]               stats    help    quit\n"
    "Each command answers one line: ok, error: ..., or the stats.";

namespace {

using Words = std::vector<std::string>;
using Change = std::function<Status(DirectionFaults&)>;

Words split(std::string_view line) {
  std::istringstream in{std::string(line)};
  Words words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

Error usage(const std::string& command, const std::string& form) {
  return makeError(Errc::invalid_argument, "usage: " + command + " " + form, command);
}

// Applies `change` to the direction named by a trailing word (both if none).
Status changeFaults(FaultProxy& proxy, Words& words, const Change& change) {
  Direction direction = Direction::both;
  if (words.size() > 1) {
    if (const std::optional<Direction> named = parseDirection(words.back())) {
      direction = *named;
      words.pop_back();
    }
  }
  for (Direction one : {Direction::up, Direction::down}) {
    if ((static_cast<int>(direction) & static_cast<int>(one)) == 0) continue;
    DirectionFaults faults = proxy.faults(one);
    CARTABLE_RETURN_IF_ERROR(change(faults));
    proxy.setFaults(one, faults);
  }
  return okStatus();
}

Status millisCommand(FaultProxy& proxy, Words& words,
                     std::chrono::milliseconds DirectionFaults::*field) {
  const std::string name = words[0];
  return changeFaults(proxy, words, [&](DirectionFaults& faults) -> Status {
    if (words.size() != 2) return usage(name, "MS [DIR]");
    CARTABLE_ASSIGN_OR_RETURN(const std::uint64_t ms, parseNumber(words[1], name, 3'600'000));
    faults.*field = std::chrono::milliseconds(ms);
    return okStatus();
  });
}

Status rateCommand(FaultProxy& proxy, Words& words) {
  return changeFaults(proxy, words, [&](DirectionFaults& faults) -> Status {
    if (words.size() != 2) return usage("rate", "RATE|off [DIR]");
    if (words[1] == "off") {
      faults.rate = 0;
      return okStatus();
    }
    CARTABLE_ASSIGN_OR_RETURN(faults.rate, parseRate(words[1], "rate"));
    return okStatus();
  });
}

Status cutAfterCommand(FaultProxy& proxy, Words& words) {
  return changeFaults(proxy, words, [&](DirectionFaults& faults) -> Status {
    if (words.size() != 2) return usage("cut-after", "BYTES|off [DIR]");
    if (words[1] == "off") {
      faults.cut_after.reset();
      return okStatus();
    }
    CARTABLE_ASSIGN_OR_RETURN(faults.cut_after, parseNumber(words[1], "cut-after"));
    return okStatus();
  });
}

Status cutRandomCommand(FaultProxy& proxy, Words& words) {
  return changeFaults(proxy, words, [&](DirectionFaults& faults) -> Status {
    if (words.size() < 2 || words.size() > 3) return usage("cut-random", "SEED|off [MAX] [DIR]");
    if (words[1] == "off") {
      faults.cut_random.reset();
      return okStatus();
    }
    RandomCut cut;
    CARTABLE_ASSIGN_OR_RETURN(cut.seed, parseNumber(words[1], "cut-random"));
    if (words.size() == 3) {
      CARTABLE_ASSIGN_OR_RETURN(cut.max_bytes, parseNumber(words[2], "cut-random", UINT32_MAX));
      if (cut.max_bytes == 0) return usage("cut-random", "SEED|off [MAX >= 1] [DIR]");
    }
    faults.cut_random = cut;
    return okStatus();
  });
}

Status cutModeCommand(FaultProxy& proxy, Words& words) {
  return changeFaults(proxy, words, [&](DirectionFaults& faults) -> Status {
    if (words.size() != 2) return usage("cut-mode", "fin|rst [DIR]");
    CARTABLE_ASSIGN_OR_RETURN(faults.cut_mode, parseCutMode(words[1], "cut-mode"));
    return okStatus();
  });
}

Status blackHoleCommand(FaultProxy& proxy, Words& words) {
  return changeFaults(proxy, words, [&](DirectionFaults& faults) -> Status {
    if (words.size() != 2) return usage("black-hole", "on|off [DIR]");
    CARTABLE_ASSIGN_OR_RETURN(faults.black_hole, parseOnOff(words[1], "black-hole"));
    return okStatus();
  });
}

Status refuseCommand(FaultProxy& proxy, const Words& words) {
  if (words.size() != 2) return usage("refuse", "on|off");
  CARTABLE_ASSIGN_OR_RETURN(const bool on, parseOnOff(words[1], "refuse"));
  proxy.setRefuse(on);
  return okStatus();
}

Status cutCommand(FaultProxy& proxy, const Words& words) {
  if (words.size() > 2) return usage("cut", "[fin|rst]");
  CutMode mode = CutMode::reset;
  if (words.size() == 2) {
    CARTABLE_ASSIGN_OR_RETURN(mode, parseCutMode(words[1], "cut"));
  }
  proxy.cutAll(mode);
  return okStatus();
}

Status runFaultCommand(FaultProxy& proxy, Words& words) {
  const std::string& name = words[0];
  if (name == "latency") return millisCommand(proxy, words, &DirectionFaults::latency);
  if (name == "jitter") return millisCommand(proxy, words, &DirectionFaults::jitter);
  if (name == "slow-close") return millisCommand(proxy, words, &DirectionFaults::slow_close);
  if (name == "rate") return rateCommand(proxy, words);
  if (name == "cut-after") return cutAfterCommand(proxy, words);
  if (name == "cut-random") return cutRandomCommand(proxy, words);
  if (name == "cut-mode") return cutModeCommand(proxy, words);
  if (name == "black-hole") return blackHoleCommand(proxy, words);
  if (name == "refuse") return refuseCommand(proxy, words);
  if (name == "cut") return cutCommand(proxy, words);
  return makeError(Errc::invalid_argument, "unknown command \"" + name + "\" (try help)", name);
}

}  // namespace

Reply runCommand(FaultProxy& proxy, std::string_view line) {
  Words words = split(line);
  if (words.empty()) return {};
  if (words[0] == "quit") return {"ok", true};
  if (words[0] == "stats") return {formatStats(proxy.stats())};
  if (words[0] == "help") return {kCommandHelp};
  const Status status = runFaultCommand(proxy, words);
  if (!status.ok()) return {"error: " + status.error().message};
  return {"ok"};
}

}  // namespace cartable::fault_proxy
