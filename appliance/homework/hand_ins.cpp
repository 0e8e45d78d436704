#include <algorithm>

#include "directory/structure.h"
#include "directory/validate.h"
#include "homework/homework.h"
#include "homework/internal.h"
#include "notifications/notifications.h"

namespace cartable::homework {
namespace {

using storage::Connection;

constexpr std::size_t kMaxText = 10000;
constexpr std::size_t kMaxFeedback = 5000;
constexpr std::int64_t kMaxOutOf = 100000;  // 1000.00
constexpr const char* kColumns =
    "id, homework_id, student_id, text, handed_in_at, late, feedback, score, out_of, "
    "returned_by, returned_at";

Result<std::optional<HandIn>> loadHandIn(Result<storage::Statement> query) {
  CARTABLE_ASSIGN_OR_RETURN(auto row, std::move(query));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) return std::optional<HandIn>{};
  HandIn h;
  h.id = row.int64(0);
  h.homework_id = row.int64(1);
  h.student_id = row.int64(2);
  h.text = row.text(3);
  h.handed_in_at = row.int64(4);
  h.late = row.int64(5) != 0;
  h.feedback = row.optionalText(6);
  h.score = row.optionalInt64(7);
  h.out_of = row.optionalInt64(8);
  h.returned_by = row.optionalInt64(9);
  h.returned_at = row.optionalInt64(10);
  return std::optional<HandIn>(std::move(h));
}

Status fillFiles(Connection& db, HandIn& hand_in) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT file_id FROM hand_in_files WHERE hand_in_id = ? ORDER BY file_id",
                          hand_in.id));
  std::vector<std::int64_t> ids;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) break;
    ids.push_back(rows.int64(0));
  }
  hand_in.files.clear();
  for (std::int64_t id : ids) {
    CARTABLE_ASSIGN_OR_RETURN(auto file, files::FileStore::find(db, id));
    hand_in.files.push_back(std::move(file));
  }
  return okStatus();
}

Result<std::optional<HandIn>> withFiles(Connection& db, Result<std::optional<HandIn>> loaded) {
  CARTABLE_ASSIGN_OR_RETURN(std::optional<HandIn> hand_in, std::move(loaded));
  if (hand_in) CARTABLE_RETURN_IF_ERROR(fillFiles(db, *hand_in));
  return hand_in;
}

// 1550 -> "15.5", 2000 -> "20".
std::string hundredths(std::int64_t value) {
  std::string out = std::to_string(value / 100);
  const std::int64_t cents = value % 100;
  if (cents == 0) return out;
  out += "." + std::to_string(cents / 10);
  if (cents % 10 != 0) out += std::to_string(cents % 10);
  return out;
}

Status validateFeedback(const Feedback& feedback) {
  CARTABLE_RETURN_IF_ERROR(directory::validate::text(feedback.text, "feedback", kMaxFeedback));
  if (feedback.score.has_value() != feedback.out_of.has_value()) {
    return detail::invalid(feedback.score ? "out_of" : "score", "is required with the other one");
  }
  if (!feedback.score) return okStatus();
  if (*feedback.out_of < 1 || *feedback.out_of > kMaxOutOf) {
    return detail::invalid("out_of",
                           "must be from 1 to " + std::to_string(kMaxOutOf) + " (hundredths)");
  }
  if (*feedback.score < 0) return detail::invalid("score", "must not be negative");
  if (*feedback.score > *feedback.out_of) {
    return detail::invalid("score", hundredths(*feedback.score) + " is above the maximum " +
                                        hundredths(*feedback.out_of));
  }
  return okStatus();
}

Status tellFeedback(Connection& db, const HandIn& hand_in, std::int64_t teacher_id, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(const Homework homework, getHomework(db, hand_in.homework_id));
  CARTABLE_ASSIGN_OR_RETURN(auto people, directory::parentsOf(db, {hand_in.student_id}));
  people.insert(people.begin(), hand_in.student_id);
  CARTABLE_ASSIGN_OR_RETURN(const std::string subject,
                            detail::subjectLabel(db, homework.subject_id));
  const notifications::Notice notice{"homework.feedback", "Travail corrigé en " + subject, "",
                                     "/homework/" + std::to_string(homework.id)};
  return notifications::notify(db, people, notice, teacher_id, now);
}

Status checkHandIn(const Homework& homework, const std::string& text,
                   const std::vector<std::int64_t>& file_ids) {
  if (!homework.hand_in_expected) {
    return makeError(Errc::conflict, "homework " + std::to_string(homework.id) +
                                         " does not expect work to be handed in");
  }
  if (text.empty() && file_ids.empty()) {
    return detail::invalid("text", "or a file is required to hand in work");
  }
  if (!text.empty()) CARTABLE_RETURN_IF_ERROR(directory::validate::text(text, "text", kMaxText));
  return okStatus();
}

}  // namespace

namespace detail {

Result<std::optional<HandIn>> findHandIn(Connection& db, std::int64_t homework_id,
                                         std::int64_t student_id) {
  return withFiles(db, loadHandIn(db.query(std::string("SELECT ") + kColumns +
                                               " FROM hand_ins WHERE homework_id = ? AND "
                                               "student_id = ?",
                                           homework_id, student_id)));
}

WorkStatus statusOf(const Homework& homework, const std::optional<HandIn>& hand_in, Seconds now) {
  if (hand_in) return hand_in->returned_at ? WorkStatus::returned : WorkStatus::handed_in;
  if (homework.hand_in_expected && now > deadlineOf(homework)) return WorkStatus::late;
  return WorkStatus::to_do;
}

}  // namespace detail

Result<HandIn> handIn(Connection& db, std::int64_t homework_id, std::int64_t student_id,
                      const std::string& text, const std::vector<std::int64_t>& file_ids,
                      Seconds now, bool& replaced) {
  CARTABLE_ASSIGN_OR_RETURN(const Homework homework, getHomework(db, homework_id));
  CARTABLE_RETURN_IF_ERROR(checkHandIn(homework, text, file_ids));
  CARTABLE_ASSIGN_OR_RETURN(auto existing, detail::findHandIn(db, homework_id, student_id));
  if (existing && existing->returned_at) {
    return makeError(Errc::conflict, "feedback on hand-in " + std::to_string(existing->id) +
                                         " was returned; it can no longer be replaced");
  }
  const bool late = now > deadlineOf(homework);
  replaced = existing.has_value();
  std::int64_t id = 0;
  if (existing) {
    id = existing->id;
    CARTABLE_RETURN_IF_ERROR(
        db.exec("UPDATE hand_ins SET text = ?, handed_in_at = ?, late = ? WHERE id = ?", text, now,
                late, id));
    CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM hand_in_files WHERE hand_in_id = ?", id));
  } else {
    CARTABLE_RETURN_IF_ERROR(
        db.exec("INSERT INTO hand_ins (homework_id, student_id, text, handed_in_at, late) "
                "VALUES (?, ?, ?, ?, ?)",
                homework_id, student_id, text, now, late));
    id = db.lastInsertId();
  }
  for (std::int64_t file_id : file_ids) {
    CARTABLE_RETURN_IF_ERROR(
        db.exec("INSERT INTO hand_in_files (hand_in_id, file_id) VALUES (?, ?)", id, file_id));
  }
  return getHandIn(db, id);
}

Result<HandIn> getHandIn(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found,
      withFiles(db, loadHandIn(db.query(
                        std::string("SELECT ") + kColumns + " FROM hand_ins WHERE id = ?", id))));
  if (!found) return makeError(Errc::not_found, "no hand-in with id " + std::to_string(id), "id");
  return std::move(*found);
}

Result<bool> handInHasFile(Connection& db, std::int64_t hand_in_id, std::int64_t file_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found, db.scalarInt64("SELECT 1 FROM hand_in_files WHERE hand_in_id = ? AND file_id = ?",
                                 hand_in_id, file_id));
  return found.has_value();
}

Result<std::vector<HandInRow>> handInsOf(Connection& db, const Homework& homework, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto students, studentsOfHomework(db, homework));
  // Students who handed in and have since left the class or group stay listed.
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      db.query("SELECT student_id FROM hand_ins WHERE homework_id = ? ORDER BY id", homework.id));
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) break;
    if (std::find(students.begin(), students.end(), rows.int64(0)) == students.end()) {
      students.push_back(rows.int64(0));
    }
  }
  std::vector<HandInRow> out;
  for (std::int64_t student : students) {
    HandInRow row;
    row.student_id = student;
    CARTABLE_ASSIGN_OR_RETURN(row.hand_in, detail::findHandIn(db, homework.id, student));
    row.status = detail::statusOf(homework, row.hand_in, now);
    out.push_back(std::move(row));
  }
  return out;
}

Result<HandIn> returnFeedback(Connection& db, std::int64_t hand_in_id, const Feedback& feedback,
                              std::int64_t teacher_id, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(validateFeedback(feedback));
  CARTABLE_ASSIGN_OR_RETURN(const HandIn before, getHandIn(db, hand_in_id));
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "UPDATE hand_ins SET feedback = ?, score = ?, out_of = ?, returned_by = ?, returned_at = ? "
      "WHERE id = ?",
      feedback.text, feedback.score, feedback.out_of, teacher_id, now, hand_in_id));
  CARTABLE_RETURN_IF_ERROR(tellFeedback(db, before, teacher_id, now));
  return getHandIn(db, hand_in_id);
}

Result<std::vector<HandIn>> latestFeedbackOf(Connection& db, std::int64_t student_id, int limit) {
  if (limit < 1 || limit > 50) return detail::invalid("limit", "must be from 1 to 50");
  // Feedback comes days after a hand-in: it is looked for among the latest
  // hand-ins, which the index on the student gives in order.
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      db.query("SELECT id FROM (SELECT id, returned_at FROM hand_ins "
               "WHERE student_id = ?1 ORDER BY id DESC LIMIT 4 * ?2) "
               "WHERE returned_at IS NOT NULL ORDER BY returned_at DESC, id DESC LIMIT ?2",
               student_id, limit));
  std::vector<std::int64_t> ids;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    ids.push_back(rows.int64(0));
  }
  std::vector<HandIn> out;
  for (std::int64_t id : ids) {
    CARTABLE_ASSIGN_OR_RETURN(HandIn hand_in, getHandIn(db, id));
    out.push_back(std::move(hand_in));
  }
  return out;
}

Result<ReviewQueue> reviewQueueOf(Connection& db, std::int64_t teacher_id, int limit) {
  if (limit < 1 || limit > 50) return detail::invalid("limit", "must be from 1 to 50");
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT h.id, count(*) FROM homework h JOIN hand_ins i ON "
                          "i.homework_id = h.id WHERE h.teacher_id = ? AND i.returned_at IS NULL "
                          "GROUP BY h.id ORDER BY h.due_on DESC, h.id DESC",
                          teacher_id));
  ReviewQueue queue;
  std::vector<std::pair<std::int64_t, std::int64_t>> latest;  // homework, hand-ins
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    queue.hand_ins += rows.int64(1);
    ++queue.homework;
    if (std::ssize(latest) < limit) latest.emplace_back(rows.int64(0), rows.int64(1));
  }
  for (const auto& [homework_id, hand_ins] : latest) {
    CARTABLE_ASSIGN_OR_RETURN(Homework homework, getHomework(db, homework_id));
    queue.latest.push_back({std::move(homework), hand_ins});
  }
  return queue;
}

}  // namespace cartable::homework
