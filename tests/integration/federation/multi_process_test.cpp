// A hub and two schools as real `cartable serve` processes on loopback:
// enrollment with the administrators' commands, the schools' profiles
// replicated to the hub, link state in /metrics and `cartable hub schools`,
// a hub outage during which a school keeps working and whose backlog arrives
// afterwards, a revocation that drops a live school, and a teacher of both
// schools who signs in at each with one login and password, hub up or down.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <iostream>
#include <random>
#include <regex>
#include <thread>

#include "../cli/child_process.h"
#include "../cli/cli_fixture.h"
#include "support/temp_dir.h"

namespace cartable::cli_testing {
namespace {

using namespace std::chrono_literals;

struct NodeDir {
  fs::path root;
  fs::path config() const { return root / "cartable.yaml"; }
  fs::path database() const { return root / "data" / "cartable.db"; }
};

// Polls `condition` every 100 ms for up to `limit`.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit = 30s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return condition();
}

std::string queryText(const fs::path& database, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string text;
  if (sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_text(statement, 0) != nullptr) {
      text = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return text;
}

// The value of an unlabelled gauge in a /metrics page, or -1.
double gauge(const std::string& metrics, const std::string& name) {
  std::smatch match;
  if (!std::regex_search(metrics, match, std::regex("\n" + name + " ([0-9.e+-]+)"))) return -1;
  return std::stod(match[1]);
}

class FederationProcesses : public ::testing::Test {
 protected:
  void SetUp() override {
    hub_ =
        makeNode("hub", "role: hub\nhub:\n  name: \"Hub Grand Est\"\n  region: \"Grand Est\"\n", 0);
    school_a_ = makeNode("school-a", schoolIdentity("0541234Y", "Collège Jean Moulin"), 0);
    school_b_ = makeNode("school-b", schoolIdentity("0750654D", "Lycée Victor Hugo"), 0);
    for (const NodeDir* node : {&hub_, &school_a_, &school_b_}) {
      const CommandResult init = run({"init", "--config", node->config().string()});
      ASSERT_EQ(init.exit_code, 0) << init.describe();
    }
  }

  static std::string schoolIdentity(const std::string& uai, const std::string& name) {
    return "role: school\nschool:\n  uai: \"" + uai + "\"\n  name: \"" + name +
           "\"\n  academie: \"Nancy-Metz\"\n  department: \"54\"\n";
  }

  NodeDir makeNode(const std::string& name, const std::string& identity,
                   std::uint16_t federation_port) {
    NodeDir node{dir_.path() / name};
    fs::create_directories(node.root);
    identities_[name] = identity;
    writeConfig(node, name, federation_port);
    return node;
  }

  void writeConfig(const NodeDir& node, const std::string& name, std::uint16_t federation_port) {
    std::ofstream(node.config()) << identities_[name]
                                 << "data_dir: " << (node.root / "data").string()
                                 << "\nhttp:\n  listen: 127.0.0.1\n  port: 0\n  plain_http: true\n"
                                 << "limits:\n  threads: 4\nlogging:\n  level: info\n"
                                 << "  access_log: false\nfederation:\n"
                                 << "  listen_address: 127.0.0.1\n  listen_port: "
                                 << federation_port << "\n";
  }

  static CommandResult run(const std::vector<std::string>& arguments) {
    return runCommand(CARTABLE_BINARY, arguments);
  }

  // The person `login` of `school` agrees, through its operator, to the
  // request to attach another school's account to theirs, once it has come.
  static bool confirmAttach(const NodeDir& school, const std::string& login) {
    return eventually([&] {
      const CommandResult answered =
          run({"user", "confirm-attach", "--config", school.config().string(), login});
      return answered.exit_code == 0 && answered.out.find(": approved ") != std::string::npos;
    });
  }

  std::unique_ptr<BackgroundServer> serve(const NodeDir& node, int lines = 1) {
    auto server = std::make_unique<BackgroundServer>(CARTABLE_BINARY, node.config().string(),
                                                     (node.root / "serve.log").string());
    EXPECT_TRUE(server->start(10s, lines)) << server->error();
    return server;
  }

  // `cartable hub add-school` then `cartable enroll` at the school.
  void enroll(const NodeDir& school, const std::string& uai, std::uint16_t hub_port) {
    const CommandResult added =
        run({"hub", "add-school", "--config", hub_.config().string(), "--uai", uai});
    ASSERT_EQ(added.exit_code, 0) << added.describe();
    std::smatch code;
    ASSERT_TRUE(std::regex_search(added.out, code, std::regex("code for [0-9A-Z]+: ([0-9A-Z-]+)")))
        << added.out;
    const CommandResult enrolled =
        run({"enroll", "--config", school.config().string(), "--hub",
             "127.0.0.1:" + std::to_string(hub_port), "--code", code[1]});
    ASSERT_EQ(enrolled.exit_code, 0) << enrolled.describe();
    EXPECT_NE(enrolled.out.find("Enrolled " + uai + " with Hub Grand Est"), std::string::npos)
        << enrolled.out;
  }

  std::string hubSchools() {
    return run({"hub", "schools", "--config", hub_.config().string()}).out;
  }

  static std::string metricsOf(const BackgroundServer& server) {
    return httpGet(server.port(), "/metrics").body;
  }

  cartable::testing::TempDir dir_;
  std::map<std::string, std::string> identities_;
  NodeDir hub_, school_a_, school_b_;
};

TEST_F(FederationProcesses, TwoSchoolsEnrollReplicateSurviveAHubOutageAndOneIsRevoked) {
  auto hub = serve(hub_, 2);
  ASSERT_GT(hub->federationPort(), 0) << hub->error();
  const std::uint16_t port = hub->federationPort();
  enroll(school_a_, "0541234Y", port);
  enroll(school_b_, "0750654D", port);

  auto a = serve(school_a_);
  auto b = serve(school_b_);
  // Each school publishes its profile; the hub's register takes its name.
  ASSERT_TRUE(eventually([&] {
    const std::string list = hubSchools();
    return list.find("0541234Y  up") != std::string::npos &&
           list.find("0750654D  up") != std::string::npos &&
           list.find("Collège Jean Moulin") != std::string::npos &&
           list.find("Lycée Victor Hugo") != std::string::npos;
  })) << hubSchools()
      << hub->log();
  EXPECT_TRUE(eventually([&] { return gauge(metricsOf(*a), "cartable_federation_link_up") == 1; }));
  EXPECT_TRUE(
      eventually([&] { return gauge(metricsOf(*a), "cartable_federation_backlog_records") == 0; }));

  // The hub goes down (its port kept for the restart); school A keeps serving
  // and changes its profile (a teacher arrives, then A restarts): two records
  // wait, the profile and the teacher's account.
  ASSERT_EQ(hub->stop(), 0) << hub->log();
  writeConfig(hub_, "hub", port);
  EXPECT_EQ(httpGet(a->port(), "/readyz").status, 200);
  ASSERT_EQ(run({"user", "add", "--config", school_a_.config().string(), "--given-name", "Lina",
                 "--family-name", "Martin", "--role", "teacher"})
                .exit_code,
            0);
  ASSERT_EQ(a->stop(), 0) << a->log();
  a = serve(school_a_);
  EXPECT_TRUE(eventually([&] {
    const std::string metrics = metricsOf(*a);
    return gauge(metrics, "cartable_federation_link_up") == 0 &&
           gauge(metrics, "cartable_federation_backlog_records") == 2;
  })) << metricsOf(*a);

  hub = serve(hub_, 2);
  ASSERT_EQ(hub->federationPort(), port);
  const std::string profile_sql =
      "SELECT body FROM federated_records WHERE kind = 'school' AND record_key = '0541234Y'";
  EXPECT_TRUE(eventually([&] {
    return queryText(hub_.database(), profile_sql).find("\"teacher\":1") != std::string::npos;
  })) << queryText(hub_.database(), profile_sql)
      << a->log();
  EXPECT_TRUE(
      eventually([&] { return gauge(metricsOf(*a), "cartable_federation_backlog_records") == 0; }));

  // Revoking B drops its live link within the hub's recheck period (B is
  // linked again first: it was backing off while the hub was down).
  ASSERT_TRUE(
      eventually([&] { return gauge(metricsOf(*b), "cartable_federation_link_up") == 1; }, 60s))
      << b->log();
  const CommandResult revoked = run({"hub", "revoke-school", "--config", hub_.config().string(),
                                     "--uai", "0750654D", "--reason", "closed"});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.describe();
  EXPECT_TRUE(eventually([&] { return gauge(metricsOf(*b), "cartable_federation_link_up") == 0; }))
      << b->log();
  EXPECT_NE(hubSchools().find("0750654D  revoked"), std::string::npos);
  EXPECT_TRUE(eventually([&] {
    return b->log().find("0750654D was revoked on") != std::string::npos;
  })) << b->log();
  // What a school's data holds never went to the hub: the two profiles, and
  // the accounts as digests (the admins and Lina Martin), no name in clear
  // (and each school's daily reports, counts only: regional_reports_test).
  EXPECT_EQ(queryText(hub_.database(),
                      "SELECT group_concat(kind || '=' || n) FROM (SELECT kind, "
                      "count(*) AS n FROM federated_records WHERE owner LIKE "
                      "'school:%' AND kind <> 'regional_report' GROUP BY kind ORDER BY kind)"),
            "account=3,school=2");
  EXPECT_EQ(queryText(hub_.database(),
                      "SELECT count(*) FROM federated_records WHERE CAST(body AS "
                      "TEXT) LIKE '%martin%' OR CAST(body AS TEXT) LIKE "
                      "'%argon2%'"),
            "0");
}

TEST_F(FederationProcesses, EnrollmentRefusalsAreClearAtTheSchool) {
  auto hub = serve(hub_, 2);
  const std::string address = "127.0.0.1:" + std::to_string(hub->federationPort());
  const CommandResult unknown = run({"enroll", "--config", school_a_.config().string(), "--hub",
                                     address, "--code", "K7QM-2XHP-9D4R-TB6W-ZC3N"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("the hub refused: 0541234Y is not in the hub's register"),
            std::string::npos)
      << unknown.describe();
  const CommandResult mistyped = run(
      {"enroll", "--config", school_a_.config().string(), "--hub", address, "--code", "K7QM-2XHP"});
  EXPECT_EQ(mistyped.exit_code, 1);
  EXPECT_NE(mistyped.err.find("it should have 20"), std::string::npos) << mistyped.describe();
  const CommandResult on_hub = run({"enroll", "--config", hub_.config().string(), "--hub", address,
                                    "--code", "K7QM-2XHP-9D4R-TB6W-ZC3N"});
  EXPECT_NE(on_hub.err.find("this node is a hub"), std::string::npos) << on_hub.describe();
  const CommandResult at_school = run({"hub", "schools", "--config", school_a_.config().string()});
  EXPECT_NE(at_school.err.find("this node is a school"), std::string::npos) << at_school.describe();
}

}  // namespace
}  // namespace cartable::cli_testing

namespace cartable::cli_testing {
namespace {

std::string createdLogin(const CommandResult& added) {
  std::smatch login;
  if (!std::regex_search(added.out, login, std::regex("Created ([^ ]+) "))) return "";
  return login[1];
}

TEST_F(FederationProcesses, ATeacherOfBothSchoolsSignsInAtEachWithOnePasswordHubUpOrDown) {
  auto hub = serve(hub_, 2);
  const std::uint16_t port = hub->federationPort();
  enroll(school_a_, "0541234Y", port);
  enroll(school_b_, "0750654D", port);
  auto a = serve(school_a_);
  auto b = serve(school_b_);
  auto add = [&](const NodeDir& school) {
    return run({"user", "add", "--config", school.config().string(), "--given-name", "Marie",
                "--family-name", "Durand", "--role", "teacher"});
  };
  const CommandResult at_a = add(school_a_);
  ASSERT_EQ(at_a.exit_code, 0) << at_a.describe();
  const std::string login = createdLogin(at_a);
  const std::string password_a = oneTimePasswordIn(at_a.out);
  ASSERT_EQ(login, "marie.durand");
  const auto state_at_b = [&] {
    return queryText(school_b_.database(),
                     "SELECT r.state FROM regional_accounts r JOIN users u ON u.id = r.user_id "
                     "WHERE u.login = 'marie.durand'");
  };
  // B's import gave her the same login: taken in the region, B's admin is told.
  ASSERT_TRUE(eventually([&] {
    return queryText(school_a_.database(),
                     "SELECT state FROM regional_accounts r JOIN users u ON u.id = r.user_id "
                     "WHERE u.login = 'marie.durand'") == "confirmed";
  }));
  const CommandResult at_b = add(school_b_);
  ASSERT_EQ(createdLogin(at_b), "marie.durand");
  ASSERT_TRUE(eventually([&] { return state_at_b() == "collision"; })) << b->log();

  // B's admin says it is the same person: A's password now opens B.
  const CommandResult attached =
      run({"user", "attach", "--config", school_b_.config().string(), login, "--to", login});
  ASSERT_EQ(attached.exit_code, 0) << attached.describe();
  // She agrees at A, where she already works.
  ASSERT_TRUE(confirmAttach(school_a_, login)) << b->log();
  // (Polled in the databases: wrong guesses at sign-in would be throttled.)
  const auto same_password = [&] {
    const std::string sql =
        "SELECT password_hash FROM credentials c JOIN users u ON u.id = c.user_id WHERE u.login "
        "= 'marie.durand'";
    const std::string hash = queryText(school_a_.database(), sql);
    return !hash.empty() && hash == queryText(school_b_.database(), sql);
  };
  ASSERT_TRUE(eventually(same_password)) << b->log();
  EXPECT_EQ(signIn(b->port(), login, password_a).status, 201);
  EXPECT_EQ(signIn(b->port(), login, oneTimePasswordIn(at_b.out)).status, 401);
  EXPECT_EQ(state_at_b(), "confirmed");

  // A new password set at A reaches B.
  const CommandResult reset =
      run({"user", "reset-password", "--config", school_a_.config().string(), login});
  ASSERT_EQ(reset.exit_code, 0) << reset.describe();
  std::smatch renewed;
  ASSERT_TRUE(std::regex_search(reset.out, renewed, std::regex("one-time password ([^ \n]+)")));
  const std::string password_a2 = renewed[1];
  ASSERT_TRUE(eventually(same_password));
  EXPECT_EQ(signIn(b->port(), login, password_a2).status, 201);

  // The hub goes down: each school still signs her in by itself.
  ASSERT_EQ(hub->stop(), 0) << hub->log();
  EXPECT_EQ(signIn(a->port(), login, password_a2).status, 201);
  EXPECT_EQ(signIn(b->port(), login, password_a2).status, 201);
  // The hub relayed her verifiers sealed: none is readable there.
  EXPECT_EQ(queryText(hub_.database(),
                      "SELECT count(*) FROM change_log WHERE instr(body, "
                      "'argon2') > 0 OR instr(body, 'marie') > 0"),
            "0");
  EXPECT_NE(queryText(hub_.database(), "SELECT count(*) FROM change_log WHERE kind = 'sealed'"),
            "0");
}

}  // namespace
}  // namespace cartable::cli_testing

namespace cartable::cli_testing {
namespace {

// Runs `sql` on a database whose node is stopped.
void execOn(const fs::path& database, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(database.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

// `count` accounts made at a stopped school, as an import would.
std::string insertAccounts(int first, int count) {
  return "WITH RECURSIVE n(i) AS (SELECT " + std::to_string(first) + " UNION ALL SELECT i + 1 " +
         "FROM n WHERE i < " + std::to_string(first + count - 1) +
         ") INSERT INTO users(login, given_name, family_name, created_at, updated_at) SELECT "
         "'eleve.' || i, 'Eleve', 'N' || i, 0, 0 FROM n; INSERT INTO user_roles(user_id, role) "
         "SELECT id, 'student' FROM users WHERE login LIKE 'eleve.%' AND id NOT IN (SELECT "
         "user_id FROM user_roles);";
}

// Fault case 2: kill -9 of the hub or the school at random moments while the
// school's accounts replicate (before a batch commits, between the commit and
// the ack, after the ack). Afterwards every account is at the hub exactly
// once, every school account has its answer, and both databases are sound.
TEST_F(FederationProcesses, KillNineOfHubOrSchoolMidSyncLosesAndDuplicatesNothing) {
  auto hub = serve(hub_, 2);
  const std::uint16_t port = hub->federationPort();
  enroll(school_a_, "0541234Y", port);
  ASSERT_EQ(hub->stop(), 0);
  writeConfig(hub_, "hub", port);
  std::mt19937 dice(20261129);
  int accounts = 0;
  int cut_mid_backlog = 0;
  for (int round = 0; round < 12; ++round) {
    const int before = accounts + (round == 0 ? 0 : 1);
    execOn(school_a_.database(), insertAccounts(accounts + 1, 1200));
    accounts += 1200;
    hub = serve(hub_, 2);
    auto a = serve(school_a_);
    // Strike once the hub has begun to take this round's accounts (its batches
    // hold 500), a random moment later, or after 3 s at the latest.
    const std::string held_sql = "SELECT count(*) FROM federated_records WHERE kind = 'account'";
    eventually([&] { return std::stoi("0" + queryText(hub_.database(), held_sql)) > before; }, 3s);
    std::this_thread::sleep_for(std::chrono::milliseconds(dice() % 150));
    // A power cut on one side, then the other stops as it would.
    if (round % 2 == 0) {
      hub->killNow();
      a->stop();
    } else {
      a->killNow();
      hub->stop();
    }
    const int held = std::stoi("0" + queryText(hub_.database(), held_sql));
    if (held > 0 && held <= accounts) ++cut_mid_backlog;
  }
  // Rounds whose kill left part of the school's accounts still to send.
  std::cout << "kill -9 rounds that cut a backlog: " << cut_mid_backlog << " of 12\n";
  hub = serve(hub_, 2);
  auto a = serve(school_a_);
  const std::string all_at_a = std::to_string(accounts + 1);  // and the admin
  const std::string at_hub =
      "SELECT count(*) FROM federated_records WHERE kind = 'account' AND owner = "
      "'school:0541234Y'";
  ASSERT_TRUE(eventually([&] { return queryText(hub_.database(), at_hub) == all_at_a; }, 60s))
      << queryText(hub_.database(), at_hub) << " of " << all_at_a << "\n"
      << hub->log();
  EXPECT_TRUE(eventually(
      [&] {
        return queryText(school_a_.database(),
                         "SELECT count(*) FROM regional_accounts WHERE state = 'confirmed'") ==
               all_at_a;
      },
      60s));
  EXPECT_EQ(queryText(hub_.database(), "SELECT count(*) FROM regional_memberships"), all_at_a);
  EXPECT_EQ(queryText(hub_.database(), "SELECT count(*) FROM regional_identities"), all_at_a);
  for (const NodeDir* node : {&hub_, &school_a_}) {
    EXPECT_EQ(queryText(node->database(), "PRAGMA integrity_check"), "ok");
  }
}

}  // namespace
}  // namespace cartable::cli_testing

namespace cartable::cli_testing {
namespace {

// Fault case 8 (with case 6): the hub's clock 3 days behind, school A's 2 days
// ahead. A teacher of both schools has her password reset at A and at B while
// the hub is down: when it returns, both schools hold the same winner, chosen
// without clocks, and the losing school keeps its version for review.
TEST_F(FederationProcesses, SkewedClocksAndConcurrentChangesEndWithTheSameWinnerEverywhere) {
  if (!fs::exists("/usr/bin/faketime")) GTEST_SKIP() << "needs faketime (tests/tools/setup.sh)";
  auto skewed = [&](const NodeDir& node, const std::string& offset) {
    const fs::path wrapper = node.root / "cartable-skewed";
    // The program itself under libfaketime (so that signals reach it), with
    // only the wall clock skewed: timers run on the monotonic clock. In a
    // sanitizer build the preload comes before the sanitizer's runtime, which
    // it would otherwise refuse.
    std::ofstream(wrapper) << "#!/bin/sh\nfor lib in /usr/lib/*/faketime/libfaketimeMT.so.1; do "
                              "LD_PRELOAD=$lib; done\nexport LD_PRELOAD FAKETIME='"
                           << offset
                           << "' FAKETIME_DONT_FAKE_MONOTONIC=1 "
                              "ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0\"\n"
                              "exec "
                           << CARTABLE_BINARY << " \"$@\"\n";
    fs::permissions(wrapper, fs::perms::owner_all);
    auto server = std::make_unique<BackgroundServer>(wrapper.string(), node.config().string(),
                                                     (node.root / "serve.log").string());
    EXPECT_TRUE(server->start(20s, node.root == hub_.root ? 2 : 1)) << server->error();
    return server;
  };
  auto hub = skewed(hub_, "-3d");
  const std::uint16_t port = hub->federationPort();
  enroll(school_a_, "0541234Y", port);
  enroll(school_b_, "0750654D", port);
  auto a = skewed(school_a_, "+2d");
  auto b = serve(school_b_);
  const std::string hash_sql =
      "SELECT password_hash FROM credentials c JOIN users u ON u.id = c.user_id WHERE u.login = "
      "'marie.durand'";
  for (const NodeDir* school : {&school_a_, &school_b_}) {
    ASSERT_EQ(run({"user", "add", "--config", school->config().string(), "--given-name", "Marie",
                   "--family-name", "Durand", "--role", "teacher"})
                  .exit_code,
              0);
  }
  ASSERT_EQ(run({"user", "attach", "--config", school_b_.config().string(), "marie.durand", "--to",
                 "marie.durand"})
                .exit_code,
            0);
  ASSERT_TRUE(confirmAttach(school_a_, "marie.durand")) << a->log() << b->log() << hub->log();
  const auto same_hash = [&] {
    const std::string at_a = queryText(school_a_.database(), hash_sql);
    return !at_a.empty() && at_a == queryText(school_b_.database(), hash_sql);
  };
  ASSERT_TRUE(eventually(same_hash)) << a->log() << b->log() << hub->log();

  ASSERT_EQ(hub->stop(), 0);
  writeConfig(hub_, "hub", port);
  for (const NodeDir* school : {&school_a_, &school_b_}) {
    ASSERT_EQ(run({"user", "reset-password", "--config", school->config().string(), "marie.durand"})
                  .exit_code,
              0);
  }
  const std::string set_at_a = queryText(school_a_.database(), hash_sql);
  const std::string set_at_b = queryText(school_b_.database(), hash_sql);
  ASSERT_NE(set_at_a, set_at_b);
  hub = skewed(hub_, "-3d");
  // The schools come back within their backoff (doubling from 1 s).
  ASSERT_TRUE(eventually(same_hash, 90s)) << a->log() << b->log() << hub->log();
  const std::string winner = queryText(school_a_.database(), hash_sql);
  EXPECT_TRUE(winner == set_at_a || winner == set_at_b);
  const std::string kept = "SELECT count(*) FROM replication_conflicts WHERE kind = 'credential'";
  const NodeDir& loser = winner == set_at_a ? school_b_ : school_a_;
  const NodeDir& keeper = winner == set_at_a ? school_a_ : school_b_;
  EXPECT_EQ(queryText(loser.database(), kept), "1");
  EXPECT_EQ(queryText(keeper.database(), kept), "0");
  // Stable: a while later nothing has moved.
  std::this_thread::sleep_for(3s);
  EXPECT_EQ(queryText(school_b_.database(), hash_sql), winner);
  EXPECT_EQ(queryText(school_a_.database(), hash_sql), winner);
}

}  // namespace
}  // namespace cartable::cli_testing
