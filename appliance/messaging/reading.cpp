// Reading: one conversation, its messages, one's list of conversations,
// unread counts, search, and the questions the access checks ask.
#include <algorithm>
#include <cctype>

#include "core/base/utf8.h"
#include "messaging/internal.h"

namespace cartable::messaging {
namespace {

using internal::fieldError;
using storage::Connection;

constexpr std::size_t kMaxSearchWords = 10;
constexpr std::size_t kMaxQueryCharacters = 200;

// The last message `p` (a participant row) receives in `c`.
constexpr const char* kLastSeen =
    "min(c.last_message_id, ifnull(p.left_after_id, c.last_message_id))";

template <class... Args>
Result<bool> exists(Connection& db, const std::string& sql, const Args&... args) {
  CARTABLE_ASSIGN_OR_RETURN(auto found, db.scalarInt64(sql, args...));
  return found.has_value();
}

Result<std::vector<Participant>> participantsOf(Connection& db, std::int64_t conversation) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query(std::string("SELECT p.user_id, ") + internal::kNameOf +
                              ", p.last_read_id, p.left_at FROM conversation_participants p "
                              "JOIN users u ON u.id = p.user_id WHERE p.conversation_id = ? "
                              "ORDER BY u.family_name, u.given_name, u.id",
                          conversation));
  std::vector<Participant> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    out.push_back({rows.int64(0), rows.text(1), rows.int64(2), rows.optionalInt64(3)});
  }
}

Result<std::int64_t> unreadIn(Connection& db, std::int64_t conversation, std::int64_t user) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto count,
      db.scalarInt64("SELECT count(*) FROM conversation_participants p JOIN messages m "
                     "ON m.conversation_id = p.conversation_id AND m.id > p.last_read_id "
                     "AND (p.left_after_id IS NULL OR m.id <= p.left_after_id) "
                     "AND (m.author_id IS NULL OR m.author_id <> p.user_id) "
                     "WHERE p.conversation_id = ? AND p.user_id = ?",
                     conversation, user));
  return count.value_or(0);
}

// Columns 0..6 of a conversation row, as selected by conversation queries.
constexpr const char* kConversationColumns =
    "c.id, c.subject, c.replies, c.started_by, ifnull((SELECT given_name || ' ' || family_name "
    "FROM users WHERE id = c.started_by), ''), c.origin_id, c.created_at";

Conversation conversationFromRow(const storage::Statement& row) {
  Conversation c;
  c.id = row.int64(0);
  c.subject = row.text(1);
  c.replies = parseReplies(row.text(2)).value_or(Replies::everyone);
  c.started_by = row.optionalInt64(3);
  c.started_by_name = row.text(4);
  c.origin_id = row.optionalInt64(5);
  c.created_at = row.int64(6);
  return c;
}

// The words of a search as an FTS5 query: each a quoted prefix, all required.
Result<std::string> ftsQuery(std::string_view query) {
  const auto length = utf8::countCodePoints(query);
  if (!length) return fieldError("q", "is not valid UTF-8");
  if (*length > kMaxQueryCharacters) {
    return fieldError("q", "is longer than " + std::to_string(kMaxQueryCharacters) + " characters");
  }
  std::string out;
  std::size_t words = 0;
  std::size_t i = 0;
  while (i < query.size()) {
    const std::size_t end = std::min(query.find_first_of(" \t\n", i), query.size());
    const std::string_view word = query.substr(i, end - i);
    i = end + 1;
    // A word without a letter or digit would make an empty phrase.
    const bool meaningful = std::any_of(word.begin(), word.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
    });
    if (!meaningful) continue;
    if (++words > kMaxSearchWords) {
      return fieldError("q", "has more than " + std::to_string(kMaxSearchWords) + " words");
    }
    out += out.empty() ? "\"" : " \"";
    for (char c : word) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += "\"*";
  }
  if (out.empty()) return fieldError("q", "must hold at least one word");
  return out;
}

}  // namespace

Result<Conversation> getConversation(Connection& db, std::int64_t id, std::int64_t viewer) {
  CARTABLE_ASSIGN_OR_RETURN(auto row, db.query(std::string("SELECT ") + kConversationColumns +
                                                   " FROM conversations c WHERE c.id = ?",
                                               id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) {
    return makeError(Errc::not_found, "conversation " + std::to_string(id) + " does not exist",
                     "id");
  }
  Conversation c = conversationFromRow(row);
  CARTABLE_ASSIGN_OR_RETURN(auto everyone, participantsOf(db, id));
  c.participant_count = static_cast<std::int64_t>(everyone.size());
  const auto me = std::find_if(everyone.begin(), everyone.end(),
                               [&](const Participant& p) { return p.user_id == viewer; });
  const bool participant = me != everyone.end();
  c.left = participant && me->left_at.has_value();
  CARTABLE_ASSIGN_OR_RETURN(c.unread, unreadIn(db, id, viewer));
  // The recipients of a broadcast do not see one another.
  const bool hidden = participant && c.replies == Replies::author && c.started_by != viewer;
  for (Participant& p : everyone) {
    if (hidden && p.user_id != viewer && p.user_id != c.started_by) continue;
    c.participants.push_back(std::move(p));
  }
  return c;
}

Result<MessagePage> messagesOf(Connection& db, std::int64_t conversation_id, std::int64_t viewer,
                               std::optional<std::int64_t> before, int limit) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto cutoff, db.scalarInt64("SELECT ifnull(left_after_id, 9223372036854775807) FROM "
                                  "conversation_participants WHERE conversation_id = ? AND "
                                  "user_id = ?",
                                  conversation_id, viewer));
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query(std::string("SELECT ") + internal::kMessageColumns +
                              " FROM messages m WHERE m.conversation_id = ?1 "
                              "AND (?2 IS NULL OR m.id <= ?2) AND (?3 IS NULL OR m.id < ?3) "
                              "ORDER BY m.id DESC LIMIT ?4",
                          conversation_id, cutoff, before, limit + 1));
  MessagePage page;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    page.items.push_back(internal::messageFromRow(rows, 0));
  }
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.pop_back();
    page.next = page.items.back().id;
  }
  std::reverse(page.items.begin(), page.items.end());
  for (Message& message : page.items) {
    CARTABLE_RETURN_IF_ERROR(internal::loadAttachments(db, message));
  }
  return page;
}

Result<ConversationPage> conversationsOf(Connection& db, std::int64_t user,
                                         std::optional<std::int64_t> before, int limit) {
  const std::string last_seen = kLastSeen;
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      db.query(std::string("SELECT ") + kConversationColumns + ", p.left_at, " + last_seen +
                   ", (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id "
                   "AND m.id > p.last_read_id AND m.id <= " +
                   last_seen +
                   " AND (m.author_id IS NULL OR m.author_id <> p.user_id)) "
                   "FROM conversation_participants p JOIN conversations c "
                   "ON c.id = p.conversation_id WHERE p.user_id = ?1 AND (?2 IS NULL OR " +
                   last_seen + " < ?2) ORDER BY " + last_seen + " DESC LIMIT ?3",
               user, before, limit + 1));
  ConversationPage page;
  std::vector<std::int64_t> last_ids;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    ConversationSummary summary{conversationFromRow(rows), std::nullopt};
    summary.conversation.left = !rows.isNull(7);
    summary.conversation.unread = rows.int64(9);
    page.items.push_back(std::move(summary));
    last_ids.push_back(rows.int64(8));
  }
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.pop_back();
    page.next = last_ids[static_cast<std::size_t>(limit) - 1];
  }
  for (std::size_t i = 0; i < page.items.size(); ++i) {
    CARTABLE_ASSIGN_OR_RETURN(auto last,
                              db.query(std::string("SELECT ") + internal::kMessageColumns +
                                           " FROM messages m WHERE m.id = ?",
                                       last_ids[i]));
    CARTABLE_ASSIGN_OR_RETURN(bool found, last.step());
    if (found) page.items[i].last_message = internal::messageFromRow(last, 0);
  }
  return page;
}

Result<Unread> unreadOf(Connection& db, std::int64_t user) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto row,
      db.query(
          "SELECT count(*), count(DISTINCT m.conversation_id) FROM conversation_participants p "
          "JOIN messages m ON m.conversation_id = p.conversation_id AND m.id > p.last_read_id "
          "AND (p.left_after_id IS NULL OR m.id <= p.left_after_id) "
          "AND (m.author_id IS NULL OR m.author_id <> p.user_id) WHERE p.user_id = ?",
          user));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) return Unread{};
  return Unread{row.int64(0), row.int64(1)};
}

Result<std::vector<SearchHit>> searchMessages(Connection& db, std::int64_t user,
                                              std::string_view query, int limit) {
  CARTABLE_ASSIGN_OR_RETURN(std::string match, ftsQuery(query));
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query(std::string("SELECT ") + internal::kMessageColumns +
                              ", c.subject FROM message_search s JOIN messages m ON m.id = s.rowid "
                              "JOIN conversations c ON c.id = m.conversation_id "
                              "JOIN conversation_participants p ON p.conversation_id = "
                              "m.conversation_id AND p.user_id = ?1 "
                              "WHERE message_search MATCH ?2 "
                              "AND (p.left_after_id IS NULL OR m.id <= p.left_after_id) "
                              "ORDER BY m.id DESC LIMIT ?3",
                          user, match, limit));
  std::vector<SearchHit> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    out.push_back({internal::messageFromRow(rows, 0), rows.text(internal::kMessageColumnCount)});
  }
}

Result<bool> isParticipant(Connection& db, std::int64_t conversation_id, std::int64_t user) {
  return exists(db,
                "SELECT 1 FROM conversation_participants WHERE conversation_id = ? AND user_id = ?",
                conversation_id, user);
}

Result<bool> canReadMessage(Connection& db, std::int64_t message_id, std::int64_t user) {
  return exists(db,
                "SELECT 1 FROM messages m JOIN conversation_participants p "
                "ON p.conversation_id = m.conversation_id AND p.user_id = ?2 "
                "WHERE m.id = ?1 AND (p.left_after_id IS NULL OR m.id <= p.left_after_id)",
                message_id, user);
}

Result<bool> conversationHasReport(Connection& db, std::int64_t conversation_id) {
  return exists(db,
                "SELECT 1 FROM message_reports r JOIN messages m ON m.id = r.message_id "
                "WHERE m.conversation_id = ? LIMIT 1",
                conversation_id);
}

Result<bool> messageConversationHasReport(Connection& db, std::int64_t message_id) {
  return exists(db,
                "SELECT 1 FROM messages x JOIN messages m ON m.conversation_id = x.conversation_id "
                "JOIN message_reports r ON r.message_id = m.id WHERE x.id = ? LIMIT 1",
                message_id);
}

Result<files::FileInfo> attachmentOf(Connection& db, std::int64_t message_id,
                                     std::int64_t file_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      bool attached,
      exists(db, "SELECT 1 FROM message_attachments WHERE message_id = ? AND file_id = ?",
             message_id, file_id));
  if (!attached) {
    return makeError(
        Errc::not_found,
        "message " + std::to_string(message_id) + " has no attachment " + std::to_string(file_id),
        "file_id");
  }
  return files::FileStore::find(db, file_id);
}

}  // namespace cartable::messaging
