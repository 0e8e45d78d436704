#include <Poco/JSON/Object.h>

#include <sstream>

#include "core/auth/audit.h"
#include "directory/structure.h"
#include "directory/validate.h"
#include "homework/internal.h"
#include "homework/lesson_records.h"

namespace cartable::homework {
namespace {

using storage::Connection;

constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxContent = 20000;
constexpr const char* kRecordColumns =
    "lesson_id, on_date, version, title, content, written_by, written_at";

LessonRecord readRecord(const storage::Statement& row, int first = 0) {
  LessonRecord record;
  record.lesson_id = row.int64(first);
  record.on_date = row.text(first + 1);
  record.version = static_cast<int>(row.int64(first + 2));
  record.title = row.text(first + 3);
  record.content = row.text(first + 4);
  record.written_by = row.optionalInt64(first + 5);
  record.written_at = row.int64(first + 6);
  return record;
}

Result<std::optional<LessonRecord>> findRecord(Connection& db, std::int64_t lesson_id,
                                               const std::string& on_date) {
  CARTABLE_ASSIGN_OR_RETURN(auto row,
                            db.query(std::string("SELECT ") + kRecordColumns +
                                         " FROM lesson_records WHERE lesson_id = ? AND on_date = ?",
                                     lesson_id, on_date));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) return std::optional<LessonRecord>{};
  return std::optional<LessonRecord>(readRecord(row));
}

Status validateRecord(Connection& db, std::int64_t lesson_id, const std::string& on_date,
                      const std::string& title, const std::string& content) {
  CARTABLE_ASSIGN_OR_RETURN(const timetable::Lesson lesson, timetable::getLesson(db, lesson_id));
  CARTABLE_RETURN_IF_ERROR(directory::validate::date(on_date, "date"));
  CARTABLE_ASSIGN_OR_RETURN(bool takes_place, detail::lessonTakesPlace(db, lesson, on_date));
  if (!takes_place) {
    return detail::invalid(
        "date", on_date + " is not a day lesson " + std::to_string(lesson_id) + " takes place");
  }
  if (!title.empty())
    CARTABLE_RETURN_IF_ERROR(directory::validate::text(title, "title", kMaxTitle));
  return directory::validate::text(content, "content", kMaxContent);
}

Status keepInHistory(Connection& db, const LessonRecord& old, std::int64_t replaced_by, Seconds now,
                     bool deleted) {
  return db.exec(
      "INSERT INTO lesson_record_history (lesson_id, on_date, version, title, content, "
      "written_by, written_at, replaced_by, replaced_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?)",
      old.lesson_id, old.on_date, old.version, old.title, old.content, old.written_by,
      old.written_at, replaced_by, now, deleted);
}

// The version a new entry starts at: after any deleted one of the same lesson and date.
Result<int> nextVersion(Connection& db, std::int64_t lesson_id, const std::string& on_date) {
  CARTABLE_ASSIGN_OR_RETURN(auto latest,
                            db.scalarInt64("SELECT max(version) FROM lesson_record_history "
                                           "WHERE lesson_id = ? AND on_date = ?",
                                           lesson_id, on_date));
  return static_cast<int>(latest.value_or(0) + 1);
}

std::string auditDetail(const LessonRecord& record) {
  Poco::JSON::Object detail;
  detail.set("lesson_id", record.lesson_id);
  detail.set("date", record.on_date);
  detail.set("version", record.version);
  std::ostringstream out;
  detail.stringify(out);
  return out.str();
}

}  // namespace

Result<LessonRecord> writeLessonRecord(Connection& db, std::int64_t lesson_id,
                                       const std::string& on_date, const std::string& title,
                                       const std::string& content, std::int64_t author_id,
                                       Seconds now) {
  CARTABLE_RETURN_IF_ERROR(validateRecord(db, lesson_id, on_date, title, content));
  CARTABLE_ASSIGN_OR_RETURN(auto existing, findRecord(db, lesson_id, on_date));
  LessonRecord record{lesson_id, on_date, 1, title, content, author_id, now};
  if (existing) {
    CARTABLE_RETURN_IF_ERROR(keepInHistory(db, *existing, author_id, now, false));
    record.version = existing->version + 1;
    CARTABLE_RETURN_IF_ERROR(
        db.exec("UPDATE lesson_records SET version = ?, title = ?, content = ?, written_by = ?, "
                "written_at = ? WHERE lesson_id = ? AND on_date = ?",
                record.version, title, content, author_id, now, lesson_id, on_date));
    return record;
  }
  CARTABLE_ASSIGN_OR_RETURN(record.version, nextVersion(db, lesson_id, on_date));
  CARTABLE_RETURN_IF_ERROR(db.exec(std::string("INSERT INTO lesson_records (") + kRecordColumns +
                                       ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   lesson_id, on_date, record.version, title, content, author_id,
                                   now));
  return record;
}

Result<LessonRecord> getLessonRecord(Connection& db, std::int64_t lesson_id,
                                     const std::string& on_date) {
  CARTABLE_ASSIGN_OR_RETURN(auto record, findRecord(db, lesson_id, on_date));
  if (!record) {
    return makeError(Errc::not_found, "lesson " + std::to_string(lesson_id) +
                                          " has no cahier de textes entry on " + on_date);
  }
  return *record;
}

Result<std::vector<RecordVersion>> lessonRecordHistory(Connection& db, std::int64_t lesson_id,
                                                       const std::string& on_date) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query(std::string("SELECT ") + kRecordColumns +
                              ", replaced_by, replaced_at, deleted FROM lesson_record_history "
                              "WHERE lesson_id = ? AND on_date = ? ORDER BY version",
                          lesson_id, on_date));
  std::vector<RecordVersion> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) break;
    out.push_back({readRecord(rows), rows.optionalInt64(7), rows.int64(8), rows.int64(9) != 0});
  }
  return out;
}

Status deleteLessonRecord(Connection& db, std::int64_t lesson_id, const std::string& on_date,
                          std::int64_t admin_id, const std::string& remote_address, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(const LessonRecord record, getLessonRecord(db, lesson_id, on_date));
  CARTABLE_RETURN_IF_ERROR(keepInHistory(db, record, admin_id, now, true));
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM lesson_records WHERE lesson_id = ? AND on_date = ?",
                                   lesson_id, on_date));
  return auth::recordAudit(
      db,
      {"lesson_record.deleted", admin_id, record.written_by, remote_address, auditDetail(record)},
      now);
}

Result<std::vector<ClassRecordEntry>> classRecord(Connection& db, std::int64_t class_id,
                                                  const std::string& from, const std::string& to) {
  CARTABLE_RETURN_IF_ERROR(detail::checkRange(from, to));
  CARTABLE_RETURN_IF_ERROR(directory::getClass(db, class_id));  // not_found when absent
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      db.query("SELECT r.lesson_id, r.on_date, r.version, r.title, r.content, r.written_by, "
               "r.written_at, l.subject_id, l.class_id, l.group_id, l.starts_at "
               "FROM lesson_records r JOIN lessons l ON l.id = r.lesson_id "
               "WHERE r.on_date BETWEEN ?2 AND ?3 AND (l.class_id = ?1 OR l.group_id IN ("
               "  SELECT g.group_id FROM group_members g JOIN enrollments e"
               "  ON e.student_id = g.student_id AND e.until IS NULL WHERE e.class_id = ?1))"
               " ORDER BY r.on_date, l.starts_at, r.lesson_id",
               class_id, from, to));
  std::vector<ClassRecordEntry> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) break;
    out.push_back({readRecord(rows), rows.int64(7), rows.optionalInt64(8), rows.optionalInt64(9),
                   rows.text(10)});
  }
  return out;
}

}  // namespace cartable::homework
