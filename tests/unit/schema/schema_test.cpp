// The appliance's real migrations: from an empty database, and from every
// earlier version with data in it, nothing is lost.
#include <gtest/gtest.h>

#include "core/storage/migrations.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable {
namespace {

class SchemaMigrations : public ::testing::Test {
 protected:
  std::unique_ptr<storage::Database> open(const std::string& name) {
    auto db = storage::Database::open(dir_.file(name));
    EXPECT_TRUE(db.ok()) << db.error().message;
    return std::move(db).value();
  }

  testing::TempDir dir_;
  ManualClock clock_;
};

// A row for each table that exists at `version`, so later migrations must carry it.
Status fillAt(storage::Connection& db, int version) {
  if (version >= 1) {
    CARTABLE_RETURN_IF_ERROR(db.exec(
        "INSERT INTO users(login, given_name, family_name, created_at, updated_at) "
        "VALUES ('eleve" + std::to_string(version) + "', 'A', 'B', 1, 1)"));
    CARTABLE_RETURN_IF_ERROR(db.exec("INSERT INTO user_roles VALUES (last_insert_rowid(), 'student')"));
    CARTABLE_RETURN_IF_ERROR(db.exec("INSERT INTO classes(code, label, level, school_year) VALUES ('C" +
                                     std::to_string(version) + "', 'c', '6e', '2026-2027')"));
  }
  if (version >= 2) {
    CARTABLE_RETURN_IF_ERROR(db.exec(
        "INSERT INTO audit_log(at, event) VALUES (1, 'test.v" + std::to_string(version) + "')"));
  }
  return okStatus();
}

std::int64_t count(storage::Database& db, const std::string& sql) {
  std::int64_t n = -1;
  EXPECT_TRUE(db.read([&](storage::Connection& c) -> Status {
                  CARTABLE_ASSIGN_OR_RETURN(auto v, c.scalarInt64(sql));
                  n = v.value_or(-1);
                  return okStatus();
                }).ok());
  return n;
}

TEST_F(SchemaMigrations, ApplyToAnEmptyDatabaseAndRecordEachVersion) {
  auto db = open("empty.db");
  auto applied = storage::applyMigrations(*db, schema::migrations(), clock_);
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_EQ(*applied, schema::latestVersion());
  EXPECT_EQ(count(*db, "SELECT count(*) FROM schema_migrations"), schema::latestVersion());
  EXPECT_EQ(count(*db, "PRAGMA foreign_key_check"), -1) << "no foreign key violation";
  auto again = storage::applyMigrations(*db, schema::migrations(), clock_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

TEST_F(SchemaMigrations, UpgradeFromEveryEarlierVersionKeepsEveryRow) {
  const auto& all = schema::migrations();
  for (int from = 1; from < schema::latestVersion(); ++from) {
    auto db = open("from-" + std::to_string(from) + ".db");
    std::span<const storage::Migration> prefix(all.data(), static_cast<std::size_t>(from));
    ASSERT_TRUE(storage::applyMigrations(*db, prefix, clock_).ok());
    ASSERT_TRUE(db->write([&](storage::Connection& c) { return fillAt(c, from); }).ok());
    auto rest = storage::applyMigrations(*db, all, clock_);
    ASSERT_TRUE(rest.ok()) << "from version " << from << ": " << rest.error().message;
    EXPECT_EQ(*rest, schema::latestVersion() - from);
    EXPECT_EQ(count(*db, "SELECT count(*) FROM users"), 1) << "from " << from;
    EXPECT_EQ(count(*db, "SELECT count(*) FROM user_roles"), 1) << "from " << from;
    EXPECT_EQ(count(*db, "SELECT count(*) FROM classes"), 1) << "from " << from;
  }
}

TEST_F(SchemaMigrations, ADatabaseFromANewerProgramIsRefused) {
  auto db = open("newer.db");
  ASSERT_TRUE(storage::applyMigrations(*db, schema::migrations(), clock_).ok());
  const int newer = schema::latestVersion() + 1;
  ASSERT_TRUE(db->write([&](storage::Connection& c) {
                  return c.exec("INSERT INTO schema_migrations VALUES (?, 'future', 1)", newer);
                }).ok());
  auto refused = storage::applyMigrations(*db, schema::migrations(), clock_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::failed_precondition);
  EXPECT_NE(refused.error().message.find(std::to_string(newer)), std::string::npos)
      << refused.error().message;
}

}  // namespace
}  // namespace cartable
