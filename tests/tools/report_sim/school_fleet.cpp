#include "tests/tools/report_sim/school_fleet.h"

#include <chrono>
#include <filesystem>

#include "core/storage/migrations.h"
#include "federation/agent/enroll.h"
#include "federation/agent/link_store.h"
#include "federation/hub/registry.h"
#include "reporting/daily_reports.h"
#include "schema/schema.h"

namespace cartable::report_sim {

namespace fs = std::filesystem;

namespace {

constexpr Seconds kCodeValidity = 3600;

Status fromFilesystem(const std::error_code& error, const std::string& what) {
  if (!error) return okStatus();
  return makeError(Errc::io_error, what + ": " + error.message(), "state");
}

}  // namespace

Result<std::unique_ptr<SchoolFleet>> SchoolFleet::open(const std::string& state_dir) {
  std::error_code error;
  fs::create_directories(fs::path(state_dir) / "schools", error);
  CARTABLE_RETURN_IF_ERROR(fromFilesystem(error, "cannot create " + state_dir + "/schools"));
  std::unique_ptr<SchoolFleet> fleet(new SchoolFleet(state_dir));
  CARTABLE_RETURN_IF_ERROR(fleet->makeTemplate());
  return fleet;
}

// Migrating a thousand databases would take minutes: one is migrated, then copied.
Status SchoolFleet::makeTemplate() {
  template_path_ = (fs::path(dir_) / "school-template.db").string();
  if (fs::exists(template_path_)) return okStatus();
  const std::string building = template_path_ + ".new";
  fs::remove(building);
  {
    CARTABLE_ASSIGN_OR_RETURN(auto db, storage::Database::open(building, {1, 5000, true}));
    CARTABLE_RETURN_IF_ERROR(
        storage::applyMigrations(*db, schema::migrations(), SystemClock::instance()));
    CARTABLE_RETURN_IF_ERROR(db->withWriter(
        [](storage::Connection& conn) { return conn.exec("PRAGMA wal_checkpoint(TRUNCATE)"); }));
  }
  std::error_code error;
  fs::rename(building, template_path_, error);
  return fromFilesystem(error, "cannot write " + template_path_);
}

Result<OpenSchool> SchoolFleet::openSchool(const SimulatedSchool& school) {
  const fs::path folder = fs::path(dir_) / "schools" / school.uai;
  const fs::path database = folder / "school.db";
  OpenSchool open;
  const bool fresh = !fs::exists(database);
  if (fresh) {
    std::error_code error;
    fs::create_directories(folder, error);
    CARTABLE_RETURN_IF_ERROR(fromFilesystem(error, "cannot create " + folder.string()));
    fs::copy_file(template_path_, database, fs::copy_options::overwrite_existing, error);
    CARTABLE_RETURN_IF_ERROR(fromFilesystem(error, "cannot copy the template"));
    open.keys = federation::generateNodeKeys();
    fs::remove_all(folder / "keys", error);
    CARTABLE_RETURN_IF_ERROR(federation::saveNodeKeys(open.keys, (folder / "keys").string()));
  } else {
    CARTABLE_ASSIGN_OR_RETURN(open.keys, federation::loadNodeKeys((folder / "keys").string()));
  }
  CARTABLE_ASSIGN_OR_RETURN(open.db, storage::Database::open(database.string(), {1, 5000, true}));
  // A simulated school need not survive a power cut; a thousand of them
  // waiting on the disk would time the simulator's disk, not the hub.
  CARTABLE_RETURN_IF_ERROR(open.db->withWriter(
      [](storage::Connection& conn) { return conn.exec("PRAGMA synchronous = OFF"); }));
  if (fresh) {
    CARTABLE_RETURN_IF_ERROR(open.db->write([&](storage::Connection& conn) {
      return conn.exec(
          "INSERT INTO node(id, role, uai, name, created_at) VALUES (1, 'school', ?, ?, 0)",
          school.uai, school.name);
    }));
  }
  return open;
}

Result<bool> SchoolFleet::enrolled(storage::Database& school_db) {
  bool found = false;
  CARTABLE_RETURN_IF_ERROR(school_db.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(auto link, federation::readHubLink(conn));
    found = link.has_value();
    return okStatus();
  }));
  return found;
}

Status SchoolFleet::enroll(storage::Database& hub_db, const SimulatedSchool& school,
                           OpenSchool& open, const HubEndpoint& hub, const Clock& clock,
                           Random& random) {
  std::string code;
  CARTABLE_RETURN_IF_ERROR(hub_db.write([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(
        auto issued, federation::hub::addSchool(conn, school.uai, school.name, school.department,
                                                kCodeValidity, clock.now(), random));
    code = issued.code;
    return okStatus();
  }));
  const federation::EnrollParams params{hub.host, hub.port, code, school.uai,
                                        std::chrono::milliseconds(20'000)};
  CARTABLE_RETURN_IF_ERROR(federation::enrollWithHub(*open.db, open.keys, params, clock, random));
  return okStatus();
}

Result<int> SchoolFleet::appendReports(OpenSchool& open, const SimulatedSchool& school,
                                       const std::vector<civil::Day>& days,
                                       const ReportRequest& shape, Seconds now) {
  int appended = 0;
  CARTABLE_RETURN_IF_ERROR(open.db->write([&](storage::Connection& conn) -> Status {
    for (civil::Day day : days) {
      ReportRequest request = shape;
      request.day = day;
      // Made ten minutes after the day ended, as the school's loop does; a
      // school whose link is down keeps it in its change log until it is back.
      request.generated_at = (day.time_since_epoch().count() + 1) * 86'400 + 600;
      const auto report = simulatedReport(school, request);
      CARTABLE_ASSIGN_OR_RETURN(bool added,
                                reporting::appendDailyReport(conn, open.keys, report, now));
      appended += added ? 1 : 0;
    }
    return okStatus();
  }));
  return appended;
}

}  // namespace cartable::report_sim
