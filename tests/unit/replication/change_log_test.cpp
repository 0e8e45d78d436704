#include "federation/replication/change_log.h"

#include <gtest/gtest.h>

#include "federation/replication/records.h"
#include "replication_fixture.h"

namespace cartable::federation {
namespace {

class ChangeLogTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<storage::Database> db_ = migratedDatabase(dir_, "node.db", clock_);

  std::vector<Record> pending(std::vector<PartitionCursor> cursors, std::size_t max_records = 100,
                              std::size_t max_bytes = 1 << 20) {
    std::vector<Record> records;
    EXPECT_TRUE(db_->read([&](storage::Connection& conn) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(records,
                                               changesAfter(conn, cursors, max_records, max_bytes));
                     return okStatus();
                   })
                    .ok());
    return records;
  }

  ApplyOutcome apply(const Record& record) {
    ApplyOutcome outcome{};
    EXPECT_TRUE(db_->write([&](storage::Connection& conn) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(outcome,
                                               applyRecord(conn, record, "peer", clock_.now()));
                     return okStatus();
                   })
                    .ok());
    return outcome;
  }
};

TEST_F(ChangeLogTest, KeepsOnlyTheLatestVersionOfARecordPerPartition) {
  ASSERT_TRUE(writeRecord(*db_, "school:A", "hub", "member", "m1", "v1", 10).ok());
  ASSERT_TRUE(writeRecord(*db_, "school:A", "hub", "member", "m2", "other", 10).ok());
  ASSERT_TRUE(writeRecord(*db_, "school:A", "hub", "member", "m1", "v2", 11).ok());

  auto records = pending({{"hub", 0}});
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].key, "m2");
  EXPECT_EQ(records[1].key, "m1");
  EXPECT_EQ(records[1].body, "v2");
  EXPECT_EQ(records[1].version, 2);
  EXPECT_EQ(records[1].seq, 3);
  EXPECT_EQ(bodyOf(*db_, "member", "m1"), "v2");
}

TEST_F(ChangeLogTest, ReadsEachPartitionFromItsOwnCursorWithinTheLimits) {
  for (int i = 1; i <= 6; ++i) {
    const std::string partition = i % 2 ? "school:A" : "region";
    ASSERT_TRUE(writeRecord(*db_, "hub", partition, "k", "r" + std::to_string(i), "body", 1).ok());
  }
  // school:A holds seqs 1, 3, 5; region holds 2, 4, 6.
  auto records = pending({{"school:A", 3}, {"region", 0}});
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].seq, 2);
  EXPECT_EQ(records[1].seq, 4);
  EXPECT_EQ(records[2].seq, 5);
  EXPECT_EQ(pending({{"school:A", 0}, {"region", 0}}, 2).size(), 2u);
  // A byte budget below one record still yields one record.
  EXPECT_EQ(pending({{"region", 0}}, 100, 1).size(), 1u);
}

TEST_F(ChangeLogTest, KeepsItsEpochUntilANewOneIsStarted) {
  SeededRandom random(7);
  std::string first, again, after_restore;
  ASSERT_TRUE(db_->write([&](storage::Connection& conn) -> Status {
                   CARTABLE_ASSIGN_OR_RETURN(first, currentEpoch(conn, random, 1));
                   CARTABLE_ASSIGN_OR_RETURN(again, currentEpoch(conn, random, 2));
                   CARTABLE_RETURN_IF_ERROR(startNewEpoch(conn));
                   CARTABLE_ASSIGN_OR_RETURN(after_restore, currentEpoch(conn, random, 3));
                   return okStatus();
                 })
                  .ok());
  EXPECT_EQ(first.size(), 32u);
  EXPECT_EQ(first, again);
  EXPECT_NE(first, after_restore);
}

TEST_F(ChangeLogTest, ApplyingTheSameVersionTwiceChangesNothing) {
  Record record{1, "hub", "member", "m1", "school:A", 3, "body"};
  EXPECT_EQ(apply(record), ApplyOutcome::applied);
  EXPECT_EQ(apply(record), ApplyOutcome::unchanged);
  record.version = 2;  // an older version by the same owner, resent late
  EXPECT_EQ(apply(record), ApplyOutcome::unchanged);
  EXPECT_EQ(bodyOf(*db_, "member", "m1"), "body");
  EXPECT_EQ(countRows(*db_, "replication_conflicts"), 0);
}

TEST_F(ChangeLogTest, ConcurrentVersionsMergeToTheSameWinnerInAnyOrderAndKeepTheLoser) {
  const Record from_a{1, "hub", "profile", "p1", "school:A", 4, "edited at A"};
  const Record from_b{1, "hub", "profile", "p1", "school:B", 4, "edited at B"};
  EXPECT_EQ(apply(from_a), ApplyOutcome::applied);
  EXPECT_EQ(apply(from_b), ApplyOutcome::applied);
  EXPECT_EQ(bodyOf(*db_, "profile", "p1"), "edited at B");

  testing::TempDir other_dir;
  auto other = migratedDatabase(other_dir, "other.db", clock_);
  ASSERT_TRUE(other
                  ->write([&](storage::Connection& conn) -> Status {
                    CARTABLE_ASSIGN_OR_RETURN(auto first, applyRecord(conn, from_b, "x", 1));
                    CARTABLE_ASSIGN_OR_RETURN(auto second, applyRecord(conn, from_a, "x", 1));
                    EXPECT_EQ(first, ApplyOutcome::applied);
                    EXPECT_EQ(second, ApplyOutcome::lost);
                    return okStatus();
                  })
                  .ok());
  EXPECT_EQ(bodyOf(*other, "profile", "p1"), "edited at B");
  EXPECT_EQ(countRows(*db_, "replication_conflicts"), 1);
  EXPECT_EQ(countRows(*other, "replication_conflicts"), 1);
  EXPECT_EQ(apply(from_a), ApplyOutcome::lost);  // a resent loser is not kept twice
  EXPECT_EQ(countRows(*db_, "replication_conflicts"), 1);
}

TEST_F(ChangeLogTest, ALocalWriteAfterAReceivedVersionGetsAHigherVersion) {
  EXPECT_EQ(apply({1, "hub", "profile", "p1", "school:B", 9, "from B"}), ApplyOutcome::applied);
  ASSERT_TRUE(writeRecord(*db_, "school:A", "hub", "profile", "p1", "from A", 1).ok());
  auto records = pending({{"hub", 0}});
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].version, 10);
  EXPECT_EQ(bodyOf(*db_, "profile", "p1"), "from A");
}

}  // namespace
}  // namespace cartable::federation
