// cartable-report-sim: a region's schools and their school year of daily
// reports, sent to a running hub through the real federation protocol (see
// simulation.h and the README's "Regional report simulator").
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "core/base/log.h"
#include "federation/agent/agent.h"
#include "tests/tools/report_sim/simulation.h"

namespace {

using namespace cartable;
using namespace cartable::report_sim;

constexpr const char* kUsage =
    "usage: cartable-report-sim --hub HOST:PORT --hub-database FILE --state DIR\n"
    "         [--schools N] [--seed S] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
    "         [--round-days D] [--links L] [--threads T] [--detail levels|full] [--k K]\n"
    "         [--outages on|off] [--figures FILE] [--quiet]\n"
    "  --hub           the hub's federation address (federation.listen_port)\n"
    "  --hub-database  the hub's database, where schools are registered as\n"
    "                  `cartable hub add-school` does (the hub may be running)\n"
    "  --state         the simulated schools' keys and databases, kept between runs\n"
    "  defaults: 1,000 schools, seed 1, the 365 days ending yesterday, rounds of 20\n"
    "  school days, 8 links at once, 2 threads, detail levels, k 10, outages on\n";

int usage(const std::string& problem) {
  std::cerr << "cartable-report-sim: " << problem << "\n" << kUsage;
  return 2;
}

struct Parsed {
  std::map<std::string, std::string> values;
  bool quiet = false;
};

std::optional<Parsed> parseArgs(int argc, char** argv, std::string& problem) {
  Parsed parsed;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--quiet") {
      parsed.quiet = true;
    } else if (arg.starts_with("--") && i + 1 < argc) {
      parsed.values[arg.substr(2)] = argv[++i];
    } else {
      problem = "unexpected argument " + arg;
      return std::nullopt;
    }
  }
  return parsed;
}

std::optional<int> number(const Parsed& parsed, const std::string& name, int fallback, int low,
                          int high, std::string& problem) {
  const auto found = parsed.values.find(name);
  if (found == parsed.values.end()) return fallback;
  try {
    std::size_t used = 0;
    const int value = std::stoi(found->second, &used);
    if (used == found->second.size() && value >= low && value <= high) return value;
  } catch (const std::exception&) {
  }
  problem = "--" + name + " " + found->second + " is not a number from " + std::to_string(low) +
            " to " + std::to_string(high);
  return std::nullopt;
}

std::optional<civil::Day> day(const Parsed& parsed, const std::string& name, civil::Day fallback,
                              std::string& problem) {
  const auto found = parsed.values.find(name);
  if (found == parsed.values.end()) return fallback;
  auto parsed_day = civil::parseDay(found->second);
  if (!parsed_day) problem = "--" + name + " " + found->second + " is not YYYY-MM-DD";
  return parsed_day;
}

std::int64_t percentile(std::vector<std::int64_t> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(rank, values.size() - 1)];
}

void writeFigures(const std::string& path, const SimulationFigures& figures) {
  std::vector<std::int64_t> link_millis;
  double send_seconds = 0, append_seconds = 0;
  int links = 0;
  for (const auto& round : figures.rounds) {
    link_millis.insert(link_millis.end(), round.link_millis.begin(), round.link_millis.end());
    send_seconds += round.send_seconds;
    append_seconds += round.append_seconds;
    links += round.links;
  }
  std::ofstream out(path);
  out << "schools=" << figures.schools << "\nenrolled_now=" << figures.enrolled_now
      << "\nenroll_seconds=" << figures.enroll_seconds << "\nreports=" << figures.reports()
      << "\nrecords_sent=" << figures.recordsSent() << "\nlinks=" << links
      << "\nfailed_links=" << figures.failedLinks() << "\nappend_seconds=" << append_seconds
      << "\nsend_seconds=" << send_seconds << "\nlink_p50_ms=" << percentile(link_millis, 0.5)
      << "\nlink_p99_ms=" << percentile(link_millis, 0.99) << "\n";
}

std::optional<SimulationOptions> options(const Parsed& parsed, std::string& problem) {
  SimulationOptions options;
  for (const char* required : {"hub", "hub-database", "state"}) {
    if (!parsed.values.contains(required)) {
      problem = std::string("--") + required + " is required";
      return std::nullopt;
    }
  }
  const auto hub = federation::parseHubAddress(parsed.values.at("hub"));
  if (!hub) {
    problem = "--hub " + parsed.values.at("hub") + " is not HOST:PORT";
    return std::nullopt;
  }
  options.links.hub = {hub->host, hub->port};
  options.state_dir = parsed.values.at("state");
  const auto schools = number(parsed, "schools", 1000, 1, 20000, problem);
  const auto seed = number(parsed, "seed", 1, 0, 1'000'000, problem);
  const auto round_days = number(parsed, "round-days", 20, 1, 400, problem);
  const auto links = number(parsed, "links", 8, 1, 16, problem);
  const auto threads = number(parsed, "threads", 2, 1, 16, problem);
  const auto k = number(parsed, "k", 10, 5, 1000, problem);
  const civil::Day yesterday = civil::dayOf(SystemClock::instance().now()) - std::chrono::days(1);
  const auto to = day(parsed, "to", yesterday, problem);
  const auto from = day(parsed, "from", (to ? *to : yesterday) - std::chrono::days(364), problem);
  if (!problem.empty()) return std::nullopt;
  options.region.schools = *schools;
  options.region.seed = static_cast<std::uint64_t>(*seed);
  options.round_days = *round_days;
  options.links.max_links = *links;
  options.links.threads = *threads;
  options.k = *k;
  options.from = *from;
  options.to = *to;
  const std::string detail =
      parsed.values.contains("detail") ? parsed.values.at("detail") : "levels";
  const std::string outages =
      parsed.values.contains("outages") ? parsed.values.at("outages") : "on";
  if ((detail != "levels" && detail != "full") || (outages != "on" && outages != "off")) {
    problem = "--detail is levels or full, --outages on or off";
    return std::nullopt;
  }
  options.detail = detail == "full" ? ReportDetail::full : ReportDetail::levels;
  options.outages = outages == "on";
  if (*from > *to) {
    problem = "--from is after --to";
    return std::nullopt;
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  std::string problem;
  const auto parsed = parseArgs(argc, argv, problem);
  if (!parsed) return usage(problem);
  auto simulation = options(*parsed, problem);
  if (!simulation) return usage(problem);
  log::setLevel(log::Level::error);
  if (!parsed->quiet) {
    simulation->progress = [](const std::string& line) { std::cout << line << std::endl; };
  }
  auto hub_db = storage::Database::open(parsed->values.at("hub-database"), {1, 30'000, false});
  if (!hub_db.ok()) {
    std::cerr << "cartable-report-sim: cannot open the hub's database: " << hub_db.error().message
              << "\n";
    return 1;
  }
  auto figures =
      simulateYear(*simulation, **hub_db, SystemClock::instance(), SecureRandom::instance());
  if (!figures.ok()) {
    std::cerr << "cartable-report-sim: " << figures.error().message << "\n";
    return 1;
  }
  std::cout << figures->schools << " schools (" << figures->enrolled_now << " enrolled now, "
            << figures->enroll_seconds << " s), " << figures->reports() << " reports made, "
            << figures->recordsSent() << " records sent, " << figures->failedLinks()
            << " links failed\n";
  for (const auto& round : figures->rounds) {
    for (const auto& failure : round.failures) std::cout << "  link failed: " << failure << "\n";
  }
  if (parsed->values.contains("figures")) writeFigures(parsed->values.at("figures"), *figures);
  // A school that could not link in an earlier round sends its reports in a
  // later one; one that could not in the last round leaves them unsent.
  const bool all_sent = figures->rounds.empty() || figures->rounds.back().gave_up == 0;
  if (!all_sent) std::cerr << "cartable-report-sim: links failed in the last round\n";
  return all_sent ? 0 : 1;
}
