// A hub service and a school's agent in one process, over real loopback
// sockets: enrollment, the replication link both ways, link state, and the
// refusals a school must be told about.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "core/storage/migrations.h"
#include "federation/agent/agent.h"
#include "federation/agent/enroll.h"
#include "federation/hub/hub_service.h"
#include "federation/hub/registry.h"
#include "federation/replication/change_log.h"
#include "federation/replication/records.h"
#include "schema/schema.h"
#include "support/temp_dir.h"
#include "tools/fault_proxy/fault_proxy.h"

namespace cartable::federation {
namespace {

using namespace std::chrono_literals;

constexpr const char* kUai = "0541234Y";

std::unique_ptr<storage::Database> migrated(const testing::TempDir& dir, const std::string& name) {
  auto db = std::move(storage::Database::open(dir.file(name))).value();
  EXPECT_TRUE(storage::applyMigrations(*db, schema::migrations(), SystemClock::instance()).ok());
  return db;
}

// Polls `condition` every 10 ms for up to `limit`.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return condition();
}

class FederationLinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hub_db_ = migrated(dir_, "hub.db");
    school_db_ = migrated(dir_, "school.db");
    hub_ = startHub(hub_keys_);
  }

  std::unique_ptr<hub::HubService> startHub(const NodeKeys& keys) {
    hub::HubOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.display_name = "Hub Grand Est";
    options.tick = 20ms;
    options.recheck = 50ms;
    return std::move(hub::HubService::start(*hub_db_, keys, options, clock_, random_)).value();
  }

  std::string newCode(const std::string& uai = kUai) {
    std::string code;
    EXPECT_TRUE(hub_db_
                    ->write([&](storage::Connection& conn) -> Status {
                      CARTABLE_ASSIGN_OR_RETURN(
                          auto issued,
                          hub::addSchool(conn, uai, "Collège", "54", 3600, clock_.now(), random_));
                      code = issued.code;
                      return okStatus();
                    })
                    .ok());
    return code;
  }

  Result<HubLink> enroll(const std::string& code, std::uint16_t port = 0) {
    EnrollParams params{"127.0.0.1", port ? port : hub_->port(), code, kUai, 5000ms};
    return enrollWithHub(*school_db_, school_keys_, params, clock_, random_);
  }

  std::unique_ptr<SchoolAgent> startAgent(std::uint16_t port = 0) {
    AgentOptions options;
    options.uai = kUai;
    options.hub_address = "127.0.0.1:" + std::to_string(port ? port : hub_->port());
    options.backoff_floor = 20ms;
    options.backoff_cap = 100ms;
    options.tick = 20ms;
    return SchoolAgent::start(*school_db_, school_keys_, options, clock_, random_);
  }

  hub::School hubEntry() {
    hub::School school;
    EXPECT_TRUE(hub_db_
                    ->read([&](storage::Connection& conn) -> Status {
                      CARTABLE_ASSIGN_OR_RETURN(auto found, hub::findSchool(conn, kUai));
                      if (found) school = *found;
                      return okStatus();
                    })
                    .ok());
    return school;
  }

  void write(storage::Database& db, const std::string& owner, const std::string& partition,
             const std::string& key, const std::string& body) {
    ASSERT_TRUE(db.write([&](storage::Connection& conn) -> Status {
                    CARTABLE_ASSIGN_OR_RETURN(auto version, nextVersion(conn, "note", key));
                    return appendChange(conn, {0, partition, "note", key, owner, version, body},
                                        clock_.now())
                                   .ok()
                               ? okStatus()
                               : makeError(Errc::internal, "append");
                  }).ok());
  }

  std::string body(storage::Database& db, const std::string& key) {
    std::string found;
    EXPECT_TRUE(db.read([&](storage::Connection& conn) -> Status {
                    CARTABLE_ASSIGN_OR_RETURN(auto record, findRecord(conn, "note", key));
                    if (record) found = record->body;
                    return okStatus();
                  }).ok());
    return found;
  }

  testing::TempDir dir_;
  ManualClock clock_{1'795'943'700};
  SecureRandom& random_ = SecureRandom::instance();
  NodeKeys hub_keys_ = generateNodeKeys();
  NodeKeys school_keys_ = generateNodeKeys();
  std::unique_ptr<storage::Database> hub_db_;
  std::unique_ptr<storage::Database> school_db_;
  std::unique_ptr<hub::HubService> hub_;
};

TEST_F(FederationLinkTest, ASchoolEnrollsWithItsCodeAndPinsTheHubsKey) {
  auto link = enroll(newCode());
  ASSERT_TRUE(link.ok()) << link.error().message;
  EXPECT_EQ(link->hub_name, "Hub Grand Est");
  EXPECT_EQ(link->hub_sign_public, hub_keys_.sign_public);
  EXPECT_EQ(link->certificate_expires_at, clock_.now() + 365 * 86'400);
  EXPECT_TRUE(hubEntry().enrolled_at.has_value());
}

TEST_F(FederationLinkTest, AWrongOrUsedCodeIsRefusedWithTheHubsReason) {
  const std::string code = newCode();
  auto wrong = enroll("0000-0000-0000-0000-0000");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().message, "the hub refused: the enrollment code is wrong for 0541234Y");
  ASSERT_TRUE(enroll(code).ok());
  auto reused = enroll(code);
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().message,
            "the hub refused: this enrollment code was already used on 2026-11-29T09:15:00Z");
}

TEST_F(FederationLinkTest, AnUnreachableHubIsReportedAsUnavailable) {
  const std::uint16_t port = hub_->port();
  hub_.reset();
  auto result = enroll(newCode(), port);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Errc::unavailable);
}

TEST_F(FederationLinkTest, TheLinkReplicatesBothWaysAndReportsItsState) {
  ASSERT_TRUE(enroll(newCode()).ok());
  write(*school_db_, "school:0541234Y", "hub", "from-school", "hello hub");
  write(*hub_db_, "hub", "school:0541234Y", "to-school", "hello school");
  write(*hub_db_, "hub", "school:0750654D", "to-other", "not for you");
  auto agent = startAgent();
  ASSERT_TRUE(eventually([&] { return body(*hub_db_, "from-school") == "hello hub"; }));
  ASSERT_TRUE(eventually([&] { return body(*school_db_, "to-school") == "hello school"; }));
  EXPECT_TRUE(eventually([&] { return agent->status().up && agent->status().backlog == 0; }));
  EXPECT_EQ(body(*school_db_, "to-other"), "");
  EXPECT_EQ(hubEntry().link_state, "up");
  ASSERT_EQ(hub_->liveLinks().size(), 1u);
  EXPECT_EQ(hub_->liveLinks()[0].uai, kUai);

  // Written while the link is up: carried within a tick.
  write(*school_db_, "school:0541234Y", "hub", "later", "still flowing");
  EXPECT_TRUE(eventually([&] { return body(*hub_db_, "later") == "still flowing"; }));

  agent.reset();
  EXPECT_TRUE(eventually([&] { return hubEntry().link_state == "down"; }));
  EXPECT_TRUE(hub_->liveLinks().empty());
}

TEST_F(FederationLinkTest, WritesMadeWhileTheHubIsDownArriveWhenItReturns) {
  ASSERT_TRUE(enroll(newCode()).ok());
  const std::uint16_t port = hub_->port();
  hub_.reset();
  auto agent = startAgent(port);
  for (int i = 0; i < 20; ++i) {
    write(*school_db_, "school:0541234Y", "hub", "offline-" + std::to_string(i), "kept");
  }
  ASSERT_TRUE(eventually([&] { return agent->status().failed_attempts >= 2; }));
  EXPECT_FALSE(agent->status().up);
  EXPECT_EQ(agent->status().backlog, 20);
  EXPECT_FALSE(agent->status().last_error.empty());

  hub::HubOptions options;
  options.address = "127.0.0.1";
  options.port = port;
  options.tick = 20ms;
  hub_ = std::move(hub::HubService::start(*hub_db_, hub_keys_, options, clock_, random_)).value();
  EXPECT_TRUE(eventually([&] { return body(*hub_db_, "offline-19") == "kept"; }));
  EXPECT_TRUE(eventually([&] { return agent->status().backlog == 0; }));
}

TEST_F(FederationLinkTest, ARevokedSchoolIsDroppedAndToldWhy) {
  ASSERT_TRUE(enroll(newCode()).ok());
  auto agent = startAgent();
  ASSERT_TRUE(eventually([&] { return agent->status().up; }));
  ASSERT_TRUE(hub_db_
                  ->write([&](storage::Connection& conn) {
                    return hub::revokeSchool(conn, kUai, "server stolen", clock_.now());
                  })
                  .ok());
  ASSERT_TRUE(eventually([&] {
    return agent->status().last_error ==
           "the peer refused: 0541234Y was revoked on 2026-11-29T09:15:00Z";
  })) << agent->status().last_error;
  EXPECT_FALSE(agent->status().up);
}

TEST_F(FederationLinkTest, AnExpiredCertificateIsRefusedNamingTheDate) {
  ASSERT_TRUE(enroll(newCode()).ok());
  clock_.advance(366 * 86'400);
  auto agent = startAgent();
  ASSERT_TRUE(eventually([&] { return !agent->status().last_error.empty(); }));
  EXPECT_NE(agent->status().last_error.find("expired on 2027-11-29"), std::string::npos)
      << agent->status().last_error;
}

TEST_F(FederationLinkTest, AnotherServerPosingAsTheHubFailsThePin) {
  ASSERT_TRUE(enroll(newCode()).ok());
  // An impostor answering every school with its own key.
  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  auto impostor = std::move(Listener::open(
                                io, "127.0.0.1", 0, generateNodeKeys(), "hub",
                                [](const ClientHelloInfo&) { return okStatus(); },
                                [](std::shared_ptr<Connection>) {}))
                      .value();
  std::thread runner([&] { io.run(); });
  {
    auto agent = startAgent(impostor->port());
    ASSERT_TRUE(eventually([&] { return agent->status().failed_attempts >= 1; }));
    EXPECT_FALSE(agent->status().up);
    EXPECT_NE(agent->status().last_error.find("pinned"), std::string::npos)
        << agent->status().last_error;
  }
  impostor->stop();
  work.reset();
  io.stop();
  runner.join();
}

TEST_F(FederationLinkTest, ASchoolRestoredFromBackupGetsBackWhatItHadSentSince) {
  ASSERT_TRUE(enroll(newCode()).ok());
  for (int i = 0; i < 10; ++i) {
    write(*school_db_, "school:0541234Y", "hub", "early-" + std::to_string(i), "kept");
  }
  {
    auto agent = startAgent();
    ASSERT_TRUE(eventually([&] { return body(*hub_db_, "early-9") == "kept"; }));
    ASSERT_TRUE(school_db_
                    ->withWriter([&](storage::Connection& conn) -> Status {
                      return conn.exec("VACUUM INTO ?", dir_.file("backup.db"));
                    })
                    .ok());
    for (int i = 0; i < 5; ++i) {
      write(*school_db_, "school:0541234Y", "hub", "late-" + std::to_string(i), "after backup");
    }
    ASSERT_TRUE(eventually([&] { return body(*hub_db_, "late-4") == "after backup"; }));
  }
  // The school's disk fails; it is restored from the backup (a new epoch).
  school_db_.reset();
  std::filesystem::copy_file(dir_.file("backup.db"), dir_.file("school.db"),
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::remove(dir_.file("school.db-wal"));
  std::filesystem::remove(dir_.file("school.db-shm"));
  school_db_ = std::move(storage::Database::open(dir_.file("school.db"))).value();
  ASSERT_TRUE(
      school_db_->write([](storage::Connection& conn) { return startNewEpoch(conn); }).ok());
  EXPECT_EQ(body(*school_db_, "late-4"), "");

  auto agent = startAgent();
  EXPECT_TRUE(eventually([&] { return body(*school_db_, "late-4") == "after backup"; }));
  EXPECT_EQ(body(*school_db_, "early-3"), "kept");
  // What the school writes after the restore is taken by the hub too.
  write(*school_db_, "school:0541234Y", "hub", "late-4", "rewritten after the restore");
  EXPECT_TRUE(
      eventually([&] { return body(*hub_db_, "late-4") == "rewritten after the restore"; }));
}

TEST(AgentBackoff, DoublesFromTheFloorStaysUnderTheCapAndIsJittered) {
  SeededRandom random(9);
  const auto floor = 1000ms;
  const auto cap = 120'000ms;
  for (int failures = 1; failures <= 40; ++failures) {
    const auto delay = backoffDelay(failures, floor, cap, random);
    const auto full =
        std::min<std::chrono::milliseconds>(cap, floor * (1LL << std::min(failures - 1, 20)));
    EXPECT_GE(delay, full / 2) << failures;
    EXPECT_LE(delay, full) << failures;
  }
  // A hub down for days costs a school at most 60 attempts an hour (one per
  // cap, drawn in [cap/2, cap]).
  std::chrono::milliseconds waited{0};
  int attempts = 0;
  while (waited < std::chrono::hours(1)) {
    waited += backoffDelay(30, floor, cap, random);
    ++attempts;
  }
  EXPECT_LE(attempts, 61);
}

TEST_F(FederationLinkTest, A64KbitLinkMakesSteadyProgressWithBoundedBuffers) {
  ASSERT_TRUE(enroll(newCode()).ok());
  // 120 records of random text, about 26 kB once compressed: about 3 s at 64 kbit/s.
  for (int i = 0; i < 120; ++i) {
    write(*school_db_, "school:0541234Y", "hub", "slow-" + std::to_string(i), random_.hex(200));
  }
  auto proxy = std::move(fault_proxy::FaultProxyThread::start(
                             {{"127.0.0.1", 0}, {"127.0.0.1", hub_->port()}}))
                   .value();
  proxy->proxy().setRate(fault_proxy::Direction::both, fault_proxy::kRate64kbit);
  auto agent = startAgent(proxy->port());
  auto arrived = [&] {
    std::int64_t count = 0;
    EXPECT_TRUE(hub_db_
                    ->read([&](storage::Connection& conn) -> Status {
                      CARTABLE_ASSIGN_OR_RETURN(
                          auto n, conn.scalarInt64("SELECT count(*) FROM federated_records "
                                                   "WHERE record_key LIKE 'slow-%'"));
                      count = n.value_or(0);
                      return okStatus();
                    })
                    .ok());
    return count;
  };
  // Everything arrives over the slow link without the link ever dropping.
  EXPECT_TRUE(eventually([&] { return arrived() == 120; }, 30s)) << agent->status().last_error;
  EXPECT_TRUE(agent->status().up);
  EXPECT_EQ(agent->status().failed_attempts, 0);
  EXPECT_GE(proxy->proxy().stats().bytes_up, 20'000u);
  EXPECT_LE(proxy->proxy().stats().held, 2u * (256 + 16) * 1024);
}

}  // namespace
}  // namespace cartable::federation
