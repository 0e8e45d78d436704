#include "homework/homework.h"

#include <algorithm>

#include "core/base/utf8.h"
#include "directory/structure.h"
#include "directory/validate.h"
#include "homework/internal.h"
#include "notifications/notifications.h"

namespace cartable::homework {
namespace {

using storage::Connection;

constexpr std::size_t kMaxInstructions = 10000;
constexpr std::size_t kMaxChosenStudents = 200;
constexpr std::int64_t kMaxAttachments = 20;
constexpr std::size_t kNoticeBodyBytes = 200;
constexpr const char* kColumns =
    "h.id, h.teacher_id, h.subject_id, h.class_id, h.group_id, h.lesson_id, h.lesson_date, "
    "h.due_on, h.due_at, h.estimated_minutes, h.instructions, h.hand_in_expected, "
    "h.created_at, h.updated_at";

Homework readHomework(const storage::Statement& row) {
  Homework h;
  h.id = row.int64(0);
  h.teacher_id = row.optionalInt64(1);
  h.subject_id = row.int64(2);
  h.class_id = row.optionalInt64(3);
  h.group_id = row.optionalInt64(4);
  h.lesson_id = row.optionalInt64(5);
  h.lesson_date = row.optionalText(6);
  h.due_on = row.text(7);
  h.due_at = row.optionalText(8);
  h.estimated_minutes = row.optionalInt64(9);
  h.instructions = row.text(10);
  h.hand_in_expected = row.int64(11) != 0;
  h.created_at = row.int64(12);
  h.updated_at = row.int64(13);
  return h;
}

Result<std::vector<std::int64_t>> ids(Result<storage::Statement> query) {
  CARTABLE_ASSIGN_OR_RETURN(auto rows, std::move(query));
  std::vector<std::int64_t> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) return out;
    out.push_back(rows.int64(0));
  }
}

Status fillDetails(Connection& db, Homework& h) {
  CARTABLE_ASSIGN_OR_RETURN(
      h.student_ids, ids(db.query("SELECT student_id FROM homework_students WHERE homework_id = ? "
                                  "ORDER BY student_id",
                                  h.id)));
  CARTABLE_ASSIGN_OR_RETURN(
      auto file_ids,
      ids(db.query(
          "SELECT file_id FROM homework_attachments WHERE homework_id = ? ORDER BY file_id",
          h.id)));
  h.attachments.clear();
  for (std::int64_t file_id : file_ids) {
    CARTABLE_ASSIGN_OR_RETURN(auto file, files::FileStore::find(db, file_id));
    h.attachments.push_back(std::move(file));
  }
  return okStatus();
}

// Homework rows selected by `where` (on `homework h`), details filled in.
template <class... Args>
Result<std::vector<Homework>> loadHomework(Connection& db, const std::string& where,
                                           const Args&... args) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      db.query(std::string("SELECT ") + kColumns + " FROM homework h WHERE " + where, args...));
  std::vector<Homework> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) break;
    out.push_back(readHomework(rows));
  }
  for (Homework& h : out) CARTABLE_RETURN_IF_ERROR(fillDetails(db, h));
  return out;
}

Status requireRow(Connection& db, const char* table, std::int64_t id, const std::string& field) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found, db.scalarInt64(std::string("SELECT 1 FROM ") + table + " WHERE id = ?", id));
  if (!found) return detail::invalid(field, "names no known " + field.substr(0, field.size() - 3));
  return okStatus();
}

Status checkAudience(Connection& db, const Homework& h) {
  if (h.class_id.has_value() == h.group_id.has_value()) {
    return detail::invalid("class_id", "or \"group_id\": give exactly one of them");
  }
  if (h.class_id) CARTABLE_RETURN_IF_ERROR(requireRow(db, "classes", *h.class_id, "class_id"));
  if (h.group_id) CARTABLE_RETURN_IF_ERROR(requireRow(db, "groups", *h.group_id, "group_id"));
  if (h.student_ids.size() > kMaxChosenStudents) {
    return detail::invalid("student_ids",
                           "has more than " + std::to_string(kMaxChosenStudents) + " items");
  }
  CARTABLE_ASSIGN_OR_RETURN(auto members, directory::studentsOf(db, h.class_id, h.group_id));
  const std::string where = h.class_id ? "class" : "group";
  for (std::size_t i = 0; i < h.student_ids.size(); ++i) {
    const std::string field = "student_ids[" + std::to_string(i) + "]";
    const std::int64_t student = h.student_ids[i];
    if (std::find(h.student_ids.begin(), h.student_ids.begin() + static_cast<std::ptrdiff_t>(i),
                  student) != h.student_ids.begin() + static_cast<std::ptrdiff_t>(i)) {
      return detail::invalid(field, "names student " + std::to_string(student) + " twice");
    }
    if (std::find(members.begin(), members.end(), student) == members.end()) {
      return detail::invalid(field, std::to_string(student) + " is not a student of the " + where);
    }
  }
  return okStatus();
}

Status checkLesson(Connection& db, const Homework& h) {
  if (!h.lesson_id) {
    if (h.lesson_date) return detail::invalid("lesson_date", "needs \"lesson_id\"");
    return okStatus();
  }
  auto lesson = timetable::getLesson(db, *h.lesson_id);
  if (!lesson.ok()) return detail::invalid("lesson_id", "names no known lesson");
  if (lesson->class_id != h.class_id || lesson->group_id != h.group_id) {
    return detail::invalid("lesson_id", std::to_string(*h.lesson_id) +
                                            " is not a lesson of the homework's class or group");
  }
  if (!h.lesson_date) return detail::invalid("lesson_date", "is required with \"lesson_id\"");
  CARTABLE_RETURN_IF_ERROR(directory::validate::date(*h.lesson_date, "lesson_date"));
  CARTABLE_ASSIGN_OR_RETURN(bool takes_place,
                            detail::lessonTakesPlace(db, *lesson, *h.lesson_date));
  if (!takes_place) {
    return detail::invalid("lesson_date", *h.lesson_date + " is not a day lesson " +
                                              std::to_string(*h.lesson_id) + " takes place");
  }
  return okStatus();
}

// The due date must be a date, and not already past unless it is unchanged.
Status checkDue(const Homework& h, const Homework* before, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(directory::validate::date(h.due_on, "due_on"));
  if (h.due_at && !detail::isTime(*h.due_at)) {
    return detail::invalid("due_at", "must be a time written HH:MM");
  }
  if (before && before->due_on == h.due_on && before->due_at == h.due_at) return okStatus();
  const std::string today = detail::dateOf(now);
  if (h.due_on < today) return detail::invalid("due_on", h.due_on + " is in the past");
  if (h.due_on == today && h.due_at && *h.due_at < detail::timeOf(now)) {
    return detail::invalid("due_at", *h.due_at + " today is already past");
  }
  return okStatus();
}

Status validate(Connection& db, const Homework& h, const Homework* before, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(requireRow(db, "subjects", h.subject_id, "subject_id"));
  CARTABLE_RETURN_IF_ERROR(checkAudience(db, h));
  CARTABLE_RETURN_IF_ERROR(checkLesson(db, h));
  CARTABLE_RETURN_IF_ERROR(checkDue(h, before, now));
  if (h.estimated_minutes && (*h.estimated_minutes < 1 || *h.estimated_minutes > 600)) {
    return detail::invalid("estimated_minutes", "must be from 1 to 600");
  }
  return directory::validate::text(h.instructions, "instructions", kMaxInstructions);
}

Status replaceChosenStudents(Connection& db, const Homework& h) {
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM homework_students WHERE homework_id = ?", h.id));
  for (std::int64_t student : h.student_ids) {
    CARTABLE_RETURN_IF_ERROR(db.exec(
        "INSERT INTO homework_students (homework_id, student_id) VALUES (?, ?)", h.id, student));
  }
  return okStatus();
}

Status announce(Connection& db, const Homework& h, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto students, studentsOfHomework(db, h));
  CARTABLE_ASSIGN_OR_RETURN(auto people, directory::parentsOf(db, students));
  people.insert(people.begin(), students.begin(), students.end());
  CARTABLE_ASSIGN_OR_RETURN(const std::string subject, detail::subjectLabel(db, h.subject_id));
  const notifications::Notice notice{
      "homework.new", "Nouveau travail en " + subject + " pour le " + detail::frenchDate(h.due_on),
      std::string(utf8::truncate(h.instructions, kNoticeBodyBytes)),
      "/homework/" + std::to_string(h.id)};
  return notifications::notify(db, people, notice, h.teacher_id.value_or(0), now);
}

}  // namespace

std::string_view workStatusName(WorkStatus status) {
  switch (status) {
    case WorkStatus::to_do:
      return "to_do";
    case WorkStatus::late:
      return "late";
    case WorkStatus::handed_in:
      return "handed_in";
    case WorkStatus::returned:
      return "returned";
  }
  return "to_do";
}

std::string schoolDate(Seconds now) {
  return detail::dateOf(now);
}

std::optional<std::string> addDays(const std::string& date, int days) {
  const auto day = detail::parseDay(date);
  if (!day) return std::nullopt;
  return detail::formatDay(*day + std::chrono::days{days});
}

Seconds deadlineOf(const Homework& homework) {
  const auto day = detail::parseDay(homework.due_on);
  const Seconds start = day ? Seconds{day->time_since_epoch().count()} * 86400 : 0;
  if (!homework.due_at) return start + 86399;
  const Seconds hours = std::stoi(homework.due_at->substr(0, 2));
  const Seconds minutes = std::stoi(homework.due_at->substr(3, 2));
  return start + hours * 3600 + minutes * 60;
}

Result<std::int64_t> createHomework(Connection& db, const Homework& homework, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(validate(db, homework, nullptr, now));
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "INSERT INTO homework (teacher_id, subject_id, class_id, group_id, lesson_id, lesson_date, "
      "due_on, due_at, estimated_minutes, instructions, hand_in_expected, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      homework.teacher_id, homework.subject_id, homework.class_id, homework.group_id,
      homework.lesson_id, homework.lesson_date, homework.due_on, homework.due_at,
      homework.estimated_minutes, homework.instructions, homework.hand_in_expected, now, now));
  Homework stored = homework;
  stored.id = db.lastInsertId();
  CARTABLE_RETURN_IF_ERROR(replaceChosenStudents(db, stored));
  CARTABLE_RETURN_IF_ERROR(announce(db, stored, now));
  return stored.id;
}

Result<Homework> getHomework(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(auto found, loadHomework(db, "h.id = ?", id));
  if (found.empty()) {
    return makeError(Errc::not_found, "no homework with id " + std::to_string(id), "id");
  }
  return std::move(found.front());
}

Status updateHomework(Connection& db, const Homework& updated, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(const Homework before, getHomework(db, updated.id));
  if (before.class_id != updated.class_id || before.group_id != updated.group_id) {
    return detail::invalid("class_id", "and \"group_id\" cannot change; set new homework instead");
  }
  CARTABLE_RETURN_IF_ERROR(validate(db, updated, &before, now));
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "UPDATE homework SET subject_id = ?, lesson_id = ?, lesson_date = ?, due_on = ?, "
      "due_at = ?, estimated_minutes = ?, instructions = ?, hand_in_expected = ?, updated_at = ? "
      "WHERE id = ?",
      updated.subject_id, updated.lesson_id, updated.lesson_date, updated.due_on, updated.due_at,
      updated.estimated_minutes, updated.instructions, updated.hand_in_expected, now, updated.id));
  return replaceChosenStudents(db, updated);
}

Status deleteHomework(Connection& db, std::int64_t id) {
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM homework WHERE id = ?", id));
  if (db.changes() == 0) {
    return makeError(Errc::not_found, "no homework with id " + std::to_string(id), "id");
  }
  return okStatus();
}

Status attachFile(Connection& db, std::int64_t homework_id, std::int64_t file_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto count, db.scalarInt64("SELECT count(*) FROM homework_attachments WHERE homework_id = ?",
                                 homework_id));
  if (count.value_or(0) >= kMaxAttachments) {
    return makeError(Errc::invalid_argument,
                     "homework " + std::to_string(homework_id) + " already has " +
                         std::to_string(kMaxAttachments) + " attachments",
                     "file");
  }
  return db.exec("INSERT INTO homework_attachments (homework_id, file_id) VALUES (?, ?)",
                 homework_id, file_id);
}

Result<bool> hasAttachment(Connection& db, std::int64_t homework_id, std::int64_t file_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found,
      db.scalarInt64("SELECT 1 FROM homework_attachments WHERE homework_id = ? AND file_id = ?",
                     homework_id, file_id));
  return found.has_value();
}

Result<std::vector<std::int64_t>> studentsOfHomework(Connection& db, const Homework& homework) {
  if (!homework.student_ids.empty()) return homework.student_ids;
  return directory::studentsOf(db, homework.class_id, homework.group_id);
}

Result<std::vector<StudentHomework>> homeworkOfStudent(Connection& db, std::int64_t student_id,
                                                       const std::string& from,
                                                       const std::string& to, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(detail::checkRange(from, to));
  CARTABLE_ASSIGN_OR_RETURN(
      auto found,
      loadHomework(db,
                   // The candidates come from the indexes on class, group and chosen
                   // students; the assignment rule then keeps the student's own.
                   "h.id IN (SELECT id FROM homework WHERE due_on BETWEEN ?2 AND ?3 AND "
                   "class_id IN (SELECT class_id FROM enrollments WHERE student_id = ?1 AND "
                   "until IS NULL) UNION SELECT id FROM homework WHERE due_on BETWEEN ?2 AND ?3 "
                   "AND group_id IN (SELECT group_id FROM group_members WHERE student_id = ?1) "
                   "UNION SELECT homework_id FROM homework_students WHERE student_id = ?1) AND "
                   "h.due_on BETWEEN ?2 AND ?3 AND " + detail::assignedCondition("h", "?1") +
                       " ORDER BY h.due_on, ifnull(h.due_at, '24:00'), h.id",
                   student_id, from, to));
  std::vector<StudentHomework> out;
  for (Homework& h : found) {
    CARTABLE_ASSIGN_OR_RETURN(Progress progress, progressOf(db, h, student_id, now));
    out.push_back({std::move(h), std::move(progress)});
  }
  return out;
}

Result<std::vector<Homework>> homeworkSetBy(Connection& db, std::int64_t teacher_id,
                                            const std::string& from, const std::string& to) {
  CARTABLE_RETURN_IF_ERROR(detail::checkRange(from, to));
  return loadHomework(db,
                      "h.teacher_id = ?1 AND h.due_on BETWEEN ?2 AND ?3 "
                      "ORDER BY h.due_on, ifnull(h.due_at, '24:00'), h.id",
                      teacher_id, from, to);
}

Result<Progress> progressOf(Connection& db, const Homework& homework, std::int64_t student_id,
                            Seconds now) {
  Progress progress;
  progress.student_id = student_id;
  CARTABLE_ASSIGN_OR_RETURN(auto done,
                            db.scalarInt64("SELECT 1 FROM homework_done WHERE homework_id = ? AND "
                                           "student_id = ?",
                                           homework.id, student_id));
  progress.done = done.has_value();
  CARTABLE_ASSIGN_OR_RETURN(progress.hand_in, detail::findHandIn(db, homework.id, student_id));
  progress.status = detail::statusOf(homework, progress.hand_in, now);
  return progress;
}

Status setDone(Connection& db, std::int64_t homework_id, std::int64_t student_id, bool done,
               Seconds now) {
  if (!done) {
    return db.exec("DELETE FROM homework_done WHERE homework_id = ? AND student_id = ?",
                   homework_id, student_id);
  }
  return db.exec(
      "INSERT OR IGNORE INTO homework_done (homework_id, student_id, done_at) VALUES (?, ?, ?)",
      homework_id, student_id, now);
}

}  // namespace cartable::homework
