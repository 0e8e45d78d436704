// Writing: starting a conversation, replying, forwarding, leaving, read marks.
#include <algorithm>

#include "core/base/utf8.h"
#include "messaging/internal.h"

namespace cartable::messaging {
namespace {

using internal::fieldError;
using storage::Connection;

struct ConversationRow {
  std::int64_t id = 0;
  std::string subject;
  Replies replies = Replies::everyone;
  std::optional<std::int64_t> started_by;
  std::int64_t last_message_id = 0;
};

Result<ConversationRow> loadConversation(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto row, db.query("SELECT subject, replies, started_by, last_message_id FROM conversations "
                         "WHERE id = ?",
                         id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) {
    return makeError(Errc::not_found, "conversation " + std::to_string(id) + " does not exist",
                     "id");
  }
  return ConversationRow{id, row.text(0), parseReplies(row.text(1)).value_or(Replies::everyone),
                         row.optionalInt64(2), row.int64(3)};
}

struct Membership {
  bool participant = false;
  bool left = false;
  std::int64_t last_read_id = 0;
  std::optional<std::int64_t> left_after_id;
};

Result<Membership> membershipOf(Connection& db, std::int64_t conversation, std::int64_t user) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto row, db.query("SELECT last_read_id, left_after_id FROM conversation_participants "
                         "WHERE conversation_id = ? AND user_id = ?",
                         conversation, user));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) return Membership{};
  return Membership{true, !row.isNull(1), row.int64(0), row.optionalInt64(1)};
}

Error notAParticipant(std::int64_t conversation) {
  return makeError(Errc::failed_precondition,
                   "you do not take part in conversation " + std::to_string(conversation), "id");
}

Status checkMessage(const NewMessage& message) {
  CARTABLE_RETURN_IF_ERROR(checkText(message.text));
  if (message.file_ids.size() > kMaxAttachments) {
    return fieldError("file", "has more than " + std::to_string(kMaxAttachments) + " files");
  }
  return okStatus();
}

Replies defaultReplies(const std::vector<Recipient>& recipients) {
  const bool group = std::any_of(recipients.begin(), recipients.end(), [](const Recipient& r) {
    return r.kind != RecipientKind::person;
  });
  return group ? Replies::author : Replies::everyone;
}

Result<std::int64_t> createConversation(Connection& db, const std::string& subject,
                                        std::int64_t author, Replies replies,
                                        std::optional<std::int64_t> origin,
                                        const std::vector<std::int64_t>& people, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO conversations (subject, started_by, replies, origin_id, created_at) "
              "VALUES (?, ?, ?, ?, ?)",
              subject, author, repliesName(replies), origin, now));
  const std::int64_t id = db.lastInsertId();
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO conversation_participants (conversation_id, user_id) VALUES (?, ?)", id,
              author));
  for (std::int64_t person : people) {
    CARTABLE_RETURN_IF_ERROR(db.exec(
        "INSERT OR IGNORE INTO conversation_participants (conversation_id, user_id) VALUES (?, ?)",
        id, person));
  }
  return id;
}

// Posts `message` in `conversation` and tells the participants who still receive it.
Result<Posted> post(Connection& db, const ConversationRow& conversation, std::int64_t author,
                    const NewMessage& message, std::optional<std::int64_t> forwarded_from,
                    Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, internal::insertMessage(db, conversation.id, author,
                                                                     message, forwarded_from, now));
  CARTABLE_ASSIGN_OR_RETURN(auto people, internal::activeParticipants(db, conversation.id));
  CARTABLE_RETURN_IF_ERROR(
      internal::noticeNewMessage(db, conversation.id, people, author, conversation.subject, now));
  return Posted{conversation.id, id};
}

// The private conversation in which `author` answers broadcast `origin`:
// theirs if they have one they did not leave, otherwise a new one.
Result<ConversationRow> privateReplyConversation(Connection& db, const ConversationRow& origin,
                                                 std::int64_t author, Seconds now) {
  if (!origin.started_by) {
    return makeError(
        Errc::conflict,
        "the author of conversation " + std::to_string(origin.id) + " can no longer be reached",
        "id");
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto existing,
      db.scalarInt64("SELECT c.id FROM conversations c JOIN conversation_participants p "
                     "ON p.conversation_id = c.id AND p.user_id = c.started_by "
                     "WHERE c.origin_id = ? AND c.started_by = ? AND p.left_at IS NULL "
                     "ORDER BY c.id DESC LIMIT 1",
                     origin.id, author));
  if (existing) return loadConversation(db, *existing);
  CARTABLE_ASSIGN_OR_RETURN(
      std::int64_t id, createConversation(db, origin.subject, author, Replies::everyone, origin.id,
                                          {*origin.started_by}, now));
  return loadConversation(db, id);
}

std::string forwardedText(const std::string& comment, const Message& original,
                          const std::string& subject) {
  std::string text = comment.empty() ? "" : comment + "\n\n";
  text += "-------- Message transféré --------\n";
  text += "De : " + (original.author_name.empty() ? "?" : original.author_name) + "\n";
  text += "Objet : " + subject + "\n\n";
  return text + original.text;
}

}  // namespace

std::string_view repliesName(Replies replies) {
  return replies == Replies::author ? "author" : "everyone";
}

std::optional<Replies> parseReplies(std::string_view name) {
  if (name == "everyone") return Replies::everyone;
  if (name == "author") return Replies::author;
  return std::nullopt;
}

Status checkText(std::string_view text, const std::string& field) {
  const auto length = utf8::countCodePoints(text);
  if (!length) return fieldError(field, "is not valid UTF-8");
  if (utf8::hasControlCharacter(text)) {
    return fieldError(field, "must not contain control characters other than newline and tab");
  }
  if (text.find_first_not_of(" \t\n") == std::string_view::npos) {
    return fieldError(field, "must not be empty");
  }
  if (*length > kMaxTextCharacters) {
    return fieldError(field,
                      "is longer than " + std::to_string(kMaxTextCharacters) + " characters");
  }
  return okStatus();
}

Status checkSubject(std::string_view subject, const std::string& field) {
  CARTABLE_RETURN_IF_ERROR(checkText(subject, field));
  if (subject.find_first_of("\t\n") != std::string_view::npos) {
    return fieldError(field, "must be one line");
  }
  if (*utf8::countCodePoints(subject) > kMaxSubjectCharacters) {
    return fieldError(field,
                      "is longer than " + std::to_string(kMaxSubjectCharacters) + " characters");
  }
  return okStatus();
}

Result<Posted> startConversation(Connection& db, std::int64_t author, const NewConversation& input,
                                 Seconds now) {
  CARTABLE_RETURN_IF_ERROR(checkSubject(input.subject));
  CARTABLE_RETURN_IF_ERROR(checkMessage(input.message));
  CARTABLE_ASSIGN_OR_RETURN(auto people, resolveRecipients(db, author, input.recipients));
  const Replies replies = input.replies.value_or(defaultReplies(input.recipients));
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, createConversation(db, input.subject, author, replies,
                                                                std::nullopt, people, now));
  return post(db, ConversationRow{id, input.subject, replies, author, 0}, author, input.message,
              std::nullopt, now);
}

Result<Posted> postReply(Connection& db, std::int64_t conversation_id, std::int64_t author,
                         const NewMessage& message, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(checkMessage(message));
  CARTABLE_ASSIGN_OR_RETURN(ConversationRow conversation, loadConversation(db, conversation_id));
  CARTABLE_ASSIGN_OR_RETURN(Membership member, membershipOf(db, conversation_id, author));
  if (!member.participant) return notAParticipant(conversation_id);
  if (member.left) {
    return makeError(Errc::conflict, "you left conversation " + std::to_string(conversation_id),
                     "id");
  }
  if (conversation.replies == Replies::author && conversation.started_by != author) {
    CARTABLE_ASSIGN_OR_RETURN(conversation,
                              privateReplyConversation(db, conversation, author, now));
  }
  return post(db, conversation, author, message, std::nullopt, now);
}

Result<Posted> forwardMessage(Connection& db, std::int64_t message_id, std::int64_t author,
                              const Forward& input, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(bool readable, canReadMessage(db, message_id, author));
  if (!readable) {
    return makeError(Errc::not_found, "message " + std::to_string(message_id) + " does not exist",
                     "id");
  }
  if (input.subject) CARTABLE_RETURN_IF_ERROR(checkSubject(*input.subject));
  if (!input.comment.empty()) CARTABLE_RETURN_IF_ERROR(checkText(input.comment));
  CARTABLE_ASSIGN_OR_RETURN(Message original, internal::loadMessage(db, message_id));
  CARTABLE_ASSIGN_OR_RETURN(ConversationRow source, loadConversation(db, original.conversation_id));
  CARTABLE_ASSIGN_OR_RETURN(auto people, resolveRecipients(db, author, input.recipients));
  const std::string subject = input.subject.value_or("Tr : " + source.subject);
  const Replies replies = input.replies.value_or(defaultReplies(input.recipients));
  CARTABLE_ASSIGN_OR_RETURN(
      std::int64_t id, createConversation(db, subject, author, replies, std::nullopt, people, now));
  NewMessage message{forwardedText(input.comment, original, source.subject), {}};
  for (const files::FileInfo& file : original.attachments) message.file_ids.push_back(file.id);
  return post(db, ConversationRow{id, subject, replies, author, 0}, author, message, message_id,
              now);
}

Status leaveConversation(Connection& db, std::int64_t conversation_id, std::int64_t user,
                         Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(ConversationRow conversation, loadConversation(db, conversation_id));
  CARTABLE_ASSIGN_OR_RETURN(Membership member, membershipOf(db, conversation_id, user));
  if (!member.participant) return notAParticipant(conversation_id);
  if (member.left) return okStatus();
  CARTABLE_RETURN_IF_ERROR(
      db.exec("UPDATE conversation_participants SET left_at = ?, left_after_id = ? "
              "WHERE conversation_id = ? AND user_id = ?",
              now, conversation.last_message_id, conversation_id, user));
  return internal::readNotices(db, conversation_id, user, now);
}

Status markRead(Connection& db, std::int64_t conversation_id, std::int64_t user,
                std::optional<std::int64_t> up_to, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(ConversationRow conversation, loadConversation(db, conversation_id));
  CARTABLE_ASSIGN_OR_RETURN(Membership member, membershipOf(db, conversation_id, user));
  if (!member.participant) return notAParticipant(conversation_id);
  const std::int64_t last = std::min(conversation.last_message_id,
                                     member.left_after_id.value_or(conversation.last_message_id));
  const std::int64_t target = up_to ? std::min(*up_to, last) : last;
  if (target > member.last_read_id) {
    CARTABLE_RETURN_IF_ERROR(
        db.exec("UPDATE conversation_participants SET last_read_id = ? "
                "WHERE conversation_id = ? AND user_id = ?",
                target, conversation_id, user));
  }
  if (target >= last) return internal::readNotices(db, conversation_id, user, now);
  return okStatus();
}

}  // namespace cartable::messaging
