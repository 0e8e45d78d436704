// Regional reports with a hub and a school in one process, over a real
// loopback link: a school's daily reports reach the hub and are kept as time
// series; reports of an unknown school, with a bad signature, replayed, or
// with a cell under k are refused, recorded, and nothing of them kept; days
// missed while the school's server was off arrive when it returns; and after
// a full sync of the generated 1,200-student school, the hub's database holds
// no name, login, INE, grade or absence of a person.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "core/storage/migrations.h"
#include "federated/account_inbox.h"
#include "federated/regional_accounts.h"
#include "federation/agent/agent.h"
#include "federation/agent/enroll.h"
#include "federation/enrollment/enrollment.h"
#include "federation/hub/hub_service.h"
#include "federation/hub/registry.h"
#include "federation/replication/change_log.h"
#include "federation/replication/kinds.h"
#include "reporting/daily_reports.h"
#include "reporting/report_envelope.h"
#include "schema/schema.h"
#include "support/temp_dir.h"
#include "tests/tools/generator/school_generator.h"
#include "tests/tools/generator/school_timetable.h"
#include "tests/tools/generator/school_year.h"
#include "unit/reporting/small_school.h"

namespace cartable::federation {
namespace {

using namespace std::chrono_literals;
using reporting::DailyReport;
using reporting::ReportCell;

constexpr const char* kUai = "0541234Y";

std::unique_ptr<storage::Database> migrated(const std::string& path, const std::string& node) {
  auto db = std::move(storage::Database::open(path)).value();
  EXPECT_TRUE(storage::applyMigrations(*db, schema::migrations(), SystemClock::instance()).ok());
  EXPECT_TRUE(db->write([&](storage::Connection& conn) { return conn.script(node); }).ok());
  return db;
}

std::string text(storage::Database& db, const std::string& sql) {
  std::string value;
  EXPECT_TRUE(db.read([&](storage::Connection& conn) -> Status {
                  CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query(sql));
                  CARTABLE_ASSIGN_OR_RETURN(bool row, stmt.step());
                  value = row && !stmt.isNull(0) ? stmt.text(0) : "";
                  return okStatus();
                }).ok());
  return value;
}

// A hub and one school; the school's database is left to each test to fill.
class RegionalReports : public ::testing::Test {
 protected:
  void start(int k) {
    hub_db_ = migrated(dir_.file("hub.db"),
                       "INSERT INTO node(id, role, name, created_at) VALUES (1, 'hub', 'Hub', 0)");
    hub::HubOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.tick = 20ms;
    options.recheck = 50ms;
    options.report_k = k;
    hub_ = std::move(hub::HubService::start(*hub_db_, hub_keys_, options, clock_, random_)).value();
    std::string code;
    ASSERT_TRUE(hub_db_
                    ->write([&](storage::Connection& conn) -> Status {
                      CARTABLE_ASSIGN_OR_RETURN(
                          auto issued,
                          hub::addSchool(conn, kUai, "Collège", "54", 3600, clock_.now(), random_));
                      code = issued.code;
                      return okStatus();
                    })
                    .ok());
    EnrollParams params{"127.0.0.1", hub_->port(), code, kUai, 5000ms};
    ASSERT_TRUE(enrollWithHub(*school_db_, school_keys_, params, clock_, random_).ok());
    startAgent();
  }

  void openSchool() {
    school_db_ = migrated(dir_.file("school.db"),
                          "INSERT INTO node(id, role, uai, name, created_at) VALUES (1, 'school', "
                          "'0541234Y', 'Collège', 0)");
  }

  void startAgent() {
    AgentOptions options;
    options.uai = kUai;
    options.hub_address = "127.0.0.1:" + std::to_string(hub_->port());
    options.backoff_floor = 20ms;
    options.backoff_cap = 100ms;
    options.tick = 20ms;
    options.on_applied = [this](storage::Connection& conn, const Record& record,
                                ApplyOutcome outcome) -> Status {
      if (outcome != ApplyOutcome::applied) return okStatus();
      return federated::applyHubRecord(conn, school_keys_, kUai, record, clock_.now());
    };
    agent_ = SchoolAgent::start(*school_db_, school_keys_, options, clock_, random_);
  }

  int publishReports(int k) {
    auto written = reporting::publishDailyReports(*school_db_, school_keys_, kUai, k, clock_.now());
    EXPECT_TRUE(written.ok()) << written.error().message;
    return written.ok() ? *written : -1;
  }

  // Appends a report record as the school's federation loop would, with any body.
  void sendReport(const std::string& key, const std::string& body) {
    ASSERT_TRUE(school_db_
                    ->write([&](storage::Connection& conn) -> Status {
                      CARTABLE_ASSIGN_OR_RETURN(std::int64_t version,
                                                nextVersion(conn, kRegionalReportKind, key));
                      Record record{0,   kHubPeerName,         kRegionalReportKind,
                                    key, schoolPeerName(kUai), version,
                                    body};
                      CARTABLE_ASSIGN_OR_RETURN(auto seq, appendChange(conn, record, clock_.now()));
                      (void)seq;
                      return okStatus();
                    })
                    .ok());
  }

  template <class Condition>
  bool eventually(Condition condition, std::chrono::seconds limit = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (condition()) return true;
      std::this_thread::sleep_for(20ms);
    }
    return condition();
  }

  std::string hubText(const std::string& sql) { return text(*hub_db_, sql); }

  testing::TempDir dir_;
  ManualClock clock_{reporting::testing::kMondayStart + 86'400 + 3'600};  // Tuesday 01:00
  SecureRandom& random_ = SecureRandom::instance();
  NodeKeys hub_keys_ = generateNodeKeys();
  NodeKeys school_keys_ = generateNodeKeys();
  std::unique_ptr<storage::Database> hub_db_;
  std::unique_ptr<hub::HubService> hub_;
  std::unique_ptr<storage::Database> school_db_;
  std::unique_ptr<SchoolAgent> agent_;
};

DailyReport craftedReport(const std::string& uai, const std::string& day, std::int64_t n) {
  DailyReport report;
  report.uai = uai;
  report.day = day;
  report.k = 4;
  ReportCell school;
  school.scope = "school";
  school.n = 400;
  school.values = {{"attendance.expected", 2400}, {"attendance.absent", 80}};
  ReportCell klass;
  klass.scope = "class";
  klass.level = "6e";
  klass.class_code = "6A";
  klass.n = n;
  klass.values = {{"attendance.absent", 1}};
  report.cells = {school, klass};
  return report;
}

class RegionalReportsOfASmallSchool : public RegionalReports {
 protected:
  void SetUp() override {
    openSchool();
    ASSERT_TRUE(school_db_
                    ->write([](storage::Connection& conn) {
                      return conn.script(reporting::testing::kSmallSchoolSql);
                    })
                    .ok());
    start(4);
  }
};

TEST_F(RegionalReportsOfASmallSchool, YesterdaysReportReachesTheHubAsTimeSeries) {
  ASSERT_EQ(publishReports(4), 1);
  ASSERT_TRUE(eventually([&] { return hubText("SELECT count(*) FROM regional_reports") == "1"; }));
  EXPECT_EQ(hubText("SELECT uai || ' ' || day || ' ' || school_year || ' ' || department || ' k=' "
                    "|| k || ' suppressed=' || suppressed || ' ' || unavailable FROM "
                    "regional_reports"),
            "0541234Y 2026-09-07 2026-2027 54 k=4 suppressed=7 []");
  EXPECT_EQ(hubText("SELECT CAST(value AS INTEGER) || ' of n=' || n FROM regional_report_values "
                    "WHERE scope = 'school' AND metric = 'attendance.expected'"),
            "13 of n=12");
  EXPECT_EQ(hubText("SELECT value FROM regional_report_values WHERE scope = 'subject' AND level "
                    "= '6e' AND subject = 'MATHS' AND metric = 'grades.median'"),
            "12.0");
  EXPECT_EQ(hubText("SELECT count(*) FROM regional_report_values WHERE scope = 'class' AND "
                    "class_code IN ('6A', '6B')"),
            "0");  // suppressed at the school
  EXPECT_EQ(hubText("SELECT count(*) FROM regional_report_refusals"), "0");
  EXPECT_EQ(hubText("SELECT record_key || ' v' || version || ' ' || length(body) FROM "
                    "federated_records WHERE kind = 'regional_report'"),
            "0541234Y:2026-09-07 v1 0");  // the values are kept, not the text
}

TEST_F(RegionalReportsOfASmallSchool, ThreeDaysOffThenThreeReportsArrive) {
  ASSERT_EQ(publishReports(4), 1);
  ASSERT_TRUE(eventually([&] { return hubText("SELECT count(*) FROM regional_reports") == "1"; }));
  agent_.reset();  // the school's server is off Tuesday to Thursday
  clock_.advance(3 * 86'400);
  startAgent();  // back on Friday at 01:00
  EXPECT_EQ(publishReports(4), 3);
  ASSERT_TRUE(eventually([&] { return hubText("SELECT count(*) FROM regional_reports") == "4"; }));
  EXPECT_EQ(hubText("SELECT group_concat(day, ' ') FROM (SELECT day FROM regional_reports ORDER "
                    "BY day)"),
            "2026-09-07 2026-09-08 2026-09-09 2026-09-10");
}

TEST_F(RegionalReportsOfASmallSchool, RefusedReportsAreRecordedAndNothingOfThemIsKept) {
  const std::string tuesday = "2026-09-08";
  // Signed with a key that is not the school's.
  sendReport(std::string(kUai) + ":" + tuesday,
             reporting::signedReportBody(generateNodeKeys(), craftedReport(kUai, tuesday, 25)));
  // Naming a school the hub does not know.
  sendReport(
      std::string(kUai) + ":2026-09-09",
      reporting::signedReportBody(school_keys_, craftedReport("0999999X", "2026-09-09", 25)));
  // A class of 3 when the region's k is 4.
  sendReport(std::string(kUai) + ":2026-09-10",
             reporting::signedReportBody(school_keys_, craftedReport(kUai, "2026-09-10", 3)));
  // The school's cell given twice: it would be counted twice in the totals.
  DailyReport doubled = craftedReport(kUai, "2026-09-11", 25);
  doubled.cells.push_back(doubled.cells.front());
  sendReport(std::string(kUai) + ":2026-09-11",
             reporting::signedReportBody(school_keys_, doubled));
  // Monday's genuine report, then the same report sent again as a new version.
  ASSERT_EQ(publishReports(4), 1);
  ASSERT_TRUE(eventually([&] { return hubText("SELECT count(*) FROM regional_reports") == "1"; }));
  const std::string monday_key = std::string(kUai) + ":2026-09-07";
  sendReport(monday_key,
             reporting::signedReportBody(school_keys_, craftedReport(kUai, "2026-09-07", 25)));
  ASSERT_TRUE(
      eventually([&] { return hubText("SELECT count(*) FROM regional_report_refusals") == "5"; }));

  std::vector<std::string> reasons;
  ASSERT_TRUE(hub_db_
                  ->read([&](storage::Connection& conn) -> Status {
                    CARTABLE_ASSIGN_OR_RETURN(auto rows,
                                              conn.query("SELECT record_key || ': ' || reason FROM "
                                                         "regional_report_refusals ORDER BY id"));
                    for (;;) {
                      CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
                      if (!more) return okStatus();
                      reasons.push_back(rows.text(0));
                    }
                  })
                  .ok());
  EXPECT_EQ(reasons,
            (std::vector<std::string>{
                "0541234Y:2026-09-08: the signature of 0541234Y's report of 2026-09-08 does not "
                "verify with the school's key",
                "0541234Y:2026-09-09: the report names school 0999999X, which is not enrolled here",
                "0541234Y:2026-09-10: the report of 0541234Y for 2026-09-10 has a cell (class 6e "
                "6A) of 3 people, under k = 4",
                "0541234Y:2026-09-11: the report of 0541234Y for 2026-09-11 has the cell (school) "
                "twice",
                "0541234Y:2026-09-07: the report of 0541234Y for 2026-09-07 was already "
                "received: a replay"}));
  EXPECT_EQ(hubText("SELECT group_concat(day) FROM regional_reports"), "2026-09-07");
  EXPECT_EQ(hubText("SELECT count(*) FROM regional_report_values WHERE day <> '2026-09-07'"), "0");
  EXPECT_EQ(hubText("SELECT count(*) FROM regional_area_days WHERE day <> '2026-09-07'"), "0");
  EXPECT_EQ(hubText("SELECT CAST(value AS INTEGER) FROM regional_report_values WHERE scope = "
                    "'school' AND metric = 'attendance.expected'"),
            "13");  // the replay's 2400 was not taken
  EXPECT_EQ(hubText("SELECT group_concat(record_key || ' v' || version || ' ' || length(body)) "
                    "FROM federated_records WHERE kind = 'regional_report'"),
            "");  // the refused ones dropped; Monday's replaced by its replay, then dropped

}

// The generated school (1,200 students, 45 classes, about 2,000 parents) with
// its first three weeks of school life, every account and a report for each
// of those days synced to the hub.
class RegionalReportsOfTheGeneratedSchool : public RegionalReports {};

std::vector<std::string> personalStrings(storage::Database& db) {
  std::vector<std::string> found;
  EXPECT_TRUE(db.read([&](storage::Connection& conn) -> Status {
                  CARTABLE_ASSIGN_OR_RETURN(
                      auto rows, conn.query("SELECT login, given_name || ' ' || family_name, "
                                            "family_name, ine, email FROM users"));
                  for (;;) {
                    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
                    if (!more) return okStatus();
                    for (int column = 0; column < 5; ++column) {
                      auto value = rows.optionalText(column);
                      if (value && value->size() >= 5) found.push_back(*value);
                    }
                  }
                }).ok());
  return found;
}

// Every text and blob of every table, as one string.
std::string everything(storage::Database& db) {
  std::string all;
  EXPECT_TRUE(db.read([&](storage::Connection& conn) -> Status {
                  std::vector<std::pair<std::string, std::string>> columns;
                  CARTABLE_ASSIGN_OR_RETURN(
                      auto rows, conn.query("SELECT m.name, p.name FROM sqlite_master m, "
                                            "pragma_table_info(m.name) p WHERE m.type = 'table'"));
                  for (;;) {
                    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
                    if (!more) break;
                    columns.emplace_back(rows.text(0), rows.text(1));
                  }
                  for (const auto& [table, column] : columns) {
                    CARTABLE_ASSIGN_OR_RETURN(
                        auto values, conn.query("SELECT CAST(\"" + column + "\" AS TEXT) FROM \"" +
                                                table + "\" WHERE \"" + column + "\" IS NOT NULL"));
                    for (;;) {
                      CARTABLE_ASSIGN_OR_RETURN(bool more, values.step());
                      if (!more) break;
                      all += values.text(0);
                      all += '\n';
                    }
                  }
                  return okStatus();
                }).ok());
  return all;
}

TEST_F(RegionalReportsOfTheGeneratedSchool, TheHubHoldsNoNameInePersonalGradeOrAbsence) {
  openSchool();
  auto school = generator::generateSchool({}).value();
  ASSERT_TRUE(generator::writeSchool(*school_db_, school, "$argon2id$v=19$m=19456,t=2,p=1$x$y",
                                     1'780'000'000)
                  .ok());
  ASSERT_TRUE(generator::writeTimetable(*school_db_, school).ok());
  generator::YearOptions year;
  year.until = "2026-09-18";
  auto lived = generator::writeSchoolYear(*school_db_, school, year);
  ASSERT_TRUE(lived.ok()) << lived.error().message;
  // The school started reporting before the year began; it is now Saturday 19 September.
  ASSERT_TRUE(school_db_
                  ->write([](storage::Connection& conn) {
                    return conn.exec(
                        "INSERT INTO regional_report_days(day, cells, suppressed, written_at) "
                        "VALUES ('2026-08-31', 0, 0, 0)");
                  })
                  .ok());
  clock_.set(1'789'779'600);  // 2026-09-19T01:00:00Z
  start(10);
  ASSERT_EQ(publishReports(10), 18);
  // What the node's federation loop does every second, until nothing waits.
  const auto synced = [&] {
    EXPECT_TRUE(school_db_
                    ->write([&](storage::Connection& conn) -> Status {
                      CARTABLE_ASSIGN_OR_RETURN(
                          int written,
                          federated::publishAccountChanges(conn, school_keys_, kUai, clock_.now()));
                      (void)written;
                      return okStatus();
                    })
                    .ok());
    return hubText("SELECT count(*) FROM regional_reports") == "18" &&
           text(*school_db_, "SELECT count(*) FROM regional_accounts WHERE dirty = 1") == "0" &&
           agent_->status().backlog == 0;
  };
  ASSERT_TRUE(eventually(synced, 120s));

  EXPECT_EQ(hubText("SELECT count(*) FROM regional_report_refusals"), "0");
  EXPECT_EQ(hubText("SELECT min(n) >= 10 FROM regional_report_values"), "1");
  EXPECT_EQ(hubText("SELECT count(DISTINCT class_code) FROM regional_report_values WHERE scope = "
                    "'class'"),
            "45");
  EXPECT_EQ(hubText("SELECT count(*) > 0 FROM regional_report_values WHERE metric = 'grades.mean'"),
            "1");
  const std::string hub = everything(*hub_db_);
  ASSERT_NE(hub.find("6e"), std::string::npos);  // the search reads the hub's text
  std::size_t checked = 0;
  for (const std::string& personal : personalStrings(*school_db_)) {
    ++checked;
    ASSERT_EQ(hub.find(personal), std::string::npos) << "the hub holds \"" << personal << "\"";
  }
  EXPECT_GT(checked, 9'000u);
  std::cout << "hub database: " << hub.size() << " bytes of text searched for " << checked
            << " names, logins, INEs and emails; report values: "
            << hubText("SELECT count(*) FROM regional_report_values") << ", a report's record "
            << text(*school_db_,
                    "SELECT CAST(avg(length(body)) AS INTEGER) FROM change_log WHERE kind = "
                    "'regional_report'")
            << " bytes on average\n";
}

}  // namespace
}  // namespace cartable::federation
