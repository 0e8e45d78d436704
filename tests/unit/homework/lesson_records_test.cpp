// The cahier de textes: an official record whose every version is kept and
// whose deletion, by an admin only, is audited.
#include "homework/lesson_records.h"

#include "core/auth/audit.h"
#include "homework_fixture.h"

namespace cartable::homework {
namespace {

class LessonRecords : public HomeworkSchool {
 protected:
  Result<LessonRecord> writeAs(std::int64_t author, const std::string& date,
                               const std::string& content, const std::string& title = "") {
    std::optional<LessonRecord> out;
    Status status = write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(
          out, writeLessonRecord(db, maths_lesson_, date, title, content, author, clock_.now()));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return *out;
  }

  std::vector<RecordVersion> history(const std::string& date) {
    return read<std::vector<RecordVersion>>(
        [&](storage::Connection& db) { return lessonRecordHistory(db, maths_lesson_, date); });
  }
};

TEST_F(LessonRecords, AnEditKeepsThePreviousVersionWithWhoReplacedItAndWhen) {
  auto first = writeAs(maths_teacher_, "2026-09-07", "Chapitre 1 : les fractions", "Fractions");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->version, 1);
  const Seconds written = clock_.now();
  clock_.advance(3600);
  auto second = writeAs(maths_teacher_, "2026-09-07", "Chapitre 1 : fractions et décimaux");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->version, 2);
  const auto versions = history("2026-09-07");
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0].record.version, 1);
  EXPECT_EQ(versions[0].record.title, "Fractions");
  EXPECT_EQ(versions[0].record.content, "Chapitre 1 : les fractions");
  EXPECT_EQ(versions[0].record.written_at, written);
  EXPECT_EQ(versions[0].replaced_by, maths_teacher_);
  EXPECT_EQ(versions[0].replaced_at, clock_.now());
  EXPECT_FALSE(versions[0].deleted);
  EXPECT_EQ(read<LessonRecord>([&](storage::Connection& db) {
              return getLessonRecord(db, maths_lesson_, "2026-09-07");
            }).content,
            "Chapitre 1 : fractions et décimaux");
}

TEST_F(LessonRecords, AnEntryIsForADayTheLessonTakesPlace) {
  auto tuesday = writeAs(maths_teacher_, "2026-09-08", "x");
  ASSERT_FALSE(tuesday.ok());
  EXPECT_EQ(tuesday.error().field, "date");
  EXPECT_EQ(tuesday.error().message, "\"date\" 2026-09-08 is not a day lesson " +
                                         std::to_string(maths_lesson_) + " takes place");
  EXPECT_EQ(writeAs(maths_teacher_, "2026-10-19", "x").error().field, "date");  // holidays
  EXPECT_EQ(writeAs(maths_teacher_, "2026-09-07", "").error().field, "content");
  EXPECT_EQ(writeAs(maths_teacher_, "2026-09-07", "x", std::string(201, 't')).error().field,
            "title");
  EXPECT_EQ(count("SELECT count(*) FROM lesson_records"), 0);
}

TEST_F(LessonRecords, AnAdminDeletionIsAuditedAndKeepsTheHistory) {
  ASSERT_TRUE(writeAs(maths_teacher_, "2026-09-07", "v1").ok());
  ASSERT_TRUE(writeAs(maths_teacher_, "2026-09-07", "v2").ok());
  ASSERT_TRUE(write([&](storage::Connection& db) {
                return deleteLessonRecord(db, maths_lesson_, "2026-09-07", admin_, "10.0.0.1",
                                          clock_.now());
              }).ok());
  EXPECT_EQ(count("SELECT count(*) FROM lesson_records"), 0);
  const auto versions = history("2026-09-07");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[1].record.content, "v2");
  EXPECT_TRUE(versions[1].deleted);
  EXPECT_EQ(versions[1].replaced_by, admin_);
  auto audit = read<std::vector<auth::AuditEntry>>([&](storage::Connection& db) {
    return auth::listAudit(db, {std::nullopt, "lesson_record", 0, 10});
  });
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].event.event, "lesson_record.deleted");
  EXPECT_EQ(audit[0].event.actor, admin_);
  EXPECT_EQ(audit[0].event.remote_address, "10.0.0.1");
  EXPECT_NE(audit[0].event.detail.find("\"version\":2"), std::string::npos)
      << audit[0].event.detail;
  // Written again later, the entry goes on from the next version.
  auto again = writeAs(maths_teacher_, "2026-09-07", "v3");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->version, 3);
}

TEST_F(LessonRecords, DeletingAnEntryThatDoesNotExistIsNotFoundAndAuditsNothing) {
  Status missing = write([&](storage::Connection& db) {
    return deleteLessonRecord(db, maths_lesson_, "2026-09-07", admin_, "", clock_.now());
  });
  EXPECT_EQ(missing.error().code, Errc::not_found);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE event = 'lesson_record.deleted'"), 0);
}

TEST_F(LessonRecords, AClassRecordListsItsLessonsAndThoseOfGroupsWithItsStudents) {
  ASSERT_TRUE(writeAs(maths_teacher_, "2026-09-14", "Semaine 2").ok());
  ASSERT_TRUE(writeAs(maths_teacher_, "2026-09-07", "Semaine 1").ok());
  ASSERT_TRUE(write([&](storage::Connection& db) -> Status {
                CARTABLE_RETURN_IF_ERROR(writeLessonRecord(db, spanish_lesson_, "2026-09-08", "",
                                                           "Hola", spanish_teacher_, clock_.now()));
                return okStatus();
              }).ok());
  auto entries = read<std::vector<ClassRecordEntry>>([&](storage::Connection& db) {
    return classRecord(db, class_a_, "2026-09-01", "2026-09-13");
  });
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].record.content, "Semaine 1");
  EXPECT_EQ(entries[1].record.content, "Hola");
  EXPECT_EQ(entries[1].group_id, group_);
  EXPECT_TRUE(read<std::vector<ClassRecordEntry>>([&](storage::Connection& db) {
                return classRecord(db, class_b_, "2026-09-01", "2026-09-30");
              }).empty());
  std::vector<ClassRecordEntry> unused;
  Status backwards = db_->read([&](storage::Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(unused, classRecord(db, class_a_, "2026-09-30", "2026-09-01"));
    return okStatus();
  });
  EXPECT_EQ(backwards.error().field, "to");
}

}  // namespace
}  // namespace cartable::homework
