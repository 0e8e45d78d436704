#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "core/storage/migrations.h"
#include "directory/relations.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "schema/schema.h"
#include "support/temp_dir.h"
#include "tests/tools/generator/school_generator.h"
#include "tests/tools/generator/school_timetable.h"

namespace cartable::generator {
namespace {

constexpr std::string_view kHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";

class GeneratorDatabase : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::Database::open(directory_ + "/school.db");
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(db).value();
    auto applied = storage::applyMigrations(*db_, schema::migrations(), clock_);
    ASSERT_TRUE(applied.ok()) << applied.error().message;
  }

  void TearDown() override { db_.reset(); }

  static GeneratedSchool smallSchool() {
    GeneratorOptions options;
    options.students = 60;
    options.classes = 3;
    options.teachers = 15;
    options.staff = 2;
    return generateSchool(options).value();
  }

  std::int64_t scalar(const std::string& sql) {
    std::int64_t value = -1;
    const Status status = db_->read([&](storage::Connection& c) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(auto result, c.scalarInt64(sql));
      value = result.value_or(-1);
      return okStatus();
    });
    EXPECT_TRUE(status.ok()) << status.error().message;
    return value;
  }

  std::map<std::string, std::int64_t> rowCounts() {
    std::map<std::string, std::int64_t> counts;
    for (const char* table :
         {"users", "user_roles", "credentials", "classes", "groups", "subjects", "enrollments",
          "group_members", "guardianships", "teaching_assignments"}) {
      counts[table] = scalar(std::string("SELECT count(*) FROM ") + table);
    }
    return counts;
  }

  template <class T>
  T read(const std::function<Result<T>(storage::Connection&)>& query) {
    std::optional<T> value;
    const Status status = db_->read([&](storage::Connection& c) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(T result, query(c));
      value = std::move(result);
      return okStatus();
    });
    EXPECT_TRUE(status.ok()) << status.error().message;
    return value.value_or(T{});
  }

  std::int64_t userId(const std::string& login) {
    return read<std::int64_t>([&](storage::Connection& c) -> Result<std::int64_t> {
      CARTABLE_ASSIGN_OR_RETURN(auto user, directory::findUserByLogin(c, login));
      if (!user) return makeError(Errc::not_found, "no user " + login);
      return user->id;
    });
  }

  ManualClock clock_{1'780'000'000};
  cartable::testing::TempDir temp_;
  std::string directory_ = temp_.path().string();
  std::unique_ptr<storage::Database> db_;
};

std::map<std::string, std::int64_t> modelCounts(const GeneratedSchool& school) {
  const auto users = static_cast<std::int64_t>(school.userCount());
  return {{"users", users},
          {"user_roles", users},
          {"credentials", users},
          {"classes", static_cast<std::int64_t>(school.classes.size())},
          {"groups", static_cast<std::int64_t>(school.groups.size())},
          {"subjects", static_cast<std::int64_t>(school.subjects.size())},
          {"enrollments", static_cast<std::int64_t>(school.enrollments.size())},
          {"group_members", static_cast<std::int64_t>(school.group_members.size())},
          {"guardianships", static_cast<std::int64_t>(school.guardianships.size())},
          {"teaching_assignments", static_cast<std::int64_t>(school.assignments.size())}};
}

TEST_F(GeneratorDatabase, WritesEveryRowOfTheModel) {
  const GeneratedSchool school = smallSchool();
  const Status status = writeSchool(*db_, school, std::string(kHash), clock_.now());
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(rowCounts(), modelCounts(school));
  EXPECT_EQ(scalar("SELECT count(*) FROM teaching_assignments WHERE main_teacher = 1"), 3);
  EXPECT_EQ(scalar("SELECT count(*) FROM guardianships WHERE legal_guardian = 0"),
            std::count_if(school.guardianships.begin(), school.guardianships.end(),
                          [](const GeneratedGuardianship& g) { return !g.legal_guardian; }));
}

TEST_F(GeneratorDatabase, WritesTheDefaultCollege) {
  const GeneratedSchool school = generateSchool(GeneratorOptions{}).value();
  const Status status = writeSchool(*db_, school, std::string(kHash), clock_.now());
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(rowCounts(), modelCounts(school));
  EXPECT_EQ(scalar("SELECT count(*) FROM user_roles WHERE role = 'student'"), 1200);
  EXPECT_EQ(scalar("SELECT count(*) FROM user_roles WHERE role = 'teacher'"), 90);
}

TEST_F(GeneratorDatabase, EveryAccountGetsTheGivenPasswordHashWithoutAForcedChange) {
  const GeneratedSchool school = smallSchool();
  ASSERT_TRUE(writeSchool(*db_, school, std::string(kHash), clock_.now()).ok());
  const std::string matching = "SELECT count(*) FROM credentials WHERE password_hash = '" +
                               std::string(kHash) + "' AND must_change_password = 0 AND " +
                               "password_changed_at = " + std::to_string(clock_.now());
  EXPECT_EQ(scalar(matching), static_cast<std::int64_t>(school.userCount()));
}

TEST_F(GeneratorDatabase, SampleAccountsAreRelatedInTheDirectory) {
  const GeneratedSchool school = smallSchool();
  ASSERT_TRUE(writeSchool(*db_, school, std::string(kHash), clock_.now()).ok());
  const auto logins = sampleLogins(school);
  ASSERT_EQ(logins.size(), 4u);
  const std::int64_t student = userId(logins[0].login);
  const std::int64_t parent = userId(logins[1].login);
  const std::int64_t teacher = userId(logins[2].login);

  const auto current = read<std::string>([&](storage::Connection& c) -> Result<std::string> {
    CARTABLE_ASSIGN_OR_RETURN(auto found, directory::currentClassOf(c, student));
    return found ? found->code : std::string("none");
  });
  EXPECT_EQ(current, "6A");
  EXPECT_TRUE(read<bool>(
      [&](storage::Connection& c) { return directory::isGuardianOf(c, parent, student); }));
  EXPECT_TRUE(read<bool>(
      [&](storage::Connection& c) { return directory::teachesStudent(c, teacher, student); }));
  const auto stored =
      read<directory::User>([&](storage::Connection& c) { return directory::getUser(c, student); });
  EXPECT_EQ(stored.ine, school.students[0].ine);
  EXPECT_EQ(stored.birth_date, school.students[0].birth_date);
  EXPECT_EQ(stored.external_id, "siecle-eleve-100001");
}

TEST_F(GeneratorDatabase, LanguageTeachersTeachTheirGroupsStudents) {
  const GeneratedSchool school = smallSchool();
  ASSERT_TRUE(writeSchool(*db_, school, std::string(kHash), clock_.now()).ok());
  const GeneratedMembership& member = school.group_members.front();
  const auto assignment =
      std::find_if(school.assignments.begin(), school.assignments.end(),
                   [&](const GeneratedAssignment& a) { return a.group == member.group; });
  ASSERT_NE(assignment, school.assignments.end());
  const std::int64_t teacher = userId(school.teachers[assignment->teacher].login);
  const std::int64_t student = userId(school.students[member.student].login);
  EXPECT_TRUE(read<bool>(
      [&](storage::Connection& c) { return directory::teachesStudent(c, teacher, student); }));
}

TEST_F(GeneratorDatabase, SecondWriteFailsAndLeavesTheDatabaseUnchanged) {
  const GeneratedSchool school = smallSchool();
  ASSERT_TRUE(writeSchool(*db_, school, std::string(kHash), clock_.now()).ok());
  const auto before = rowCounts();

  const Status again = writeSchool(*db_, school, std::string(kHash), clock_.now());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::already_exists);
  EXPECT_EQ(again.error().field, "code");
  EXPECT_TRUE(again.error().message.starts_with("cannot write subject \"FRANCAIS\": "))
      << again.error().message;
  EXPECT_EQ(rowCounts(), before);
}

TEST_F(GeneratorDatabase, FailureHalfwayWritesNothing) {
  GeneratedSchool school = smallSchool();
  school.parents.back().login = school.students.front().login;  // taken by then
  const Status status = writeSchool(*db_, school, std::string(kHash), clock_.now());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::already_exists);
  EXPECT_EQ(status.error().field, "login");
  for (const auto& [table, rows] : rowCounts()) EXPECT_EQ(rows, 0) << table;
}

}  // namespace
}  // namespace cartable::generator

namespace cartable::generator {
namespace {

class GeneratedTimetable : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(storage::Database::open(dir_.file("school.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
  }
  void TearDown() override { db_.reset(); }

  std::int64_t scalar(const std::string& sql) {
    std::int64_t value = -1;
    EXPECT_TRUE(db_->read([&](storage::Connection& c) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(auto result, c.scalarInt64(sql));
                     value = result.value_or(-1);
                     return okStatus();
                   })
                    .ok());
    return value;
  }

  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<storage::Database> db_;
};

TEST_F(GeneratedTimetable, EveryClassGetsItsWeeklyHoursWithoutConflict) {
  GeneratorOptions options;
  options.students = 240;
  options.classes = 9;
  options.teachers = 24;
  options.staff = 2;
  const GeneratedSchool school = generateSchool(options).value();
  ASSERT_TRUE(writeSchool(*db_, school, std::string(kHash), 0).ok());
  auto summary = writeTimetable(*db_, school);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->unplaced_hours, 0u);
  EXPECT_EQ(static_cast<std::int64_t>(summary->lessons), scalar("SELECT count(*) FROM lessons"));
  // A collège class: 24 hours of class lessons a week, plus 2 of LV2 from 5e on.
  EXPECT_EQ(scalar("SELECT count(*) FROM lessons l JOIN classes c ON c.id = l.class_id "
                   "WHERE c.code = '6A'"),
            24);
  EXPECT_EQ(scalar("SELECT count(*) FROM calendar_periods"), 3);
  EXPECT_EQ(scalar("SELECT count(*) FROM holidays"), 4);
  // The same school always gets the same timetable.
  const std::string fingerprint =
      "SELECT group_concat(weekday || starts_at || room, ',') FROM "
      "(SELECT * FROM lessons ORDER BY id)";
  const std::int64_t lessons_first = scalar("SELECT count(*) FROM lessons");
  std::string first;
  ASSERT_TRUE(db_->read([&](storage::Connection& c) -> Status {
                   CARTABLE_ASSIGN_OR_RETURN(auto rows, c.query(fingerprint));
                   CARTABLE_ASSIGN_OR_RETURN(bool row, rows.step());
                   if (row) first = rows.text(0);
                   return okStatus();
                 })
                  .ok());
  db_.reset();
  std::filesystem::remove(dir_.file("school.db"));
  SetUp();
  ASSERT_TRUE(writeSchool(*db_, school, std::string(kHash), 0).ok());
  ASSERT_TRUE(writeTimetable(*db_, school).ok());
  EXPECT_EQ(scalar("SELECT count(*) FROM lessons"), lessons_first);
  std::string second;
  ASSERT_TRUE(db_->read([&](storage::Connection& c) -> Status {
                   CARTABLE_ASSIGN_OR_RETURN(auto rows, c.query(fingerprint));
                   CARTABLE_ASSIGN_OR_RETURN(bool row, rows.step());
                   if (row) second = rows.text(0);
                   return okStatus();
                 })
                  .ok());
  EXPECT_EQ(second, first);
}

}  // namespace
}  // namespace cartable::generator
