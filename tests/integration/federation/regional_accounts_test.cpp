// Cross-school accounts with a hub and two schools in one process, over
// real loopback links: logins unique in the region, a teacher attached to a
// second school who keeps one login and password, a password change that
// reaches the other school, a student who moves school with their INE, an
// account made while the hub is down, an attach the person must approve at
// their school first, and sealed payloads that are refused when forged,
// altered or sent to the wrong school.
#include <gtest/gtest.h>

#include <thread>

#include "core/storage/migrations.h"
#include "federated/account_inbox.h"
#include "federated/attach_requests.h"
#include "federated/regional_accounts.h"
#include "federated/transfers.h"
#include "federation/agent/agent.h"
#include "federation/agent/enroll.h"
#include "federation/hub/hub_service.h"
#include "federation/hub/registry.h"
#include "federation/replication/change_log.h"
#include "federation/replication/kinds.h"
#include "federation/sealed/sealed_payload.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable::federation {
namespace {

using namespace std::chrono_literals;

struct School {
  std::string uai;
  NodeKeys keys = generateNodeKeys();
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<SchoolAgent> agent;
};

class RegionalAccounts : public ::testing::Test {
 protected:
  void SetUp() override {
    hub_db_ = migrated("hub.db",
                       "INSERT INTO node(id, role, name, created_at) VALUES "
                       "(1, 'hub', 'Hub', 0)");
    a_.uai = "0541234Y";
    b_.uai = "0750654D";
    for (School* school : {&a_, &b_}) {
      school->db = migrated(school->uai + ".db",
                            "INSERT INTO node(id, role, uai, name, created_at) VALUES (1, "
                            "'school', '" +
                                school->uai + "', 'Collège', 0)");
    }
    startHub(0);
    for (School* school : {&a_, &b_}) {
      enroll(*school);
      startAgent(*school);
    }
  }

  std::unique_ptr<storage::Database> migrated(const std::string& name, const std::string& node) {
    auto db = std::move(storage::Database::open(dir_.file(name))).value();
    EXPECT_TRUE(storage::applyMigrations(*db, schema::migrations(), SystemClock::instance()).ok());
    EXPECT_TRUE(db->write([&](storage::Connection& conn) { return conn.script(node); }).ok());
    return db;
  }

  void startHub(std::uint16_t port) {
    hub::HubOptions options;
    options.address = "127.0.0.1";
    options.port = port;
    options.tick = 20ms;
    options.recheck = 50ms;
    hub_ = std::move(hub::HubService::start(*hub_db_, hub_keys_, options, clock_, random_)).value();
    hub_port_ = hub_->port();
  }

  void enroll(School& school) {
    std::string code;
    ASSERT_TRUE(hub_db_
                    ->write([&](storage::Connection& conn) -> Status {
                      CARTABLE_ASSIGN_OR_RETURN(
                          auto issued, hub::addSchool(conn, school.uai, "Collège", "54", 3600,
                                                      clock_.now(), random_));
                      code = issued.code;
                      return okStatus();
                    })
                    .ok());
    EnrollParams params{"127.0.0.1", hub_port_, code, school.uai, 5000ms};
    ASSERT_TRUE(enrollWithHub(*school.db, school.keys, params, clock_, random_).ok());
  }

  void startAgent(School& school) {
    AgentOptions options;
    options.uai = school.uai;
    options.hub_address = "127.0.0.1:" + std::to_string(hub_port_);
    options.backoff_floor = 20ms;
    options.backoff_cap = 100ms;
    options.tick = 20ms;
    options.on_applied = [this, &school](storage::Connection& conn, const Record& record,
                                         ApplyOutcome outcome) -> Status {
      if (outcome != ApplyOutcome::applied) return okStatus();
      return federated::applyHubRecord(conn, school.keys, school.uai, record, clock_.now());
    };
    school.agent = SchoolAgent::start(*school.db, school.keys, options, clock_, random_);
  }

  // What the node's federation loop does every second.
  void publish(School& school) {
    ASSERT_TRUE(
        school.db
            ->write([&](storage::Connection& conn) -> Status {
              CARTABLE_ASSIGN_OR_RETURN(
                  int written,
                  federated::publishAccountChanges(conn, school.keys, school.uai, clock_.now()));
              CARTABLE_ASSIGN_OR_RETURN(int sent, federated::sendRequestedTransfers(
                                                      conn, school.keys, school.uai, clock_.now()));
              CARTABLE_ASSIGN_OR_RETURN(
                  int answered, federated::sendAttachAnswers(conn, school.uai, clock_.now()));
              (void)written;
              (void)sent;
              (void)answered;
              return okStatus();
            })
            .ok());
  }

  // Polls `condition` while both schools publish, for up to 10 s.
  template <class Condition>
  bool eventually(Condition condition) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      publish(a_);
      publish(b_);
      if (condition()) return true;
      std::this_thread::sleep_for(20ms);
    }
    return condition();
  }

  std::int64_t addUser(School& school, const std::string& login, const std::string& role,
                       const std::string& password_hash, const std::string& ine = "") {
    std::int64_t id = 0;
    EXPECT_TRUE(school.db
                    ->write([&](storage::Connection& conn) -> Status {
                      CARTABLE_RETURN_IF_ERROR(conn.exec(
                          "INSERT INTO users(login, given_name, family_name, ine, created_at, "
                          "updated_at) VALUES (?, 'Given', 'Family', nullif(?, ''), 0, 0)",
                          login, ine));
                      id = conn.lastInsertId();
                      CARTABLE_RETURN_IF_ERROR(conn.exec(
                          "INSERT INTO user_roles(user_id, role) VALUES (?, ?)", id, role));
                      return conn.exec(
                          "INSERT INTO credentials(user_id, password_hash, "
                          "must_change_password, password_changed_at) VALUES (?, ?, 0, 0)",
                          id, password_hash);
                    })
                    .ok());
    return id;
  }

  void execHub(const std::string& sql) {
    ASSERT_TRUE(hub_db_->write([&](storage::Connection& conn) { return conn.script(sql); }).ok())
        << sql;
  }

  void exec(School& school, const std::string& sql) {
    ASSERT_TRUE(school.db->write([&](storage::Connection& conn) { return conn.script(sql); }).ok())
        << sql;
  }

  std::string text(storage::Database& db, const std::string& sql) {
    std::string value;
    EXPECT_TRUE(db.read([&](storage::Connection& conn) -> Status {
                    CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query(sql));
                    CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
                    if (found && !stmt.isNull(0)) value = stmt.text(0);
                    return okStatus();
                  }).ok());
    return value;
  }

  std::string state(School& school, std::int64_t user) {
    return text(*school.db,
                "SELECT state FROM regional_accounts WHERE user_id = " + std::to_string(user));
  }
  std::string login(School& school, std::int64_t user) {
    return text(*school.db, "SELECT login FROM users WHERE id = " + std::to_string(user));
  }
  std::string hash(School& school, std::int64_t user) {
    return text(*school.db,
                "SELECT password_hash FROM credentials WHERE user_id = " + std::to_string(user));
  }

  // The requests to attach an account to `user`'s person, asked of `school`.
  std::vector<federated::AttachRequest> requests(School& school, std::int64_t user) {
    std::vector<federated::AttachRequest> found;
    EXPECT_TRUE(school.db
                    ->read([&](storage::Connection& conn) -> Status {
                      CARTABLE_ASSIGN_OR_RETURN(found,
                                                federated::listAttachRequests(conn, user, 10));
                      return okStatus();
                    })
                    .ok());
    return found;
  }

  // `user` answers the request that waits for them at `school`.
  Status answer(School& school, std::int64_t user, const std::string& decision) {
    const auto waiting = requests(school, user);
    if (waiting.empty()) return makeError(Errc::not_found, "no request");
    return school.db->write([&](storage::Connection& conn) {
      return federated::answerAttachRequest(conn, waiting.front().id, user, decision, clock_.now());
    });
  }

  // B's admin asks that B's account `at_b` be the person `login` of A
  // (`at_a`); true once the request has reached A.
  bool attachAsked(std::int64_t at_a, std::int64_t at_b, const std::string& login) {
    const bool asked = b_.db
                           ->write([&](storage::Connection& conn) {
                             return federated::requestAttach(conn, at_b, login);
                           })
                           .ok();
    return asked && eventually([&] { return requests(a_, at_a).size() == 1; });
  }

  federated::RegionalAccount account(School& school, std::int64_t user) {
    federated::RegionalAccount found;
    EXPECT_TRUE(school.db
                    ->read([&](storage::Connection& conn) -> Status {
                      CARTABLE_ASSIGN_OR_RETURN(auto all,
                                                federated::listRegionalAccounts(conn, "", 100));
                      for (auto& one : all) {
                        if (one.user_id == user) found = one;
                      }
                      return okStatus();
                    })
                    .ok());
    return found;
  }

  testing::TempDir dir_;
  ManualClock clock_{1'795'943'700};
  SecureRandom& random_ = SecureRandom::instance();
  NodeKeys hub_keys_ = generateNodeKeys();
  std::unique_ptr<storage::Database> hub_db_;
  std::unique_ptr<hub::HubService> hub_;
  std::uint16_t hub_port_ = 0;
  School a_;
  School b_;
};

TEST_F(RegionalAccounts, EveryAccountGetsARegionalIdentityAndTheHubHoldsNoLoginInClear) {
  const auto teacher = addUser(a_, "m.durand", "teacher", "$argon2id$A1");
  ASSERT_TRUE(eventually([&] { return state(a_, teacher) == "confirmed"; }));
  EXPECT_EQ(account(a_, teacher).regional_id->size(), 33u);
  EXPECT_EQ(text(*hub_db_, "SELECT count(*) FROM regional_identities"), "1");
  EXPECT_EQ(text(*hub_db_,
                 "SELECT count(*) FROM federated_records WHERE CAST(body AS TEXT) "
                 "LIKE '%durand%' OR CAST(body AS TEXT) LIKE '%argon2id%'"),
            "0");
}

TEST_F(RegionalAccounts, ALoginTakenInTheRegionIsACollisionThatLosesNothingAndARenameSettlesIt) {
  const auto first = addUser(a_, "l.martin", "student", "$argon2id$A1");
  ASSERT_TRUE(eventually([&] { return state(a_, first) == "confirmed"; }));
  const auto second = addUser(b_, "L.Martin", "student", "$argon2id$B1");
  ASSERT_TRUE(eventually([&] { return state(b_, second) == "collision"; }));
  const auto seen = account(b_, second);
  EXPECT_NE(seen.message.find("The login \"L.Martin\" already belongs to another person of the "
                              "region"),
            std::string::npos)
      << seen.message;
  EXPECT_EQ(hash(b_, second), "$argon2id$B1");  // the account still works at its school
  exec(b_, "UPDATE users SET login = 'l.martin2' WHERE id = " + std::to_string(second));
  ASSERT_TRUE(eventually([&] { return state(b_, second) == "confirmed"; }));
  EXPECT_EQ(account(b_, second).message, "");
  EXPECT_NE(account(b_, second).regional_id, account(a_, first).regional_id);
}

TEST_F(RegionalAccounts, ATeacherAttachedToASecondSchoolKeepsOneLoginAndPassword) {
  const auto at_a = addUser(a_, "m.durand", "teacher", "$argon2id$A1");
  const auto at_b = addUser(b_, "marie.durand", "teacher", "$argon2id$B-initial");
  exec(a_, "UPDATE users SET given_name = 'Marie', family_name = 'Durand' WHERE id = " +
               std::to_string(at_a));
  ASSERT_TRUE(
      eventually([&] { return state(a_, at_a) == "confirmed" && state(b_, at_b) == "confirmed"; }));
  // Nothing is joined until she agrees, at A, where she is asked.
  ASSERT_TRUE(attachAsked(at_a, at_b, "m.durand"));
  EXPECT_EQ(requests(a_, at_a).front().from_uai, "0750654D");
  EXPECT_EQ(text(*a_.db, "SELECT title FROM notifications WHERE user_id = " + std::to_string(at_a)),
            "Collège demande à rattacher un compte au vôtre");
  ASSERT_TRUE(eventually([&] { return !account(b_, at_b).message.empty(); }));
  EXPECT_EQ(state(b_, at_b), "pending");
  EXPECT_NE(account(b_, at_b).message.find("\"m.durand\" must agree from their account"),
            std::string::npos)
      << account(b_, at_b).message;
  EXPECT_EQ(hash(b_, at_b), "$argon2id$B-initial");
  // Someone else cannot answer for her.
  EXPECT_EQ(a_.db
                ->write([&](storage::Connection& conn) {
                  return federated::answerAttachRequest(conn, requests(a_, at_a).front().id,
                                                        at_a + 1000, "approved", clock_.now());
                })
                .error()
                .code,
            Errc::not_found);
  ASSERT_TRUE(answer(a_, at_a, "approved").ok());
  ASSERT_TRUE(eventually([&] { return hash(b_, at_b) == "$argon2id$A1"; }));
  EXPECT_EQ(login(b_, at_b), "m.durand");
  // Her profile is shared: A's version of her name wins at B.
  EXPECT_EQ(text(*b_.db, "SELECT given_name || ' ' || family_name FROM users WHERE id = " +
                             std::to_string(at_b)),
            "Marie Durand");
  EXPECT_EQ(account(b_, at_b).regional_id, account(a_, at_a).regional_id);
  EXPECT_EQ(account(b_, at_b).other_schools, std::vector<std::string>{"0541234Y"});
  EXPECT_TRUE(eventually(
      [&] { return account(a_, at_a).other_schools == std::vector<std::string>{"0750654D"}; }));
  // The identity made for B's account alone is gone: one person, one identity.
  EXPECT_EQ(text(*hub_db_, "SELECT count(*) FROM regional_identities"), "1");
  // B shows her the way to A, at the address A published; only a web address is a link.
  const auto other_schools = [&](const std::string& url) {
    execHub("UPDATE federation_schools SET public_url = '" + url + "' WHERE uai = '0541234Y'");
    std::vector<federated::OtherSchool> found;
    eventually([&] {
      EXPECT_TRUE(b_.db
                      ->read([&](storage::Connection& conn) -> Status {
                        CARTABLE_ASSIGN_OR_RETURN(found, federated::otherSchoolsOf(conn, at_b));
                        return okStatus();
                      })
                      .ok());
      return found.size() == 1 && !text(*b_.db,
                                        "SELECT 1 FROM federated_records WHERE kind = "
                                        "'school_key' AND record_key = '0541234Y' AND "
                                        "CAST(body AS TEXT) LIKE '%" +
                                            url + "%'")
                                       .empty();
    });
    return found.empty() ? std::string("none") : found[0].name + " " + found[0].url;
  };
  EXPECT_EQ(other_schools("https://ent.a.example.fr"), "Collège https://ent.a.example.fr");
  EXPECT_EQ(other_schools("javascript:alert(1)"), "Collège ");

  // A password changed at B reaches A; one changed at A afterwards reaches B.
  exec(b_, "UPDATE credentials SET password_hash = '$argon2id$B2' WHERE user_id = " +
               std::to_string(at_b));
  ASSERT_TRUE(eventually([&] { return hash(a_, at_a) == "$argon2id$B2"; }));
  exec(a_, "UPDATE credentials SET password_hash = '$argon2id$A3' WHERE user_id = " +
               std::to_string(at_a));
  ASSERT_TRUE(eventually([&] { return hash(b_, at_b) == "$argon2id$A3"; }));
  EXPECT_EQ(hash(a_, at_a), "$argon2id$A3");
  EXPECT_EQ(text(*hub_db_,
                 "SELECT count(*) FROM federated_records WHERE CAST(body AS TEXT) LIKE "
                 "'%argon2id%'"),
            "0");
}

TEST_F(RegionalAccounts, AnAttachToAnUnknownLoginIsReportedAndSettledWhenTheLoginAppears) {
  const auto at_b = addUser(b_, "p.nobody", "parent", "$argon2id$B1");
  ASSERT_TRUE(b_.db
                  ->write([&](storage::Connection& conn) {
                    return federated::requestAttach(conn, at_b, "no.such.login");
                  })
                  .ok());
  ASSERT_TRUE(eventually([&] { return state(b_, at_b) == "attach_failed"; }));
  EXPECT_NE(account(b_, at_b).message.find("No account of the region has the login "
                                           "\"no.such.login\" yet"),
            std::string::npos);
  EXPECT_EQ(login(b_, at_b), "p.nobody");
  // The account appears later (made at A while its link was down): the person
  // is asked, and once they agree the attach follows.
  const auto at_a = addUser(a_, "no.such.login", "parent", "$argon2id$A1");
  ASSERT_TRUE(eventually([&] { return requests(a_, at_a).size() == 1; }));
  ASSERT_TRUE(answer(a_, at_a, "approved").ok());
  ASSERT_TRUE(eventually([&] { return hash(b_, at_b) == "$argon2id$A1"; }));
  EXPECT_EQ(login(b_, at_b), "no.such.login");
  EXPECT_EQ(state(b_, at_b), "confirmed");
  EXPECT_EQ(account(b_, at_b).regional_id, account(a_, at_a).regional_id);
}

TEST_F(RegionalAccounts, AnAttachThePersonRefusesLeavesBothAccountsApartAndSendsNoPassword) {
  const auto at_a = addUser(a_, "m.durand", "teacher", "$argon2id$A1");
  const auto at_b = addUser(b_, "intrus", "teacher", "$argon2id$B1");
  ASSERT_TRUE(
      eventually([&] { return state(a_, at_a) == "confirmed" && state(b_, at_b) == "confirmed"; }));
  ASSERT_TRUE(attachAsked(at_a, at_b, "m.durand"));
  ASSERT_TRUE(answer(a_, at_a, "refused").ok());
  ASSERT_TRUE(eventually([&] { return state(b_, at_b) == "attach_failed"; }));
  EXPECT_NE(account(b_, at_b).message.find("\"m.durand\" refused the attach"), std::string::npos)
      << account(b_, at_b).message;
  // A second answer changes nothing: the first is final.
  EXPECT_EQ(a_.db
                ->write([&](storage::Connection& conn) {
                  return federated::answerAttachRequest(conn, requests(a_, at_a).front().id, at_a,
                                                        "approved", clock_.now());
                })
                .error()
                .code,
            Errc::failed_precondition);
  EXPECT_EQ(login(b_, at_b), "intrus");
  EXPECT_EQ(hash(b_, at_b), "$argon2id$B1");
  EXPECT_NE(account(b_, at_b).regional_id, account(a_, at_a).regional_id);
  EXPECT_EQ(text(*hub_db_, "SELECT count(*) FROM regional_identities"), "2");
  EXPECT_TRUE(account(a_, at_a).other_schools.empty());
}

TEST_F(RegionalAccounts, AnAnswerForgedByTheAskingSchoolIsRefusedByTheHub) {
  const auto at_a = addUser(a_, "m.durand", "teacher", "$argon2id$A1");
  const auto at_b = addUser(b_, "intrus", "teacher", "$argon2id$B1");
  ASSERT_TRUE(
      eventually([&] { return state(a_, at_a) == "confirmed" && state(b_, at_b) == "confirmed"; }));
  ASSERT_TRUE(attachAsked(at_a, at_b, "m.durand"));
  // B approves its own request: once under A's name in the key, once under its own.
  const std::string local_key = b_.uai + ":" + std::to_string(at_b);
  for (const std::string& asked : {a_.uai, b_.uai}) {
    ASSERT_TRUE(b_.db
                    ->write([&](storage::Connection& conn) -> Status {
                      const std::string key = local_key + "@" + asked;
                      CARTABLE_ASSIGN_OR_RETURN(std::int64_t version,
                                                nextVersion(conn, kAttachAnswerKind, key));
                      CARTABLE_ASSIGN_OR_RETURN(
                          auto seq, appendChange(conn,
                                                 {0, kHubPeerName, kAttachAnswerKind, key,
                                                  schoolPeerName(b_.uai), version,
                                                  R"({"decision":"approved"})"},
                                                 clock_.now()));
                      (void)seq;
                      return okStatus();
                    })
                    .ok());
  }
  ASSERT_TRUE(eventually([&] {
    return text(*hub_db_, "SELECT count(*) FROM federated_records WHERE kind = 'attach_answer'") ==
           "2";
  }));
  // The hub acts on neither: B's account waits for her answer.
  for (int i = 0; i < 10; ++i) publish(b_);
  EXPECT_EQ(state(b_, at_b), "pending");
  EXPECT_EQ(text(*hub_db_, "SELECT state FROM directory_attach_consents"), "asked");
  EXPECT_EQ(hash(b_, at_b), "$argon2id$B1");
}

TEST_F(RegionalAccounts, AStudentMovingSchoolKeepsTheirLoginAndTheOldSchoolEndDates) {
  const auto at_a = addUser(a_, "lea.petit", "student", "$argon2id$A1", "1234567890A");
  ASSERT_TRUE(eventually([&] { return state(a_, at_a) == "confirmed"; }));
  // B's import makes its own account, with its own login, for the same INE.
  const auto at_b = addUser(b_, "lea.petit1", "student", "$argon2id$B1", "1234567890A");
  ASSERT_TRUE(eventually([&] { return login(b_, at_b) == "lea.petit"; }));
  EXPECT_EQ(hash(b_, at_b), "$argon2id$A1");
  exec(a_, "UPDATE users SET disabled_at = 1 WHERE id = " + std::to_string(at_a));
  ASSERT_TRUE(eventually([&] {
    return text(*hub_db_, "SELECT count(*) FROM regional_memberships WHERE until IS NOT NULL") ==
           "1";
  }));
  EXPECT_TRUE(eventually([&] { return account(b_, at_b).other_schools.empty(); }));
}

TEST_F(RegionalAccounts, ATransferDossierIsSealedToTheNewSchoolAndTheHubCannotReadIt) {
  const auto at_a = addUser(a_, "lea.petit", "student", "$argon2id$A1", "1234567890A");
  ASSERT_TRUE(eventually([&] { return state(a_, at_a) == "confirmed"; }));
  exec(a_,
       "INSERT INTO classes(id, code, label, level, school_year) VALUES (1, '4B', '4e B', "
       "'4e', '2026-2027'); INSERT INTO enrollments(student_id, class_id, since) VALUES (" +
           std::to_string(at_a) + ", 1, '2026-09-01')");
  auto ask = [&](const std::string& to) {
    std::int64_t id = 0;
    Status asked = a_.db->write([&](storage::Connection& conn) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(
          id, federated::requestTransfer(conn, {at_a, to, true, true, std::nullopt}, a_.uai,
                                         clock_.now()));
      return okStatus();
    });
    return asked.ok() ? std::string("ok") : asked.error().message;
  };
  EXPECT_NE(ask("0541234Y").find("a student cannot be transferred to this school"),
            std::string::npos);
  EXPECT_NE(ask("0881234K").find("no enrolled school 0881234K is known from the hub"),
            std::string::npos);
  ASSERT_TRUE(eventually([&] {
    return !text(*a_.db,
                 "SELECT body FROM federated_records WHERE kind = 'school_key' AND "
                 "record_key = '0750654D'")
                .empty();
  }));
  ASSERT_EQ(ask("0750654D"), "ok");
  EXPECT_NE(ask("0750654D").find("the transfer of this student to 0750654D was already asked"),
            std::string::npos);
  // At A: the enrollment ends today and the account is closed.
  EXPECT_EQ(text(*a_.db, "SELECT until FROM enrollments"), "2026-11-29");
  EXPECT_NE(text(*a_.db, "SELECT disabled_at FROM users WHERE id = " + std::to_string(at_a)), "");

  ASSERT_TRUE(eventually([&] { return text(*b_.db, "SELECT count(*) FROM transfers_in") == "1"; }));
  const std::string dossier = text(*b_.db, "SELECT content FROM transfers_in");
  EXPECT_NE(dossier.find("\"family_name\":\"Family\""), std::string::npos) << dossier;
  EXPECT_NE(dossier.find("\"code\":\"4B\""), std::string::npos) << dossier;
  EXPECT_NE(dossier.find("\"half_days_absent\":0"), std::string::npos) << dossier;
  EXPECT_EQ(text(*hub_db_,
                 "SELECT count(*) FROM federated_records WHERE kind = 'sealed' AND "
                 "record_key LIKE 'dossier:%'"),
            "1");
  for (const char* clear : {"Family", "1234567890A", "\"4B\""}) {
    EXPECT_EQ(text(*hub_db_, std::string("SELECT count(*) FROM change_log WHERE instr(body, '") +
                                 clear + "') > 0"),
              "0")
        << clear;
  }

  // B's import makes the student's account: the dossier finds it, the login is A's.
  const auto at_b = addUser(b_, "lea.petit1", "student", "$argon2id$B1", "1234567890A");
  ASSERT_TRUE(eventually([&] { return login(b_, at_b) == "lea.petit"; }));
  std::vector<federated::TransferView> views;
  ASSERT_TRUE(b_.db
                  ->read([&](storage::Connection& conn) -> Status {
                    CARTABLE_ASSIGN_OR_RETURN(views, federated::listTransfers(conn, 10));
                    return okStatus();
                  })
                  .ok());
  ASSERT_EQ(views.size(), 1u);
  EXPECT_EQ(views[0].direction, "in");
  EXPECT_EQ(views[0].school, "0541234Y");
  EXPECT_EQ(views[0].user_id, at_b);
  EXPECT_EQ(views[0].name, "Given Family");
}

TEST_F(RegionalAccounts, AnAccountMadeWhileTheHubIsDownIsReconciledWhenItReturns) {
  hub_.reset();
  const auto offline = addUser(b_, "n.leroy", "teacher", "$argon2id$B1");
  for (int i = 0; i < 5; ++i) publish(b_);
  EXPECT_EQ(state(b_, offline), "pending");
  startHub(hub_port_);
  ASSERT_TRUE(eventually([&] { return state(b_, offline) == "confirmed"; }));
}

TEST_F(RegionalAccounts, ForgedAlteredOrMisdirectedSealedPayloadsAreRefusedAndRecorded) {
  const auto at_a = addUser(a_, "m.durand", "teacher", "$argon2id$A1");
  const auto at_b = addUser(b_, "marie.durand", "teacher", "$argon2id$B1");
  ASSERT_TRUE(attachAsked(at_a, at_b, "m.durand"));
  ASSERT_TRUE(answer(a_, at_a, "approved").ok());
  ASSERT_TRUE(eventually([&] { return hash(b_, at_b) == "$argon2id$A1"; }));
  const std::string regional_id = *account(a_, at_a).regional_id;
  const std::string envelope = "{\"regional_id\":\"" + regional_id +
                               "\",\"login\":\"m.durand\",\"password_hash\":\"$argon2id$EVIL\","
                               "\"must_change_password\":false,\"version\":99,\"owner\":"
                               "\"school:0541234Y\"}";
  const SealedHeader header{"school:0541234Y", "school:0750654D", "credential"};
  auto send = [&](const std::string& key, std::string body) {
    ASSERT_TRUE(a_.db
                    ->write([&](storage::Connection& conn) -> Status {
                      CARTABLE_ASSIGN_OR_RETURN(auto version, nextVersion(conn, kSealedKind, key));
                      CARTABLE_ASSIGN_OR_RETURN(
                          auto seq, appendChange(conn,
                                                 {0, "hub", kSealedKind, key, "school:0541234Y",
                                                  version, std::move(body)},
                                                 clock_.now()));
                      (void)seq;
                      return okStatus();
                    })
                    .ok());
  };
  auto refusals = [&] { return text(*b_.db, "SELECT count(*) FROM sealed_refusals"); };
  // Signed with a key that is not A's.
  const NodeKeys impostor = generateNodeKeys();
  auto keys_of_b = b_.keys;
  send("forged:" + regional_id + ":0750654D",
       sealPayload(impostor, header, keys_of_b.box_public, envelope));
  ASSERT_TRUE(eventually([&] { return refusals() == "1"; }));
  EXPECT_NE(text(*b_.db, "SELECT reason FROM sealed_refusals ORDER BY id DESC")
                .find("signature of school:0541234Y"),
            std::string::npos);
  // Altered on the way: one byte of the sealed box flipped.
  std::string altered = sealPayload(a_.keys, header, keys_of_b.box_public, envelope);
  altered[altered.size() - 20] ^= 0x01;
  send("altered:" + regional_id + ":0750654D", altered);
  ASSERT_TRUE(eventually([&] { return refusals() == "2"; }));
  EXPECT_NE(text(*b_.db, "SELECT reason FROM sealed_refusals ORDER BY id DESC")
                .find("cannot be opened with this school's key"),
            std::string::npos);
  // Sealed to another school's key, addressed to B.
  const NodeKeys elsewhere = generateNodeKeys();
  send("misdirected:" + regional_id + ":0750654D",
       sealPayload(a_.keys, header, elsewhere.box_public, envelope));
  ASSERT_TRUE(eventually([&] { return refusals() == "3"; }));
  EXPECT_EQ(hash(b_, at_b), "$argon2id$A1");
  // The link goes on: a real change still arrives.
  exec(a_, "UPDATE credentials SET password_hash = '$argon2id$A2' WHERE user_id = " +
               std::to_string(at_a));
  EXPECT_TRUE(eventually([&] { return hash(b_, at_b) == "$argon2id$A2"; }));
}

}  // namespace
}  // namespace cartable::federation
