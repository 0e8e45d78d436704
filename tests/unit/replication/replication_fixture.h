// Two nodes' databases, migrated, and helpers to write records and run a
// replication session between them through memory.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <string>

#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/storage/migrations.h"
#include "federation/replication/change_log.h"
#include "federation/replication/session.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable::federation {

inline std::unique_ptr<storage::Database> migratedDatabase(const testing::TempDir& dir,
                                                           const std::string& name,
                                                           const Clock& clock) {
  auto db = std::move(storage::Database::open(dir.file(name))).value();
  EXPECT_TRUE(storage::applyMigrations(*db, schema::migrations(), clock).ok());
  return db;
}

// Writes a new version of (kind, key) owned by `owner` into `partition`.
inline Status writeRecord(storage::Database& db, const std::string& owner,
                          const std::string& partition, const std::string& kind,
                          const std::string& key, const std::string& body, Seconds now) {
  return db.write([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t version, nextVersion(conn, kind, key));
    return appendChange(conn, {0, partition, kind, key, owner, version, body}, now).ok()
               ? okStatus()
               : makeError(Errc::internal, "append failed");
  });
}

inline std::string bodyOf(storage::Database& db, const std::string& kind, const std::string& key) {
  std::string body = "<none>";
  EXPECT_TRUE(db.read([&](storage::Connection& conn) -> Status {
                  CARTABLE_ASSIGN_OR_RETURN(auto record, findRecord(conn, kind, key));
                  if (record) body = record->body;
                  return okStatus();
                }).ok());
  return body;
}

inline std::int64_t countRows(storage::Database& db, const std::string& table) {
  std::int64_t count = -1;
  EXPECT_TRUE(db.read([&](storage::Connection& conn) -> Status {
                  CARTABLE_ASSIGN_OR_RETURN(auto n,
                                            conn.scalarInt64("SELECT count(*) FROM " + table));
                  count = n.value_or(0);
                  return okStatus();
                }).ok());
  return count;
}

// Two sessions wired through in-memory queues. `deliver` moves at most
// `limit` messages; a message may be dropped by the test to simulate a cut.
class SessionPair {
 public:
  SessionPair(storage::Database& a, SessionOptions a_options, storage::Database& b,
              SessionOptions b_options, const Clock& clock, Random& random)
      : a_(a, std::move(a_options), clock, random), b_(b, std::move(b_options), clock, random) {}

  void start() {
    to_b_.push_back(std::move(a_.start()).value().bytes);
    to_a_.push_back(std::move(b_.start()).value().bytes);
  }

  // Delivers queued messages both ways until none is left or `limit` were
  // delivered; returns the first error a session reported.
  Status run(int limit = 1'000'000) {
    while (limit-- > 0 && (!to_a_.empty() || !to_b_.empty())) {
      if (!to_b_.empty()) CARTABLE_RETURN_IF_ERROR(deliver(b_, to_b_, to_a_));
      if (!to_a_.empty()) CARTABLE_RETURN_IF_ERROR(deliver(a_, to_a_, to_b_));
    }
    return okStatus();
  }

  Status pumpBoth() {
    CARTABLE_RETURN_IF_ERROR(queue(a_.pump(), to_b_));
    return queue(b_.pump(), to_a_);
  }

  ReplicationSession& a() { return a_; }
  ReplicationSession& b() { return b_; }
  std::deque<std::string>& toA() { return to_a_; }
  std::deque<std::string>& toB() { return to_b_; }

 private:
  static Status queue(Result<std::vector<Outgoing>> out, std::deque<std::string>& into) {
    if (!out.ok()) return out.error();
    for (auto& message : *out) into.push_back(std::move(message.bytes));
    return okStatus();
  }
  static Status deliver(ReplicationSession& to, std::deque<std::string>& in,
                        std::deque<std::string>& back) {
    std::string message = std::move(in.front());
    in.pop_front();
    return queue(to.onMessage(message), back);
  }

  ReplicationSession a_;
  ReplicationSession b_;
  std::deque<std::string> to_a_;
  std::deque<std::string> to_b_;
};

}  // namespace cartable::federation
