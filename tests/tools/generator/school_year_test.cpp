#include "tests/tools/generator/school_year.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "attendance/attendance.h"
#include "core/base/civil_date.h"
#include "core/storage/migrations.h"
#include "files/files.h"
#include "grades/grades.h"
#include "schema/schema.h"
#include "support/temp_dir.h"
#include "tests/tools/generator/school_timetable.h"

namespace cartable::generator {
namespace {

constexpr std::string_view kHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
// Three weeks of school: the year starts on Tuesday 1 September 2026.
constexpr const char* kUntil = "2026-09-18";

Seconds at(const std::string& date, int hour, int minute) {
  return Seconds{civil::parseDay(date)->time_since_epoch().count()} * 86400 + hour * 3600 +
         minute * 60;
}

GeneratedSchool smallSchool(std::uint64_t seed) {
  GeneratorOptions options;
  options.seed = seed;
  options.students = 100;
  options.classes = 4;
  options.teachers = 20;
  options.staff = 3;
  return generateSchool(options).value();
}

// A small school written to a fresh database, its timetable, and the result
// of living its year up to `until`.
struct LivedSchool {
  cartable::testing::TempDir dir;
  std::unique_ptr<storage::Database> db;
  GeneratedSchool school;
  std::optional<Result<YearSummary>> year;

  explicit LivedSchool(std::uint64_t seed, bool with_timetable = true) : school(smallSchool(seed)) {
    db = storage::Database::open(dir.file("cartable.db")).value();
    ManualClock clock(1'780'000'000);
    EXPECT_TRUE(storage::applyMigrations(*db, schema::migrations(), clock).ok());
    EXPECT_TRUE(writeSchool(*db, school, std::string(kHash), clock.now()).ok());
    if (with_timetable) {
      EXPECT_TRUE(writeTimetable(*db, school).ok());
    }
  }

  const YearSummary& live(YearOptions options) {
    year = writeSchoolYear(*db, school, options);
    EXPECT_TRUE(year->ok()) << year->error().message;
    return year->value();
  }

  std::int64_t scalar(const std::string& sql) {
    std::int64_t value = -1;
    const Status status = db->read([&](storage::Connection& c) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(auto result, c.scalarInt64(sql));
      value = result.value_or(-1);
      return okStatus();
    });
    EXPECT_TRUE(status.ok()) << status.error().message;
    return value;
  }

  std::vector<std::int64_t> ids(const std::string& sql) {
    std::vector<std::int64_t> out;
    const Status status = db->read([&](storage::Connection& c) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(auto rows, c.query(sql));
      for (;;) {
        CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
        if (!more) return okStatus();
        out.push_back(rows.int64(0));
      }
    });
    EXPECT_TRUE(status.ok()) << status.error().message;
    return out;
  }
};

class SchoolYear : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    lived_ = new LivedSchool(42);
    YearOptions options;
    options.until = kUntil;
    options.files_root = lived_->dir.path() / "files";
    summary_ = lived_->live(options);
  }
  static void TearDownTestSuite() {
    delete lived_;
    lived_ = nullptr;
  }

  static inline LivedSchool* lived_ = nullptr;
  static inline YearSummary summary_;
};

TEST_F(SchoolYear, EveryLessonGivenUpToUntilHasItsRollCall) {
  std::size_t given = 0;
  const Status status = lived_->db->read([&](storage::Connection& c) -> Status {
    for (auto day = *civil::parseDay("2026-09-01"); day <= *civil::parseDay(kUntil);
         day += std::chrono::days{1}) {
      const std::string date = civil::formatDay(day);
      CARTABLE_ASSIGN_OR_RETURN(auto occurrences, timetable::occurrencesOn(c, date));
      given += occurrences.size();
      CARTABLE_ASSIGN_OR_RETURN(auto missing,
                                attendance::missingRollCalls(c, date, at(kUntil, 23, 59)));
      EXPECT_TRUE(missing.empty()) << missing.size() << " roll calls missing on " << date;
    }
    return okStatus();
  });
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_GT(given, 200u);
  EXPECT_EQ(summary_.roll_calls, given);
  EXPECT_EQ(lived_->scalar("SELECT count(*) FROM roll_calls"), static_cast<std::int64_t>(given));
}

TEST_F(SchoolYear, NothingHappensAfterUntil) {
  const std::string end = std::to_string(at(kUntil, 23, 59) + 59);
  EXPECT_EQ(lived_->scalar(std::string("SELECT count(*) FROM roll_calls WHERE on_date > '") +
                           kUntil + "'"),
            0);
  EXPECT_EQ(lived_->scalar("SELECT count(*) FROM notifications WHERE created_at > " + end), 0);
  EXPECT_EQ(lived_->scalar("SELECT count(*) FROM hand_ins WHERE handed_in_at > " + end), 0);
  EXPECT_EQ(summary_.last_day, kUntil);
  std::size_t missing_monday = 0;
  const Status status = lived_->db->read([&](storage::Connection& c) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(
        auto missing, attendance::missingRollCalls(c, "2026-09-21", at("2026-09-21", 18, 0)));
    missing_monday = missing.size();
    return okStatus();
  });
  ASSERT_TRUE(status.ok());
  EXPECT_GT(missing_monday, 0u);
}

TEST_F(SchoolYear, EveryStudentWithAScoreHasAnAverage) {
  const auto students =
      lived_->ids("SELECT DISTINCT student_id FROM scores WHERE mark = 'score' ORDER BY 1");
  ASSERT_GT(students.size(), 50u);
  const Status status = lived_->db->read([&](storage::Connection& c) -> Status {
    for (std::int64_t student : students) {
      CARTABLE_ASSIGN_OR_RETURN(auto report, grades::studentReport(c, student, 1, std::nullopt));
      EXPECT_TRUE(report.general_average.has_value()) << "student " << student;
      EXPECT_LE(report.general_average.value_or(0), 2000);
    }
    return okStatus();
  });
  ASSERT_TRUE(status.ok()) << status.error().message;
}

TEST_F(SchoolYear, OnlyHomeworkExpectingWorkGetsHandIns) {
  EXPECT_GT(summary_.hand_ins, 0u);
  EXPECT_EQ(lived_->scalar("SELECT count(*) FROM hand_ins"),
            static_cast<std::int64_t>(summary_.hand_ins));
  EXPECT_EQ(lived_->scalar("SELECT count(*) FROM hand_ins h JOIN homework w ON w.id = "
                           "h.homework_id WHERE w.hand_in_expected = 0"),
            0);
}

TEST_F(SchoolYear, HandInFilesAreInTheFileStore) {
  EXPECT_GT(summary_.hand_in_files, 0u);
  EXPECT_EQ(lived_->scalar("SELECT count(*) FROM hand_in_files"),
            static_cast<std::int64_t>(summary_.hand_in_files));
  files::FileStore store(lived_->dir.path() / "files", 1 << 20);
  for (std::int64_t id : lived_->ids("SELECT file_id FROM hand_in_files")) {
    std::string bytes;
    const Status status = lived_->db->read([&](storage::Connection& c) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(auto file, files::FileStore::find(c, id));
      CARTABLE_ASSIGN_OR_RETURN(bytes, store.read(file));
      return okStatus();
    });
    ASSERT_TRUE(status.ok()) << status.error().message;
    EXPECT_EQ(bytes.substr(0, 5), "%PDF-");
  }
}

TEST_F(SchoolYear, EverySideOfSchoolLifeHappens) {
  const double student_days = 100.0 * static_cast<double>(summary_.school_days);
  EXPECT_EQ(summary_.school_days, 14u);
  EXPECT_GT(summary_.absent_student_days / student_days, 0.015);
  EXPECT_LT(summary_.absent_student_days / student_days, 0.08);
  EXPECT_GT(summary_.late_marks, 0u);
  EXPECT_GT(summary_.justifications_submitted + summary_.justifications_recorded, 0u);
  EXPECT_GT(summary_.justifications_accepted, 0u);
  EXPECT_GT(summary_.lesson_records, summary_.roll_calls * 7 / 10);
  EXPECT_LT(summary_.lesson_records, summary_.roll_calls);
  EXPECT_GT(summary_.homework, 0u);
  EXPECT_GT(summary_.group_homework, 0u);
  EXPECT_GT(summary_.done_ticks, 0u);
  EXPECT_GT(summary_.feedback, 0u);
  EXPECT_GT(summary_.evaluations, 0u);
  EXPECT_GT(summary_.scores, 0u);
  EXPECT_EQ(lived_->scalar("SELECT count(*) FROM notifications"),
            static_cast<std::int64_t>(summary_.notifications));
}

TEST(SchoolYearRuns, TheSameSeedLivesTheSameYearWithOrWithoutFiles) {
  LivedSchool with_files(42), without_files(42), other_seed(43);
  YearOptions options;
  options.until = kUntil;
  const YearSummary plain = without_files.live(options);
  const YearSummary other = other_seed.live(options);
  options.files_root = with_files.dir.path() / "files";
  YearSummary filed = with_files.live(options);
  filed.hand_in_files = 0;
  EXPECT_EQ(filed, plain);
  EXPECT_NE(other, plain);
  const std::string scores = "SELECT sum(value * student_id) FROM scores";
  EXPECT_EQ(with_files.scalar(scores), without_files.scalar(scores));
}

TEST(SchoolYearRuns, RefusesAnUntilThatIsNotADayOfTheYear) {
  LivedSchool lived(42);
  for (const char* until : {"2026-08-31", "18/09/2026"}) {
    YearOptions options;
    options.until = until;
    const auto year = writeSchoolYear(*lived.db, lived.school, options);
    ASSERT_FALSE(year.ok()) << until;
    EXPECT_EQ(year.error().code, Errc::invalid_argument);
    EXPECT_EQ(year.error().field, "until");
  }
  EXPECT_EQ(lived.scalar("SELECT count(*) FROM roll_calls"), 0);
}

TEST(SchoolYearRuns, NeedsTheTimetableFirst) {
  LivedSchool lived(42, false);
  const auto year = writeSchoolYear(*lived.db, lived.school, {});
  ASSERT_FALSE(year.ok());
  EXPECT_EQ(year.error().code, Errc::failed_precondition);
  EXPECT_EQ(year.error().message, "the school calendar is not set; write the timetable first");
}

}  // namespace
}  // namespace cartable::generator
