// The simulated schools' own side: for each, a state folder with its node
// keys and a school database (the real schema, copied from one migrated
// template), enrolled at the hub with the real protocol (the hub's registry
// issues the code as `cartable hub add-school` does, the school redeems it as
// `cartable enroll` does), and its daily reports appended to its change log
// by the schools' own function (signed with its key).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "federation/identity/node_keys.h"
#include "tests/tools/report_sim/simulated_region.h"
#include "tests/tools/report_sim/simulated_reports.h"

namespace cartable::report_sim {

struct HubEndpoint {
  std::string host = "127.0.0.1";
  std::uint16_t port = 7443;
};

// A school's keys and open database, while it is being worked on.
struct OpenSchool {
  federation::NodeKeys keys;
  std::unique_ptr<storage::Database> db;
};

class SchoolFleet {
 public:
  // `state_dir` keeps every school's keys and database between runs.
  static Result<std::unique_ptr<SchoolFleet>> open(const std::string& state_dir);

  // The school's keys and database, made on first use.
  Result<OpenSchool> openSchool(const SimulatedSchool& school);

  // Whether the school holds a certificate from the hub already.
  Result<bool> enrolled(storage::Database& school_db);

  // Registers the school at the hub (its database `hub_db`) and enrolls it
  // over the federation port.
  Status enroll(storage::Database& hub_db, const SimulatedSchool& school, OpenSchool& open,
                const HubEndpoint& hub, const Clock& clock, Random& random);

  // Appends the reports of `days` (those not reported yet) in one write;
  // returns how many were appended.
  Result<int> appendReports(OpenSchool& open, const SimulatedSchool& school,
                            const std::vector<civil::Day>& days, const ReportRequest& shape,
                            Seconds now);

 private:
  explicit SchoolFleet(std::string state_dir) : dir_(std::move(state_dir)) {}
  Status makeTemplate();

  std::string dir_;
  std::string template_path_;
};

}  // namespace cartable::report_sim
