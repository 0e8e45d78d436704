// Helpers shared by the messaging module's files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "messaging/messaging.h"

namespace cartable::messaging::internal {

Error fieldError(const std::string& field, const std::string& message);

// The SQL expression of a person's display name, for table alias `u`.
inline constexpr const char* kNameOf = "(u.given_name || ' ' || u.family_name)";

// Writes the "message.new" notice of conversation `conversation_id` to
// `people` (but `author`): a person who still has an unread one for it gets
// it updated, not a second one.
Status noticeNewMessage(storage::Connection& db, std::int64_t conversation_id,
                        const std::vector<std::int64_t>& people, std::int64_t author,
                        const std::string& subject, Seconds now);

// Marks `user`'s unread notices of the conversation read.
Status readNotices(storage::Connection& db, std::int64_t conversation_id, std::int64_t user,
                   Seconds now);

// The notice link of a conversation.
std::string conversationLink(std::int64_t conversation_id);

// Inserts a message with its attachments, moves the conversation's last
// message, marks it read for its author. Returns its id.
Result<std::int64_t> insertMessage(storage::Connection& db, std::int64_t conversation_id,
                                   std::int64_t author, const NewMessage& message,
                                   std::optional<std::int64_t> forwarded_from, Seconds now);

// The participants who still receive messages.
Result<std::vector<std::int64_t>> activeParticipants(storage::Connection& db,
                                                     std::int64_t conversation_id);

// A message with its attachments; not_found naming "id".
Result<Message> loadMessage(storage::Connection& db, std::int64_t message_id);

// Reads the message columns selected by kMessageColumns.
Message messageFromRow(const storage::Statement& row, int first_column);
inline constexpr const char* kMessageColumns =
    "m.id, m.conversation_id, m.author_id, ifnull((SELECT given_name || ' ' || family_name FROM "
    "users WHERE id = m.author_id), ''), m.text, m.created_at, m.forwarded_from";
inline constexpr int kMessageColumnCount = 7;

Status loadAttachments(storage::Connection& db, Message& message);

}  // namespace cartable::messaging::internal
