#include "core/storage/migrations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "support/temp_dir.h"

namespace cartable::storage {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;

constexpr std::array<EmbeddedFile, 3> kFiles = {{
    {"0002_pupils.sql",
     "CREATE TABLE pupils (id INTEGER PRIMARY KEY, "
     "class_id INTEGER NOT NULL REFERENCES classes(id), login TEXT NOT NULL);"},
    {"0001_classes.sql", "CREATE TABLE classes (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"},
    {"0003_pupil_age.sql", "ALTER TABLE pupils ADD COLUMN age INTEGER;"},
}};

std::vector<Migration> parse(std::span<const EmbeddedFile> files) {
  auto parsed = migrationsFromFiles(files);
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  return parsed.ok() ? std::move(parsed).value() : std::vector<Migration>{};
}

class StorageMigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open(dir_.file("test.db"));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(opened).value();
    migrations_ = parse(kFiles);
    ASSERT_EQ(migrations_.size(), 3u);
  }

  // The first `n` known migrations, as an older program would know them.
  std::span<const Migration> firstMigrations(std::size_t n) {
    return std::span<const Migration>(migrations_).first(n);
  }

  std::int64_t scalar(const std::string& sql) {
    std::int64_t value = -1;
    Status status = db_->read([&](Connection& c) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(auto answer, c.scalarInt64(sql));
      value = answer.value_or(-1);
      return okStatus();
    });
    EXPECT_TRUE(status.ok()) << status.error().message;
    return value;
  }

  bool tableExists(const std::string& name) {
    return scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + name +
                  "'") == 1;
  }

  TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<Database> db_;
  std::vector<Migration> migrations_;
};

TEST(StorageMigrationFilesTest, ParsesVersionAndNameAndSortsByVersion) {
  std::vector<Migration> migrations = parse(kFiles);
  ASSERT_EQ(migrations.size(), 3u);
  EXPECT_EQ(migrations[0].version, 1);
  EXPECT_EQ(migrations[0].name, "classes");
  EXPECT_EQ(migrations[0].sql, kFiles[1].contents);
  EXPECT_EQ(migrations[1].name, "pupils");
  EXPECT_EQ(migrations[2].version, 3);
  EXPECT_EQ(migrations[2].name, "pupil_age");
}

TEST(StorageMigrationFilesTest, NoFilesIsAnEmptyList) {
  EXPECT_TRUE(parse({}).empty());
}

TEST(StorageMigrationFilesTest, RejectsNamesOutsideThePattern) {
  for (const char* name : {"1_classes.sql", "0001_Classes.sql", "0001_classes.txt",
                           "0001-classes.sql", "0001_.sql", "00001_classes.sql"}) {
    const std::array<EmbeddedFile, 1> files = {{{name, "SELECT 1;"}}};
    auto parsed = migrationsFromFiles(files);
    ASSERT_FALSE(parsed.ok()) << name;
    EXPECT_EQ(parsed.error().code, Errc::invalid_argument);
    EXPECT_EQ(parsed.error().field, name);
    EXPECT_EQ(parsed.error().message,
              "migration file name \"" + std::string(name) + "\" does not match NNNN_name.sql");
  }
}

TEST(StorageMigrationFilesTest, RejectsAGapNamingTheFile) {
  const std::array<EmbeddedFile, 2> files = {{{"0001_a.sql", ""}, {"0003_c.sql", ""}}};
  auto parsed = migrationsFromFiles(files);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().field, "0003_c.sql");
  EXPECT_EQ(parsed.error().message,
            "migration 0003_c.sql should have version 2: versions must run from 1 with no gap");
}

TEST(StorageMigrationFilesTest, RejectsAListNotStartingAtOne) {
  const std::array<EmbeddedFile, 1> files = {{{"0002_b.sql", ""}}};
  auto parsed = migrationsFromFiles(files);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().field, "0002_b.sql");
}

TEST(StorageMigrationFilesTest, RejectsADuplicateVersion) {
  const std::array<EmbeddedFile, 3> files = {
      {{"0001_a.sql", ""}, {"0002_b.sql", ""}, {"0002_c.sql", ""}}};
  auto parsed = migrationsFromFiles(files);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message, "migration 0002_c.sql has the same version as 0002_b.sql");
}

TEST_F(StorageMigrationsTest, EmptyDatabaseHasVersionZero) {
  auto version = schemaVersion(*db_);
  ASSERT_TRUE(version.ok()) << version.error().message;
  EXPECT_EQ(*version, 0);
}

TEST_F(StorageMigrationsTest, AppliesEveryMigrationToAnEmptyDatabase) {
  auto applied = applyMigrations(*db_, migrations_, clock_);
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_EQ(*applied, 3);
  EXPECT_EQ(*schemaVersion(*db_), 3);
  EXPECT_EQ(scalar("PRAGMA user_version"), 3);
  EXPECT_TRUE(tableExists("classes"));
  EXPECT_EQ(scalar("SELECT count(*) FROM pragma_table_info('pupils') WHERE name = 'age'"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM schema_migrations WHERE applied_at = " +
                   std::to_string(clock_.now())),
            3);
  EXPECT_EQ(scalar("SELECT count(*) FROM schema_migrations WHERE version = 2 AND name = 'pupils'"),
            1);
}

TEST_F(StorageMigrationsTest, AppliesOnlyPendingMigrationsAndKeepsData) {
  ASSERT_EQ(*applyMigrations(*db_, firstMigrations(2), clock_), 2);
  ASSERT_TRUE(db_->write([](Connection& c) -> Status {
                   CARTABLE_RETURN_IF_ERROR(c.exec("INSERT INTO classes VALUES (1, '6A')"));
                   return c.exec("INSERT INTO pupils VALUES (1, 1, 'jdupont')");
                 })
                  .ok());
  clock_.advance(3600);

  auto applied = applyMigrations(*db_, migrations_, clock_);
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_EQ(*applied, 1);
  EXPECT_EQ(*schemaVersion(*db_), 3);
  EXPECT_EQ(scalar("SELECT count(*) FROM pupils WHERE login = 'jdupont' AND age IS NULL"), 1);
  EXPECT_EQ(scalar("SELECT applied_at FROM schema_migrations WHERE version = 3"), clock_.now());

  auto again = applyMigrations(*db_, migrations_, clock_);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, 0);
}

TEST_F(StorageMigrationsTest, RefusesADatabaseNewerThanTheProgram) {
  ASSERT_EQ(*applyMigrations(*db_, migrations_, clock_), 3);
  auto applied = applyMigrations(*db_, firstMigrations(2), clock_);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, Errc::failed_precondition);
  EXPECT_EQ(applied.error().message,
            "database schema version 3 is newer than this program knows (2); install a newer "
            "Cartable or restore a backup");
}

TEST_F(StorageMigrationsTest, RefusesAHistoryWithADifferentName) {
  ASSERT_EQ(*applyMigrations(*db_, firstMigrations(2), clock_), 2);
  std::vector<Migration> renamed = migrations_;
  renamed[1].name = "students";
  auto applied = applyMigrations(*db_, renamed, clock_);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, Errc::corrupt);
  EXPECT_EQ(applied.error().message,
            "schema_migrations records version 2 as \"pupils\" but this program knows it as "
            "\"students\"");
  EXPECT_EQ(*schemaVersion(*db_), 2);
}

TEST_F(StorageMigrationsTest, FailingMigrationLeavesNoTraceAndStopsThere) {
  std::vector<Migration> migrations = {migrations_[0]};
  migrations.push_back({2, "broken", "CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);"});
  migrations.push_back({3, "never", "CREATE TABLE never (x);"});

  auto applied = applyMigrations(*db_, migrations, clock_);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, Errc::internal);
  EXPECT_THAT(applied.error().message, HasSubstr("migration 0002_broken.sql failed: "));
  EXPECT_THAT(applied.error().message, HasSubstr("no such table: nowhere"));
  EXPECT_EQ(*schemaVersion(*db_), 1);
  EXPECT_EQ(scalar("PRAGMA user_version"), 1);
  EXPECT_TRUE(tableExists("classes"));
  EXPECT_FALSE(tableExists("half"));
  EXPECT_FALSE(tableExists("never"));
}

}  // namespace
}  // namespace cartable::storage
