#include "tests/tools/report_sim/simulation.h"

#include <algorithm>
#include <chrono>

#include "tests/tools/generator/dice.h"
#include "tests/tools/report_sim/school_calendar.h"

namespace cartable::report_sim {

namespace {

constexpr int kOutagePercent = 35;  // rounds a poor link misses
constexpr std::size_t kFailuresKept = 5;
constexpr int kLinkAttempts = 3;  // a failed link is made again at once, twice

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void say(const SimulationOptions& options, const std::string& line) {
  if (options.progress) options.progress(line);
}

Result<SimulationFigures> enrollAll(const SimulationOptions& options,
                                    const std::vector<SimulatedSchool>& schools, SchoolFleet& fleet,
                                    storage::Database& hub_db, const Clock& clock, Random& random) {
  SimulationFigures figures;
  figures.schools = static_cast<int>(schools.size());
  const auto start = std::chrono::steady_clock::now();
  for (const SimulatedSchool& school : schools) {
    CARTABLE_ASSIGN_OR_RETURN(OpenSchool open, fleet.openSchool(school));
    CARTABLE_ASSIGN_OR_RETURN(bool done, fleet.enrolled(*open.db));
    if (done) continue;
    Status enrolled = fleet.enroll(hub_db, school, open, options.links.hub, clock, random);
    if (!enrolled.ok()) {
      return makeError(enrolled.error().code,
                       "enrolling " + school.uai + ": " + enrolled.error().message, "hub");
    }
    if (++figures.enrolled_now % 100 == 0) {
      say(options, "enrolled " + std::to_string(figures.enrolled_now) + " schools");
    }
  }
  figures.enroll_seconds = secondsSince(start);
  return figures;
}

// Whether the school's link is down for the whole round.
bool linkDown(const SimulationOptions& options, const SimulatedSchool& school, int round,
              bool last_round) {
  if (!options.outages || last_round || school.link != LinkQuality::poor) return false;
  generator::Dice dice(options.region.seed * 104'729 +
                       static_cast<std::uint64_t>(school.index) * 131 +
                       static_cast<std::uint64_t>(round));
  return dice.chance(kOutagePercent);
}

class YearRun {
 public:
  YearRun(const SimulationOptions& options, std::vector<SimulatedSchool> schools,
          SchoolFleet& fleet, const Clock& clock, Random& random)
      : options_(options),
        schools_(std::move(schools)),
        fleet_(fleet),
        clock_(clock),
        random_(random),
        waiting_(schools_.size(), false) {}

  Result<RoundFigures> round(const std::vector<civil::Day>& all_days, std::size_t first,
                             std::size_t last, int number, bool last_round) {
    RoundFigures figures;
    figures.first_day = civil::formatDay(all_days[first]);
    figures.last_day = civil::formatDay(all_days[last]);
    std::vector<bool> send(schools_.size(), false);
    auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < schools_.size(); ++i) {
      const SimulatedSchool& school = schools_[i];
      std::vector<civil::Day> due;
      for (std::size_t d = first; d <= last; ++d) {
        const bool joined =
            !options_.outages || d >= static_cast<std::size_t>(school.first_day_offset);
        if (joined) due.push_back(all_days[d]);
      }
      if (due.empty() && !waiting_[i]) continue;
      CARTABLE_ASSIGN_OR_RETURN(OpenSchool open, fleet_.openSchool(school));
      ReportRequest shape;
      shape.detail = options_.detail;
      shape.k = options_.k;
      shape.seed = options_.region.seed;
      CARTABLE_ASSIGN_OR_RETURN(int added,
                                fleet_.appendReports(open, school, due, shape, clock_.now()));
      figures.reports += added;
      const bool pending = waiting_[i] || added > 0;
      const bool down = linkDown(options_, school, number, last_round);
      send[i] = pending && !down;
      waiting_[i] = pending && down;
    }
    figures.append_seconds = secondsSince(start);
    start = std::chrono::steady_clock::now();
    for (int attempt = 1; attempt <= kLinkAttempts; ++attempt) {
      const auto failed = linkAll(send, figures);
      send.assign(schools_.size(), false);
      for (std::size_t i : failed) send[i] = true;
      if (failed.empty()) break;
      if (attempt == kLinkAttempts) {
        figures.gave_up = static_cast<int>(failed.size());
        for (std::size_t i : failed) waiting_[i] = true;  // its reports wait in its change log
      }
    }
    figures.send_seconds = secondsSince(start);
    return figures;
  }

 private:
  // Links every school marked in `send`; returns those whose link failed.
  std::vector<std::size_t> linkAll(const std::vector<bool>& send, RoundFigures& figures) {
    LinkPool pool(options_.links, clock_, random_);
    auto outcomes =
        pool.run(schools_.size(),
                 [&](std::size_t i) -> Result<std::optional<std::pair<std::string, OpenSchool>>> {
                   if (!send[i]) return std::optional<std::pair<std::string, OpenSchool>>{};
                   CARTABLE_ASSIGN_OR_RETURN(OpenSchool open, fleet_.openSchool(schools_[i]));
                   return std::optional(std::make_pair(schools_[i].uai, std::move(open)));
                 });
    std::vector<std::size_t> failed;
    for (const LinkOutcome& outcome : outcomes) {
      ++figures.links;
      figures.records_sent += outcome.records_sent;
      figures.link_millis.push_back(outcome.millis);
      if (outcome.status.ok()) continue;
      ++figures.failed_links;
      if (figures.failures.size() < kFailuresKept) {
        figures.failures.push_back(outcome.uai + ": " + outcome.status.error().message);
      }
      for (std::size_t i = 0; i < schools_.size(); ++i) {
        if (schools_[i].uai == outcome.uai) failed.push_back(i);
      }
    }
    return failed;
  }

  const SimulationOptions& options_;
  std::vector<SimulatedSchool> schools_;
  SchoolFleet& fleet_;
  const Clock& clock_;
  Random& random_;
  std::vector<bool> waiting_;  // reports held back by a link that was down
};

}  // namespace

int SimulationFigures::reports() const {
  int total = 0;
  for (const auto& round : rounds) total += round.reports;
  return total;
}

std::int64_t SimulationFigures::recordsSent() const {
  std::int64_t total = 0;
  for (const auto& round : rounds) total += round.records_sent;
  return total;
}

int SimulationFigures::failedLinks() const {
  int total = 0;
  for (const auto& round : rounds) total += round.failed_links;
  return total;
}

Result<SimulationFigures> simulateYear(const SimulationOptions& options, storage::Database& hub_db,
                                       const Clock& clock, Random& random) {
  CARTABLE_ASSIGN_OR_RETURN(auto fleet, SchoolFleet::open(options.state_dir));
  auto schools = simulateRegion(options.region);
  CARTABLE_ASSIGN_OR_RETURN(SimulationFigures figures,
                            enrollAll(options, schools, *fleet, hub_db, clock, random));
  const auto days = schoolDaysBetween(options.from, options.to);
  YearRun run(options, std::move(schools), *fleet, clock, random);
  const std::size_t per_round = static_cast<std::size_t>(std::max(1, options.round_days));
  int number = 0;
  for (std::size_t first = 0; first < days.size(); first += per_round, ++number) {
    const std::size_t last = std::min(days.size(), first + per_round) - 1;
    CARTABLE_ASSIGN_OR_RETURN(RoundFigures round,
                              run.round(days, first, last, number, last + 1 == days.size()));
    say(options, "days " + round.first_day + " to " + round.last_day + ": " +
                     std::to_string(round.reports) + " reports made, " +
                     std::to_string(round.links) + " links (" + std::to_string(round.failed_links) +
                     " failed), " + std::to_string(round.records_sent) + " records sent in " +
                     std::to_string(round.send_seconds) + " s");
    figures.rounds.push_back(std::move(round));
  }
  return figures;
}

}  // namespace cartable::report_sim
