// Reports of abusive messages: a participant reports, the admins are told and
// mark the report handled.
#include "core/base/utf8.h"
#include "messaging/internal.h"
#include "notifications/notifications.h"

namespace cartable::messaging {
namespace {

using internal::fieldError;
using storage::Connection;

constexpr const char* kReportColumns =
    "r.id, r.reported_by, ifnull((SELECT given_name || ' ' || family_name FROM users "
    "WHERE id = r.reported_by), ''), r.reason, r.created_at, r.handled_by, r.handled_at, "
    "r.message_id, c.subject FROM message_reports r JOIN messages m ON m.id = r.message_id "
    "JOIN conversations c ON c.id = m.conversation_id";

Result<std::vector<Report>> readReports(Connection& db, storage::Statement rows) {
  std::vector<Report> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    Report report;
    report.id = rows.int64(0);
    report.reported_by = rows.optionalInt64(1);
    report.reported_by_name = rows.text(2);
    report.reason = rows.text(3);
    report.created_at = rows.int64(4);
    report.handled_by = rows.optionalInt64(5);
    report.handled_at = rows.optionalInt64(6);
    report.message.id = rows.int64(7);
    report.conversation_subject = rows.text(8);
    out.push_back(std::move(report));
  }
  for (Report& report : out) {
    CARTABLE_ASSIGN_OR_RETURN(report.message, internal::loadMessage(db, report.message.id));
  }
  return out;
}

Status checkReason(const std::string& reason) {
  CARTABLE_RETURN_IF_ERROR(checkText(reason, "reason"));
  if (*utf8::countCodePoints(reason) > kMaxReasonCharacters) {
    return fieldError("reason",
                      "is longer than " + std::to_string(kMaxReasonCharacters) + " characters");
  }
  return okStatus();
}

Result<std::vector<std::int64_t>> activeAdmins(Connection& db) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id "
                          "WHERE r.role = 'admin' AND u.disabled_at IS NULL"));
  std::vector<std::int64_t> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    out.push_back(rows.int64(0));
  }
}

}  // namespace

Result<std::int64_t> reportMessage(Connection& db, std::int64_t message_id, std::int64_t reporter,
                                   const std::string& reason, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(checkReason(reason));
  CARTABLE_ASSIGN_OR_RETURN(bool readable, canReadMessage(db, message_id, reporter));
  if (!readable) {
    return makeError(Errc::not_found, "message " + std::to_string(message_id) + " does not exist",
                     "id");
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto already, db.scalarInt64("SELECT id FROM message_reports WHERE message_id = ? AND "
                                   "reported_by = ?",
                                   message_id, reporter));
  if (already) {
    return makeError(Errc::conflict, "you already reported message " + std::to_string(message_id),
                     "id");
  }
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO message_reports (message_id, reported_by, reason, created_at) "
              "VALUES (?, ?, ?, ?)",
              message_id, reporter, reason, now));
  const std::int64_t id = db.lastInsertId();
  CARTABLE_ASSIGN_OR_RETURN(auto admins, activeAdmins(db));
  CARTABLE_RETURN_IF_ERROR(notifications::notify(
      db, admins, {"message.reported", "Message signalé", reason, "/messaging/reports"}, reporter,
      now));
  return id;
}

Result<std::vector<Report>> listReports(Connection& db, const ReportQuery& query) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query(std::string("SELECT ") + kReportColumns +
                              " WHERE (?1 = 0 OR r.handled_at IS NULL) "
                              "AND (?2 IS NULL OR r.id < ?2) ORDER BY r.id DESC LIMIT ?3",
                          query.open_only ? 1 : 0, query.before, query.limit));
  return readReports(db, std::move(rows));
}

Result<Report> getReport(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query(std::string("SELECT ") + kReportColumns + " WHERE r.id = ?", id));
  CARTABLE_ASSIGN_OR_RETURN(auto reports, readReports(db, std::move(rows)));
  if (reports.empty()) {
    return makeError(Errc::not_found, "report " + std::to_string(id) + " does not exist", "id");
  }
  return reports.front();
}

Status markReportHandled(Connection& db, std::int64_t id, std::int64_t admin, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(getReport(db, id));
  return db.exec(
      "UPDATE message_reports SET handled_by = ?, handled_at = ? WHERE id = ? AND "
      "handled_at IS NULL",
      admin, now, id);
}

}  // namespace cartable::messaging
