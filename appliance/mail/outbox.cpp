#include "mail/outbox.h"

namespace cartable::mail {
namespace {

constexpr const char* kColumns =
    "SELECT o.id, o.user_id, o.kind, o.title, o.body, o.link, o.created_at, o.state, o.attempts, "
    "o.next_attempt_at, o.message_id, o.last_error, o.finished_at, "
    "CASE WHEN u.disabled_at IS NULL AND u.email <> '' THEN u.email END "
    "FROM mail_outbox o JOIN users u ON u.id = o.user_id ";

OutboxState stateNamed(const std::string& name) {
  if (name == "sent") return OutboxState::sent;
  return name == "failed" ? OutboxState::failed : OutboxState::pending;
}

Result<std::vector<QueuedEmail>> collect(storage::Statement& rows) {
  std::vector<QueuedEmail> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    QueuedEmail email;
    email.id = rows.int64(0);
    email.notice = {rows.int64(1), rows.text(2), rows.text(3), rows.text(4), rows.text(5)};
    email.created_at = rows.int64(6);
    email.state = stateNamed(rows.text(7));
    email.attempts = static_cast<int>(rows.int64(8));
    email.next_attempt_at = rows.int64(9);
    email.message_id = rows.optionalText(10);
    email.last_error = rows.optionalText(11);
    email.finished_at = rows.optionalInt64(12);
    email.address = rows.optionalText(13);
    out.push_back(std::move(email));
  }
}

// An email given up before any attempt has no Message-ID yet.
std::optional<std::string> optionalText(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

}  // namespace

Status enqueue(storage::Connection& db, const NoticeEmail& email, Seconds now) {
  return db.exec(
      "INSERT INTO mail_outbox (user_id, kind, title, body, link, created_at, next_attempt_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      email.user_id, email.kind, email.title, email.body, email.link, now, now);
}

Status withdrawUnsent(storage::Connection& db, std::int64_t user_id, const std::string& kind,
                      const std::string& link) {
  return db.exec(
      "DELETE FROM mail_outbox WHERE user_id = ? AND kind = ? AND link = ? AND state = 'pending' "
      "AND attempts = 0",
      user_id, kind, link);
}

Result<std::vector<QueuedEmail>> dueEmails(storage::Connection& db, Seconds now, int limit) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      db.query(std::string(kColumns) + "WHERE o.state = 'pending' AND o.next_attempt_at <= ? "
                                       "ORDER BY o.next_attempt_at, o.id LIMIT ?",
               now, limit));
  return collect(rows);
}

Result<std::vector<QueuedEmail>> listOutbox(storage::Connection& db) {
  CARTABLE_ASSIGN_OR_RETURN(auto rows, db.query(std::string(kColumns) + "ORDER BY o.id"));
  return collect(rows);
}

Status recordSent(storage::Connection& db, std::int64_t id, const std::string& message_id,
                  int attempts, Seconds now) {
  return db.exec(
      "UPDATE mail_outbox SET state = 'sent', attempts = ?, message_id = ?, last_error = NULL, "
      "finished_at = ? WHERE id = ?",
      attempts, message_id, now, id);
}

Status recordFailure(storage::Connection& db, std::int64_t id, const std::string& message_id,
                     int attempts, const std::string& error, std::optional<Seconds> retry_at,
                     Seconds now) {
  if (retry_at) {
    return db.exec(
        "UPDATE mail_outbox SET attempts = ?, message_id = ?, last_error = ?, "
        "next_attempt_at = ? WHERE id = ?",
        attempts, optionalText(message_id), error, *retry_at, id);
  }
  return db.exec(
      "UPDATE mail_outbox SET state = 'failed', attempts = ?, message_id = ?, last_error = ?, "
      "finished_at = ? WHERE id = ?",
      attempts, optionalText(message_id), error, now, id);
}

Result<int> purgeFinished(storage::Connection& db, Seconds sent_before, Seconds failed_before) {
  CARTABLE_RETURN_IF_ERROR(
      db.exec("DELETE FROM mail_outbox WHERE (state = 'sent' AND finished_at < ?) OR "
              "(state = 'failed' AND finished_at < ?)",
              sent_before, failed_before));
  return db.changes();
}

}  // namespace cartable::mail
