#include "federation/replication/session.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "federation/replication/messages.h"
#include "replication_fixture.h"

namespace cartable::federation {
namespace {

class ReplicationSessionTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  ManualClock clock_;
  SeededRandom random_{11};
  std::unique_ptr<storage::Database> school_ = migratedDatabase(dir_, "school.db", clock_);
  std::unique_ptr<storage::Database> hub_ = migratedDatabase(dir_, "hub.db", clock_);

  SessionOptions schoolSide() {
    SessionOptions options;
    options.peer = "hub";
    options.outbound_partitions = {"hub"};
    options.batch_records = 50;
    return options;
  }
  SessionOptions hubSide() {
    SessionOptions options;
    options.peer = "school:A";
    options.outbound_partitions = {"school:A", "region"};
    options.batch_records = 50;
    options.check_scope = [](const Record& record) -> Status {
      if (record.owner != "school:A") {
        return makeError(Errc::permission_denied, "school:A sent a record owned by " + record.owner,
                         "owner");
      }
      return okStatus();
    };
    return options;
  }
  std::unique_ptr<SessionPair> connect() {
    auto pair =
        std::make_unique<SessionPair>(*school_, schoolSide(), *hub_, hubSide(), clock_, random_);
    pair->start();
    return pair;
  }
  void writeAtSchool(int from, int to, const std::string& body = "b") {
    for (int i = from; i <= to; ++i) {
      ASSERT_TRUE(
          writeRecord(*school_, "school:A", "hub", "member", "m" + std::to_string(i), body, 1)
              .ok());
    }
  }
};

TEST_F(ReplicationSessionTest, ReplicatesBothWaysAndThenHasNothingToSend) {
  writeAtSchool(1, 120);
  ASSERT_TRUE(writeRecord(*hub_, "hub", "region", "school", "B", "keys of B", 1).ok());
  ASSERT_TRUE(writeRecord(*hub_, "hub", "school:C", "sealed", "x", "for C only", 1).ok());
  auto pair = connect();
  ASSERT_TRUE(pair->run().ok());

  EXPECT_EQ(countRows(*hub_, "federated_records"), 122);  // 120 received + 2 its own
  EXPECT_EQ(bodyOf(*school_, "school", "B"), "keys of B");
  EXPECT_EQ(bodyOf(*school_, "sealed", "x"), "<none>");
  EXPECT_EQ(pair->b().counters().records_applied, 120);
  EXPECT_EQ(pair->a().counters().batches_sent, 3);
  EXPECT_TRUE(pair->a().idle());
  EXPECT_TRUE(pair->b().idle());

  ASSERT_TRUE(pair->pumpBoth().ok());
  EXPECT_TRUE(pair->toA().empty());
  EXPECT_TRUE(pair->toB().empty());

  // A later write goes on the next pump, alone.
  writeAtSchool(121, 121, "late");
  ASSERT_TRUE(pair->pumpBoth().ok());
  ASSERT_TRUE(pair->run().ok());
  EXPECT_EQ(bodyOf(*hub_, "member", "m121"), "late");
  EXPECT_EQ(pair->b().counters().records_applied, 121);
}

TEST_F(ReplicationSessionTest, ACutAtAnyMessageResumesFromTheDurableCursorWithoutDuplicates) {
  writeAtSchool(1, 400);
  for (int cut_after = 1; cut_after < 30; cut_after += 3) {
    auto pair = connect();
    ASSERT_TRUE(pair->run(cut_after).ok());  // then the link drops: queues are lost
  }
  auto pair = connect();
  ASSERT_TRUE(pair->run().ok());
  EXPECT_EQ(countRows(*hub_, "federated_records"), 400);
  // Whatever was resent was recognised: no record was applied twice.
  std::int64_t resent_at_most = 4 /* window */ * 50;
  EXPECT_LE(pair->b().counters().records_unchanged, resent_at_most);
}

TEST_F(ReplicationSessionTest, ALostAckMakesThePeerResendABatchThatChangesNothing) {
  writeAtSchool(1, 50);
  {
    auto pair = connect();
    // Hellos, then the batch reaches the hub and is committed; the ack is lost.
    ASSERT_TRUE(pair->run(3).ok());
    EXPECT_EQ(pair->b().counters().records_applied, 50);
  }
  auto pair = connect();
  ASSERT_TRUE(pair->run().ok());
  EXPECT_EQ(pair->a().counters().records_sent, 0);  // the hub's Hello said it had them
  EXPECT_EQ(countRows(*hub_, "federated_records"), 50);
}

TEST_F(ReplicationSessionTest, ARestoredSchoolStartsANewEpochAndLosesNothingAtTheHub) {
  writeAtSchool(1, 30, "before backup");
  {
    auto pair = connect();
    ASSERT_TRUE(pair->run().ok());
  }
  // The school's database goes back to a backup that missed later writes.
  ASSERT_TRUE(school_
                  ->withWriter([&](storage::Connection& conn) -> Status {
                    return conn.exec("VACUUM INTO ?", dir_.file("backup.db"));
                  })
                  .ok());
  writeAtSchool(31, 40, "after backup");
  {
    auto pair = connect();
    ASSERT_TRUE(pair->run().ok());
  }
  school_.reset();
  std::filesystem::copy_file(dir_.file("backup.db"), dir_.file("school.db"),
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::remove(dir_.file("school.db-wal"));
  school_ = std::move(storage::Database::open(dir_.file("school.db"))).value();
  ASSERT_TRUE(school_->write([](storage::Connection& conn) { return startNewEpoch(conn); }).ok());
  // Its log restarts below what the hub saw; the new epoch makes the hub take it.
  writeAtSchool(41, 45, "after restore");
  auto pair = connect();
  ASSERT_TRUE(pair->run().ok());
  EXPECT_EQ(countRows(*hub_, "federated_records"), 45);
  EXPECT_EQ(bodyOf(*hub_, "member", "m35"), "after backup");
  EXPECT_EQ(bodyOf(*hub_, "member", "m43"), "after restore");
  EXPECT_NE(pair->a().peerEpoch(), "");
}

TEST_F(ReplicationSessionTest, AnOutOfScopeRecordRejectsTheWholeBatch) {
  writeAtSchool(1, 5);
  ASSERT_TRUE(writeRecord(*school_, "school:B", "hub", "member", "forged", "x", 1).ok());
  auto pair = connect();
  Status status = pair->run();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "school:A sent a record owned by school:B");
  EXPECT_EQ(countRows(*hub_, "federated_records"), 0);
  EXPECT_EQ(countRows(*hub_, "replication_cursors"), 0);
}

TEST_F(ReplicationSessionTest, MessagesOutOfOrderEndTheSession) {
  ReplicationSession session(*hub_, hubSide(), clock_, random_);
  ASSERT_TRUE(session.start().ok());
  auto early = session.onMessage(encodeMessage(Ack{"e", {"hub"}, 1}));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().message, "the peer sent a message before its Hello");

  ASSERT_TRUE(session.onMessage(encodeMessage(Hello{"peer-epoch", {}})).ok());
  auto wrong_epoch = session.onMessage(encodeMessage(Batch{"other-epoch", {"hub"}, 1, {}}));
  ASSERT_FALSE(wrong_epoch.ok());
  EXPECT_EQ(wrong_epoch.error().message,
            "a batch names epoch other-epoch but the peer's is peer-epoch");
  auto stray_ack = session.onMessage(encodeMessage(Ack{"x", {"hub"}, 1}));
  EXPECT_FALSE(stray_ack.ok());
  auto second_hello = session.onMessage(encodeMessage(Hello{"peer-epoch", {}}));
  ASSERT_FALSE(second_hello.ok());
  EXPECT_EQ(second_hello.error().message, "the peer sent a second Hello");
}

TEST_F(ReplicationSessionTest, ThePeerEpochHookRunsForANewPeerAndAfterItsRestore) {
  int calls = 0;
  std::string previous_seen = "unset";
  auto options = hubSide();
  options.on_peer_epoch = [&](storage::Connection&, const std::string& previous) -> Status {
    ++calls;
    previous_seen = previous;
    return okStatus();
  };
  writeAtSchool(1, 1);
  {
    SessionPair pair(*school_, schoolSide(), *hub_, options, clock_, random_);
    pair.start();
    ASSERT_TRUE(pair.run().ok());
  }
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(previous_seen, "");
  {
    SessionPair pair(*school_, schoolSide(), *hub_, options, clock_, random_);
    pair.start();
    ASSERT_TRUE(pair.run().ok());
  }
  EXPECT_EQ(calls, 1);
  ASSERT_TRUE(school_->write([](storage::Connection& conn) { return startNewEpoch(conn); }).ok());
  writeAtSchool(2, 2);
  SessionPair pair(*school_, schoolSide(), *hub_, options, clock_, random_);
  pair.start();
  ASSERT_TRUE(pair.run().ok());
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(previous_seen.size(), 32u);
}

}  // namespace
}  // namespace cartable::federation
