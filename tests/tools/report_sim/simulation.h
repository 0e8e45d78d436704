// A region's school year of daily reports sent to a real hub: the schools
// registered and enrolled, then the days taken in rounds (a round is a run
// of school days, e.g. a month): every school appends the round's reports
// to its change log, then links to the hub and sends them. A school with a
// poor link misses some rounds and backfills them in a later one; a school
// that joined late has no report before it joined.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/base/civil_date.h"
#include "core/storage/database.h"
#include "tests/tools/report_sim/link_pool.h"
#include "tests/tools/report_sim/simulated_region.h"
#include "tests/tools/report_sim/simulated_reports.h"

namespace cartable::report_sim {

struct SimulationOptions {
  RegionOptions region;
  std::string state_dir;
  LinkPoolOptions links;
  civil::Day from{}, to{};
  int round_days = 20;  // school days per round
  ReportDetail detail = ReportDetail::levels;
  int k = 10;
  // Schools with poor links miss rounds (the last round always links) and
  // late joiners start late; off: every school reports every day and links
  // every round.
  bool outages = true;
  // Progress lines (may be empty).
  std::function<void(const std::string&)> progress;
};

struct RoundFigures {
  std::string first_day, last_day;
  int reports = 0;                  // appended at the schools
  int links = 0, failed_links = 0;  // links made, and those that failed (then made again)
  int gave_up = 0;                  // schools whose last attempt failed: their reports wait
  std::int64_t records_sent = 0;
  double append_seconds = 0;  // the schools' side: computing, signing, logging
  double send_seconds = 0;    // dialling to the last link closed: the hub stored everything
  std::vector<std::int64_t> link_millis;
  std::vector<std::string> failures;  // "UAI: reason", the first few
};

struct SimulationFigures {
  int schools = 0, enrolled_now = 0;
  double enroll_seconds = 0;
  std::vector<RoundFigures> rounds;
  int reports() const;
  std::int64_t recordsSent() const;
  int failedLinks() const;
};

// Runs the simulation against the hub whose database is `hub_db` (schools
// are registered there, as `cartable hub add-school` does) and whose
// federation port is options.links.hub.
Result<SimulationFigures> simulateYear(const SimulationOptions& options, storage::Database& hub_db,
                                       const Clock& clock, Random& random);

}  // namespace cartable::report_sim
