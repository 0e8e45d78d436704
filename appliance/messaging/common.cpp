#include "messaging/internal.h"
#include "notifications/notifications.h"

namespace cartable::messaging::internal {

using storage::Connection;

Error fieldError(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

std::string conversationLink(std::int64_t conversation_id) {
  return "/conversations/" + std::to_string(conversation_id);
}

Result<std::int64_t> insertMessage(Connection& db, std::int64_t conversation_id,
                                   std::int64_t author, const NewMessage& message,
                                   std::optional<std::int64_t> forwarded_from, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO messages (conversation_id, author_id, text, forwarded_from, created_at) "
              "VALUES (?, ?, ?, ?, ?)",
              conversation_id, author, message.text, forwarded_from, now));
  const std::int64_t id = db.lastInsertId();
  for (std::size_t i = 0; i < message.file_ids.size(); ++i) {
    CARTABLE_RETURN_IF_ERROR(
        db.exec("INSERT OR IGNORE INTO message_attachments (message_id, file_id, position) VALUES "
                "(?, ?, ?)",
                id, message.file_ids[i], i));
  }
  CARTABLE_RETURN_IF_ERROR(
      db.exec("UPDATE conversations SET last_message_id = ? WHERE id = ?", id, conversation_id));
  CARTABLE_RETURN_IF_ERROR(
      db.exec("UPDATE conversation_participants SET last_read_id = ? "
              "WHERE conversation_id = ? AND user_id = ?",
              id, conversation_id, author));
  return id;
}

Result<std::vector<std::int64_t>> activeParticipants(Connection& db, std::int64_t conversation_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto rows, db.query("SELECT user_id FROM conversation_participants "
                                                "WHERE conversation_id = ? AND left_at IS NULL",
                                                conversation_id));
  std::vector<std::int64_t> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    out.push_back(rows.int64(0));
  }
}

Status noticeNewMessage(Connection& db, std::int64_t conversation_id,
                        const std::vector<std::int64_t>& people, std::int64_t author,
                        const std::string& subject, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto name,
      db.query("SELECT given_name || ' ' || family_name FROM users WHERE id = ?", author));
  CARTABLE_ASSIGN_OR_RETURN(bool named, name.step());
  const notifications::Notice notice{"message.new", "Nouveau message : " + subject,
                                     named ? "De " + name.text(0) : "",
                                     conversationLink(conversation_id)};
  // A flood of messages leaves one unread notice per conversation, kept fresh.
  return notifications::notifyOnce(db, people, notice, author, now);
}

Status readNotices(Connection& db, std::int64_t conversation_id, std::int64_t user, Seconds now) {
  return notifications::markReadByLink(db, user, "message.new", conversationLink(conversation_id),
                                       now);
}

Message messageFromRow(const storage::Statement& row, int first) {
  Message m;
  m.id = row.int64(first);
  m.conversation_id = row.int64(first + 1);
  m.author_id = row.optionalInt64(first + 2);
  m.author_name = row.text(first + 3);
  m.text = row.text(first + 4);
  m.created_at = row.int64(first + 5);
  m.forwarded_from = row.optionalInt64(first + 6);
  return m;
}

Status loadAttachments(Connection& db, Message& message) {
  CARTABLE_ASSIGN_OR_RETURN(auto rows, db.query("SELECT file_id FROM message_attachments "
                                                "WHERE message_id = ? ORDER BY position",
                                                message.id));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return okStatus();
    CARTABLE_ASSIGN_OR_RETURN(auto file, files::FileStore::find(db, rows.int64(0)));
    message.attachments.push_back(std::move(file));
  }
}

Result<Message> loadMessage(Connection& db, std::int64_t message_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto row, db.query(std::string("SELECT ") + kMessageColumns +
                                                   " FROM messages m WHERE m.id = ?",
                                               message_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) {
    return makeError(Errc::not_found, "message " + std::to_string(message_id) + " does not exist",
                     "id");
  }
  Message message = messageFromRow(row, 0);
  CARTABLE_RETURN_IF_ERROR(loadAttachments(db, message));
  return message;
}

}  // namespace cartable::messaging::internal
