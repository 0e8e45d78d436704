#include "attendance/internal.h"
#include "directory/structure.h"
#include "directory/validate.h"
#include "notifications/notifications.h"

namespace cartable::attendance {
namespace {

using storage::Connection;
using storage::Statement;

constexpr std::size_t kMaxText = 1000;
constexpr std::size_t kMaxComment = 500;

constexpr const char* kColumns =
    "SELECT id, student_id, from_date, from_time, to_date, to_time, reason, text, file_id, state, "
    "submitted_by, submitted_at, decided_by, decided_at, decision_comment "
    "FROM absence_justifications ";

Justification readJustification(const Statement& row) {
  Justification out;
  out.id = row.int64(0);
  out.student_id = row.int64(1);
  out.from_date = row.text(2);
  out.from_time = row.optionalText(3);
  out.to_date = row.text(4);
  out.to_time = row.optionalText(5);
  out.reason = parseReason(row.text(6)).value_or(Reason::other);
  out.text = row.text(7);
  out.file_id = row.optionalInt64(8);
  out.state = parseJustificationState(row.text(9)).value_or(JustificationState::pending);
  out.submitted_by = row.optionalInt64(10);
  out.submitted_at = row.int64(11);
  out.decided_by = row.optionalInt64(12);
  out.decided_at = row.optionalInt64(13);
  out.decision_comment = row.text(14);
  return out;
}

Status checkSpan(const NewJustification& input) {
  CARTABLE_RETURN_IF_ERROR(detail::requireDate(input.from_date, "from_date"));
  CARTABLE_RETURN_IF_ERROR(detail::requireDate(input.to_date, "to_date"));
  if (input.from_time) CARTABLE_RETURN_IF_ERROR(detail::requireTime(*input.from_time, "from_time"));
  if (input.to_time) CARTABLE_RETURN_IF_ERROR(detail::requireTime(*input.to_time, "to_time"));
  if (input.to_date < input.from_date) return detail::invalid("to_date", "is before from_date");
  if (input.to_date == input.from_date && input.from_time && input.to_time &&
      *input.to_time <= *input.from_time) {
    return detail::invalid("to_time", "must be after from_time");
  }
  return okStatus();
}

Status checkJustification(Connection& db, const NewJustification& input, bool text_required) {
  CARTABLE_ASSIGN_OR_RETURN(bool student, detail::isStudent(db, input.student_id));
  if (!student) {
    return detail::invalid("student_id", std::to_string(input.student_id) + " is not a student");
  }
  CARTABLE_RETURN_IF_ERROR(checkSpan(input));
  if (text_required || !input.text.empty()) {
    CARTABLE_RETURN_IF_ERROR(directory::validate::text(input.text, "text", kMaxText));
  }
  return okStatus();
}

Result<Justification> insert(Connection& db, const NewJustification& input,
                             JustificationState state, std::int64_t author_id, Seconds now) {
  const bool decided = state != JustificationState::pending;
  const auto author = author_id > 0 ? std::optional<std::int64_t>(author_id) : std::nullopt;
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "INSERT INTO absence_justifications (student_id, from_date, from_time, to_date, to_time, "
      "reason, text, state, submitted_by, submitted_at, decided_by, decided_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      input.student_id, input.from_date, input.from_time, input.to_date, input.to_time,
      reasonName(input.reason), input.text, justificationStateName(state), author, now,
      decided ? author : std::nullopt, decided ? std::optional<Seconds>(now) : std::nullopt));
  return getJustification(db, db.lastInsertId());
}

std::string spanText(const Justification& value) {
  if (value.from_date == value.to_date) return "du " + value.from_date;
  return "du " + value.from_date + " au " + value.to_date;
}

Status noticeDecision(Connection& db, const Justification& value, std::int64_t author_id,
                      Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(std::string child, detail::nameOf(db, value.student_id));
  CARTABLE_ASSIGN_OR_RETURN(auto parents, directory::parentsOf(db, {value.student_id}));
  const bool accepted = value.state == JustificationState::accepted;
  const notifications::Notice notice{
      "attendance.justification",
      std::string(accepted ? "Justificatif accepté" : "Justificatif refusé") + " : absence de " +
          child + " " + spanText(value),
      value.decision_comment, detail::attendanceLink(value.student_id)};
  return notifications::notify(db, parents, notice, author_id, now);
}

}  // namespace

Result<Justification> recordJustification(Connection& db, const NewJustification& input,
                                          std::int64_t author_id, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(checkJustification(db, input, false));
  return insert(db, input, JustificationState::accepted, author_id, now);
}

Result<Justification> submitJustification(Connection& db, const NewJustification& input,
                                          std::int64_t parent_id, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(checkJustification(db, input, true));
  return insert(db, input, JustificationState::pending, parent_id, now);
}

Result<std::vector<Justification>> listJustifications(Connection& db,
                                                      const JustificationFilter& filter) {
  const std::optional<std::string> state =
      filter.state ? std::optional<std::string>(justificationStateName(*filter.state))
                   : std::nullopt;
  // The filter given is also written as a plain term, so that SQLite narrows
  // through its index: "(?2 IS NULL OR student_id = ?2)" alone scans the table.
  std::string narrow;
  if (filter.student_id) {
    narrow = "student_id = ?2 AND ";
  } else if (filter.guardian_id) {
    narrow = "student_id IN (SELECT student_id FROM guardianships WHERE parent_id = ?3) AND ";
  } else if (state) {
    narrow = "state = ?1 AND ";
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query(std::string(kColumns) + "WHERE " + narrow +
                              "(?1 IS NULL OR state = ?1) AND (?2 IS NULL OR student_id = ?2) AND "
                              "(?3 IS NULL OR student_id IN (SELECT student_id FROM guardianships "
                              "WHERE parent_id = ?3)) ORDER BY submitted_at DESC, id DESC",
                          state, filter.student_id, filter.guardian_id));
  std::vector<Justification> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    out.push_back(readJustification(rows));
  }
}

Result<Justification> getJustification(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(auto row, db.query(std::string(kColumns) + "WHERE id = ?", id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) {
    return makeError(Errc::not_found, "no such justification: " + std::to_string(id), "id");
  }
  return readJustification(row);
}

Status attachJustificationFile(Connection& db, std::int64_t id, std::int64_t file_id) {
  CARTABLE_ASSIGN_OR_RETURN(Justification value, getJustification(db, id));
  if (value.state != JustificationState::pending) {
    return makeError(Errc::conflict,
                     "justification " + std::to_string(id) + " was already " +
                         std::string(justificationStateName(value.state)) +
                         ": its document can no longer change",
                     "state");
  }
  return db.exec("UPDATE absence_justifications SET file_id = ? WHERE id = ?", file_id, id);
}

Result<Justification> decideJustification(Connection& db, std::int64_t id, bool accept,
                                          const std::string& comment, std::int64_t author_id,
                                          Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(Justification value, getJustification(db, id));
  if (value.state != JustificationState::pending) {
    return makeError(Errc::conflict,
                     "justification " + std::to_string(id) + " is already " +
                         std::string(justificationStateName(value.state)),
                     "state");
  }
  if (!accept && comment.empty()) {
    return detail::invalid("comment", "is required to refuse a justification");
  }
  if (!comment.empty()) {
    CARTABLE_RETURN_IF_ERROR(directory::validate::text(comment, "comment", kMaxComment));
  }
  value.state = accept ? JustificationState::accepted : JustificationState::refused;
  value.decided_by = author_id > 0 ? std::optional<std::int64_t>(author_id) : std::nullopt;
  value.decided_at = now;
  value.decision_comment = comment;
  CARTABLE_RETURN_IF_ERROR(
      db.exec("UPDATE absence_justifications SET state = ?, decided_by = ?, decided_at = ?, "
              "decision_comment = ? WHERE id = ?",
              justificationStateName(value.state), value.decided_by, now, comment, id));
  CARTABLE_RETURN_IF_ERROR(noticeDecision(db, value, author_id, now));
  return value;
}

}  // namespace cartable::attendance
