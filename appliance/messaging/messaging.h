// The school's messaging ("messagerie"): conversations between people of the
// school, with a subject, participants, messages and attachments; read marks,
// unread counts, search, forwarding, leaving, reports to the admins, and the
// school's policy of who may write to whom.
//
// Replies: in a conversation whose `replies` is `everyone`, every participant
// writes to all. In an `author` one (a broadcast: the default when the
// recipients include a group), only its author writes to all; another
// participant's reply goes to a private conversation between them and the
// author (created on their first reply, reused after), so that a message to
// all the parents of a class never becomes a mailing list between parents.
// The policy is checked when choosing recipients (starting a conversation,
// forwarding); replying to people already in a conversation is always allowed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "files/files.h"

namespace cartable::messaging {

inline constexpr std::size_t kMaxTextCharacters = 20000;
inline constexpr std::size_t kMaxSubjectCharacters = 200;
inline constexpr std::size_t kMaxReasonCharacters = 2000;
inline constexpr std::size_t kMaxRecipientItems = 100;
inline constexpr std::size_t kMaxPeoplePerConversation = 2000;
inline constexpr std::size_t kMaxAttachments = 10;

struct PolicyRule {
  std::string_view name;    // "student_classmates"
  std::string_view allows;  // "students to write to classmates"
  bool default_allowed;
};

// Every rule, in a fixed order. A rule lets the first-named people start a
// conversation with the second-named ones ("teacher_parent": a teacher writes
// to the parents of the students they teach). "Staff" are people with the
// staff or the admin role. Admins may write to anyone, whatever the policy.
std::span<const PolicyRule> policyRules();

using Policy = std::map<std::string, bool, std::less<>>;  // rule name -> allowed

Result<Policy> loadPolicy(storage::Connection& db);
// Sets the rules named in `changes`, leaving the others; invalid_argument
// naming "rules.<name>" for a rule that does not exist (nothing is changed).
Status updatePolicy(storage::Connection& db, const Policy& changes);

enum class RecipientKind { person, class_parents, class_teachers, class_students, group_students };
std::optional<RecipientKind> parseRecipientKind(std::string_view name);
std::string_view recipientKindName(RecipientKind kind);

struct Recipient {
  RecipientKind kind = RecipientKind::person;
  std::int64_t id = 0;  // the person, class or group
};

// The people `recipients` name, at this moment, without repeats and without
// `sender`. Errors name "recipients[i]": invalid_argument for a person, class
// or group that does not exist (or a disabled account), permission_denied when
// the policy does not let `sender` write to someone it names (the message
// names the rule that forbids it); invalid_argument naming "recipients" when
// nobody is left or more than kMaxPeoplePerConversation.
Result<std::vector<std::int64_t>> resolveRecipients(storage::Connection& db, std::int64_t sender,
                                                    const std::vector<Recipient>& recipients);

// Whether the policy lets `sender` start a conversation with `recipient`.
Result<bool> mayWrite(storage::Connection& db, std::int64_t sender, std::int64_t recipient);

enum class Replies { everyone, author };
std::string_view repliesName(Replies replies);
std::optional<Replies> parseReplies(std::string_view name);

struct NewMessage {
  std::string text;                    // 1..kMaxTextCharacters code points, UTF-8, not blank
  std::vector<std::int64_t> file_ids;  // files(id) already recorded, at most kMaxAttachments
};

struct NewConversation {
  std::string subject;  // 1..kMaxSubjectCharacters, one line
  std::vector<Recipient> recipients;
  std::optional<Replies> replies;  // default: author when a group is among the recipients
  NewMessage message;
};

struct Forward {
  std::optional<std::string> subject;  // default "Tr : <the original subject>"
  std::vector<Recipient> recipients;
  std::optional<Replies> replies;
  std::string comment;  // may be empty; written above the quoted message
};

struct Posted {
  std::int64_t conversation_id = 0;
  std::int64_t message_id = 0;
};

// invalid_argument naming `field` when `text` is blank, too long or not UTF-8.
Status checkText(std::string_view text, const std::string& field = "text");
Status checkSubject(std::string_view subject, const std::string& field = "subject");

// Starts a conversation by `author` and its first message, and notifies the
// recipients. Errors as checkText, checkSubject and resolveRecipients.
Result<Posted> startConversation(storage::Connection& db, std::int64_t author,
                                 const NewConversation& input, Seconds now);

// `author`'s reply in conversation `conversation_id` (see the header comment
// for where it goes). not_found when there is no such conversation;
// failed_precondition when the author is not a participant or left it.
Result<Posted> postReply(storage::Connection& db, std::int64_t conversation_id, std::int64_t author,
                         const NewMessage& message, Seconds now);

// A new conversation by `author` quoting message `message_id` and carrying its
// attachments; the author must be able to read it (not_found otherwise).
Result<Posted> forwardMessage(storage::Connection& db, std::int64_t message_id, std::int64_t author,
                              const Forward& input, Seconds now);

// `user` receives nothing more from the conversation; the others see that they
// left. Leaving twice changes nothing.
Status leaveConversation(storage::Connection& db, std::int64_t conversation_id, std::int64_t user,
                         Seconds now);

// Marks the messages `user` receives in the conversation as read up to
// `up_to` (default: the last one); a read mark never goes back. Reading up to
// the last message also marks the conversation's "message.new" notice read.
Status markRead(storage::Connection& db, std::int64_t conversation_id, std::int64_t user,
                std::optional<std::int64_t> up_to, Seconds now);

struct Message {
  std::int64_t id = 0;
  std::int64_t conversation_id = 0;
  std::optional<std::int64_t> author_id;  // empty once the account is deleted
  std::string author_name;
  std::string text;
  Seconds created_at = 0;
  std::optional<std::int64_t> forwarded_from;
  std::vector<files::FileInfo> attachments;
};

struct Participant {
  std::int64_t user_id = 0;
  std::string name;
  std::int64_t last_read_id = 0;
  std::optional<Seconds> left_at;
};

struct Conversation {
  std::int64_t id = 0;
  std::string subject;
  Replies replies = Replies::everyone;
  std::optional<std::int64_t> started_by;
  std::string started_by_name;
  std::optional<std::int64_t> origin_id;
  Seconds created_at = 0;
  // In an `author` conversation, a participant other than the author sees
  // only the author and themselves; participant_count counts everyone.
  std::vector<Participant> participants;
  std::int64_t participant_count = 0;
  std::int64_t unread = 0;  // for the viewer
  bool left = false;        // the viewer left it
};

struct ConversationSummary {
  Conversation conversation;            // without participants
  std::optional<Message> last_message;  // the last one the viewer receives, without attachments
};

// Conversation `id` as `viewer` sees it; a viewer who is not a participant (an
// admin reading a reported conversation) sees every participant.
Result<Conversation> getConversation(storage::Connection& db, std::int64_t id, std::int64_t viewer);

struct MessagePage {
  std::vector<Message> items;        // oldest first
  std::optional<std::int64_t> next;  // pass as `before` for the older page
};
// The messages `viewer` receives in the conversation (all of them for a
// non-participant), the newest `limit` before message id `before`.
Result<MessagePage> messagesOf(storage::Connection& db, std::int64_t conversation_id,
                               std::int64_t viewer, std::optional<std::int64_t> before, int limit);

struct ConversationPage {
  std::vector<ConversationSummary> items;  // newest activity first
  std::optional<std::int64_t> next;        // pass as `before` for the next page
};
Result<ConversationPage> conversationsOf(storage::Connection& db, std::int64_t user,
                                         std::optional<std::int64_t> before, int limit);

struct Unread {
  std::int64_t messages = 0;
  std::int64_t conversations = 0;
};
Result<Unread> unreadOf(storage::Connection& db, std::int64_t user);

// `user`'s own messages (those they receive or wrote) whose text or subject
// holds every word of `query` (accents and case ignored, words as prefixes),
// newest first. invalid_argument naming "q" when `query` has no word.
struct SearchHit {
  Message message;  // without attachments
  std::string subject;
};
Result<std::vector<SearchHit>> searchMessages(storage::Connection& db, std::int64_t user,
                                              std::string_view query, int limit);

Result<bool> isParticipant(storage::Connection& db, std::int64_t conversation_id,
                           std::int64_t user);
// True when `user` takes part in the message's conversation and received it.
Result<bool> canReadMessage(storage::Connection& db, std::int64_t message_id, std::int64_t user);
// True when a message of the conversation has been reported.
Result<bool> conversationHasReport(storage::Connection& db, std::int64_t conversation_id);
// True when a message of message `message_id`'s conversation has been reported.
Result<bool> messageConversationHasReport(storage::Connection& db, std::int64_t message_id);
// The attachment `file_id` of message `message_id`; not_found naming "file_id".
Result<files::FileInfo> attachmentOf(storage::Connection& db, std::int64_t message_id,
                                     std::int64_t file_id);

struct Report {
  std::int64_t id = 0;
  std::optional<std::int64_t> reported_by;
  std::string reported_by_name;
  std::string reason;
  Seconds created_at = 0;
  std::optional<std::int64_t> handled_by;
  std::optional<Seconds> handled_at;
  Message message;
  std::string conversation_subject;
};

// `reporter` reports message `message_id` (which they can read) with
// `reason` (1..kMaxReasonCharacters); the admins are notified. conflict when
// they already reported it.
Result<std::int64_t> reportMessage(storage::Connection& db, std::int64_t message_id,
                                   std::int64_t reporter, const std::string& reason, Seconds now);

struct ReportQuery {
  bool open_only = true;
  std::optional<std::int64_t> before;  // ids below this one
  int limit = 50;
};
// Newest first.
Result<std::vector<Report>> listReports(storage::Connection& db, const ReportQuery& query);
Result<Report> getReport(storage::Connection& db, std::int64_t id);
// not_found when absent; handling twice keeps the first mark.
Status markReportHandled(storage::Connection& db, std::int64_t id, std::int64_t admin, Seconds now);

}  // namespace cartable::messaging
