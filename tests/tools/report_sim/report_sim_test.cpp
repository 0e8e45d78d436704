// The simulator's short run, as CI runs it: 20 schools of Grand Est and 30
// school days of reports sent through the real protocol to a hub service in
// this process. Every report is stored once, nothing is refused, a report
// sent again for a day already stored is refused as a replay, and the public
// indicators answer from what arrived.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "core/base/log.h"
#include "core/storage/migrations.h"
#include "federation/enrollment/enrollment.h"
#include "federation/hub/hub_service.h"
#include "federation/hub/indicators.h"
#include "federation/hub/open_data.h"
#include "federation/replication/kinds.h"
#include "reporting/report_envelope.h"
#include "schema/schema.h"
#include "support/temp_dir.h"
#include "tests/tools/report_sim/school_calendar.h"
#include "tests/tools/report_sim/simulation.h"

namespace cartable::report_sim {
namespace {

using namespace std::chrono_literals;

constexpr int kSchools = 20;
constexpr int kSchoolDays = 30;

std::int64_t countOf(storage::Database& db, const std::string& sql) {
  std::int64_t value = -1;
  EXPECT_TRUE(db.read([&](storage::Connection& conn) -> Status {
                  CARTABLE_ASSIGN_OR_RETURN(auto found, conn.scalarInt64(sql));
                  value = found.value_or(0);
                  return okStatus();
                }).ok());
  return value;
}

class ReportSimulator : public ::testing::Test {
 protected:
  void SetUp() override {
    log::setLevel(log::Level::error);
    hub_db_ = std::move(storage::Database::open(dir_.file("hub.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*hub_db_, schema::migrations(), clock_).ok());
    ASSERT_TRUE(hub_db_
                    ->write([](storage::Connection& conn) {
                      return conn.exec(
                          "INSERT INTO node(id, role, name, created_at) VALUES (1, 'hub', 'Hub', "
                          "0)");
                    })
                    .ok());
    federation::hub::HubOptions hub_options;
    hub_options.address = "127.0.0.1";
    hub_options.port = 0;
    hub_options.tick = 50ms;
    hub_ = std::move(federation::hub::HubService::start(*hub_db_, hub_keys_, hub_options, clock_,
                                                        random_))
               .value();
    options_.region.schools = kSchools;
    options_.region.seed = 7;
    options_.state_dir = dir_.file("schools");
    options_.links.hub = {"127.0.0.1", hub_->port()};
    options_.round_days = 10;
    options_.from = *civil::parseDay("2026-09-01");
    options_.to =
        schoolDaysBetween(options_.from, options_.from + std::chrono::days(60)).at(kSchoolDays - 1);
  }

  // The (school, day) pairs the simulation should have made.
  std::int64_t expectedReports() {
    const auto days = schoolDaysBetween(options_.from, options_.to);
    std::int64_t expected = 0;
    for (const auto& school : simulateRegion(options_.region)) {
      expected += std::max<std::int64_t>(
          0, static_cast<std::int64_t>(days.size()) - school.first_day_offset);
    }
    return expected;
  }

  void expectStoredOnce(const SimulationFigures& figures) {
    EXPECT_EQ(figures.schools, kSchools);
    EXPECT_EQ(figures.enrolled_now, kSchools);
    EXPECT_EQ(figures.failedLinks(), 0);
    EXPECT_EQ(figures.reports(), expectedReports());
    EXPECT_EQ(figures.recordsSent(), expectedReports());
    EXPECT_EQ(
        countOf(*hub_db_, "SELECT count(*) FROM federation_schools WHERE enrolled_at IS NOT NULL"),
        kSchools);
    EXPECT_EQ(countOf(*hub_db_, "SELECT count(*) FROM regional_reports"), expectedReports());
    EXPECT_EQ(countOf(*hub_db_, "SELECT count(*) FROM regional_report_refusals"), 0);
    EXPECT_EQ(countOf(*hub_db_,
                      "SELECT count(*) FROM regional_reports r WHERE NOT EXISTS (SELECT 1 FROM "
                      "regional_report_values v WHERE v.uai = r.uai AND v.day = r.day AND "
                      "v.scope = 'school' AND v.metric = 'attendance.expected')"),
              0);
  }

  void expectNothingNewOnASecondRun() {
    auto again = simulateYear(options_, *hub_db_, clock_, random_);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->enrolled_now, 0);
    EXPECT_EQ(again->reports(), 0);
    EXPECT_EQ(again->recordsSent(), 0);
    EXPECT_EQ(countOf(*hub_db_, "SELECT count(*) FROM regional_reports"), expectedReports());
  }

  // One school sends its last day's report again, as a new version of its record.
  void expectAReplayRefused() {
    const SimulatedSchool school = simulateRegion(options_.region).front();
    auto fleet = std::move(SchoolFleet::open(options_.state_dir)).value();
    auto open = std::move(fleet->openSchool(school)).value();
    const std::string day = civil::formatDay(schoolDaysBetween(options_.from, options_.to).back());
    ASSERT_TRUE(open.db
                    ->write([&](storage::Connection& conn) -> Status {
                      ReportRequest request;
                      request.day = *civil::parseDay(day);
                      request.seed = 99;
                      const auto report = simulatedReport(school, request);
                      const std::string key = reporting::reportKey(school.uai, day);
                      CARTABLE_ASSIGN_OR_RETURN(
                          std::int64_t version,
                          federation::nextVersion(conn, federation::kRegionalReportKind, key));
                      CARTABLE_RETURN_IF_ERROR(federation::appendChange(
                          conn,
                          {0, federation::kHubPeerName, federation::kRegionalReportKind, key,
                           federation::schoolPeerName(school.uai), version,
                           reporting::signedReportBody(open.keys, report)},
                          clock_.now()));
                      return okStatus();
                    })
                    .ok());
    const auto stored_before = countOf(*hub_db_, "SELECT count(*) FROM regional_reports");
    LinkPool pool(options_.links, clock_, random_);
    auto outcomes = pool.run(1, [&](std::size_t) {
      return Result<std::optional<std::pair<std::string, OpenSchool>>>(
          std::optional(std::make_pair(school.uai, std::move(open))));
    });

    ASSERT_EQ(outcomes.size(), 1u);
    EXPECT_TRUE(outcomes[0].status.ok()) << outcomes[0].status.error().message;
    EXPECT_EQ(outcomes[0].records_sent, 1);
    EXPECT_EQ(countOf(*hub_db_, "SELECT count(*) FROM regional_reports"), stored_before);
    EXPECT_EQ(countOf(*hub_db_,
                      "SELECT count(*) FROM regional_report_refusals WHERE reason = "
                      "'the report of " +
                          school.uai + " for " + day + " was already received: a replay'"),
              1);
  }

  // The region's attendance rate, published on each school day and only then.
  void expectIndicatorsAnswer() {
    const auto range = federation::hub::parseDayRange(civil::formatDay(options_.from),
                                                      civil::formatDay(options_.to));
    ASSERT_TRUE(range.ok());
    std::vector<federation::hub::IndicatorDay> days;
    std::vector<federation::hub::OpenDataRow> rows;
    ASSERT_TRUE(hub_db_
                    ->read([&](storage::Connection& conn) -> Status {
                      const auto* rate = federation::hub::findIndicator("attendance.rate");
                      CARTABLE_ASSIGN_OR_RETURN(
                          days, federation::hub::indicatorDays(conn, *rate, *range));
                      CARTABLE_ASSIGN_OR_RETURN(rows, federation::hub::openDataRows(conn, *range));
                      return okStatus();
                    })
                    .ok());
    std::set<std::string> school_days;
    for (auto d : schoolDaysBetween(options_.from, options_.to)) {
      school_days.insert(civil::formatDay(d));
    }
    int published = 0;
    for (const auto& entry : days) {
      if (!school_days.contains(entry.day)) {
        EXPECT_EQ(entry.region.status, federation::hub::AreaStatus::no_report) << entry.day;
        continue;
      }
      ASSERT_EQ(entry.region.status, federation::hub::AreaStatus::published) << entry.day;
      ASSERT_TRUE(entry.region.value.has_value());
      EXPECT_GT(*entry.region.value, 0.8) << entry.day;
      EXPECT_LT(*entry.region.value, 1.0) << entry.day;
      ++published;
    }
    EXPECT_EQ(published, kSchoolDays);
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows.front().date, civil::formatDay(options_.from));
  }

  testing::TempDir dir_;
  SystemClock& clock_ = SystemClock::instance();
  SecureRandom& random_ = SecureRandom::instance();
  federation::NodeKeys hub_keys_ = federation::generateNodeKeys();
  std::unique_ptr<storage::Database> hub_db_;
  std::unique_ptr<federation::hub::HubService> hub_;
  SimulationOptions options_;
};

// One run serves every check: enrolling and linking the schools is most of the time.
TEST_F(ReportSimulator, ThirtyDaysOfTwentySchoolsAreStoredOnceAReplayIsRefusedIndicatorsAnswer) {
  auto figures = simulateYear(options_, *hub_db_, clock_, random_);
  ASSERT_TRUE(figures.ok()) << figures.error().message;

  expectStoredOnce(*figures);
  expectNothingNewOnASecondRun();
  expectIndicatorsAnswer();
  expectAReplayRefused();
}

}  // namespace
}  // namespace cartable::report_sim
