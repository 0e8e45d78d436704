// Conversations: broadcasts and their private replies, unread counts and read
// marks, one notice per conversation, leaving, forwarding, search, reports,
// and bad input that leaves nothing behind.
#include "messaging_fixture.h"
#include "notifications/notifications.h"

namespace cartable::messaging {
namespace {

class Conversations : public MessagingSchool {
 protected:
  Conversation conversation(std::int64_t id, std::int64_t viewer) {
    return read<Conversation>(
        [&](storage::Connection& db) { return getConversation(db, id, viewer); });
  }

  std::vector<notifications::Notification> notices(std::int64_t user) {
    return read<std::vector<notifications::Notification>>([&](storage::Connection& db) {
      return notifications::feedOf(db, user, notifications::FeedQuery{});
    });
  }

  std::vector<SearchHit> search(std::int64_t user, const std::string& q) {
    return read<std::vector<SearchHit>>(
        [&](storage::Connection& db) { return searchMessages(db, user, q, 50); });
  }

  Status leave(std::int64_t user, std::int64_t id) {
    return write(
        [&](storage::Connection& db) { return leaveConversation(db, id, user, clock_.now()); });
  }

  Status readAll(std::int64_t user, std::int64_t id) {
    return write([&](storage::Connection& db) {
      return markRead(db, id, user, std::nullopt, clock_.now());
    });
  }

  void expectNothingWritten() {
    EXPECT_EQ(count("SELECT count(*) FROM conversations"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM conversation_participants"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM messages"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM notifications"), 0);
  }
};

TEST_F(Conversations, AParentsReplyToABroadcastGoesToTheAuthorOnly) {
  auto broadcast = start(maths_, {{RecipientKind::class_parents, class_a_}}, "Réunion jeudi");
  ASSERT_TRUE(broadcast.ok()) << broadcast.error().message;
  EXPECT_EQ(conversation(broadcast->conversation_id, maths_).replies, Replies::author);

  auto answer = replyAs(alice_mum_, broadcast->conversation_id, "Je serai là");
  ASSERT_TRUE(answer.ok()) << answer.error().message;
  EXPECT_NE(answer->conversation_id, broadcast->conversation_id);
  const Conversation private_reply = conversation(answer->conversation_id, maths_);
  EXPECT_EQ(private_reply.origin_id, broadcast->conversation_id);
  EXPECT_EQ(private_reply.participant_count, 2);
  EXPECT_EQ(private_reply.subject, "Sortie au musée");
  EXPECT_EQ(messages(broadcast->conversation_id, bob_dad_).size(), 1u);
  EXPECT_EQ(unread(bob_dad_).messages, 1);
  EXPECT_EQ(unread(maths_).messages, 1);

  // A second reply joins the same private conversation.
  auto again = replyAs(alice_mum_, broadcast->conversation_id, "Avec le père");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->conversation_id, answer->conversation_id);
  // The author's own reply reaches every parent.
  auto reminder = replyAs(maths_, broadcast->conversation_id, "Rappel : 18 h");
  ASSERT_TRUE(reminder.ok());
  EXPECT_EQ(reminder->conversation_id, broadcast->conversation_id);
  EXPECT_EQ(messages(broadcast->conversation_id, bob_dad_).size(), 2u);
}

TEST_F(Conversations, RecipientsOfABroadcastDoNotSeeOneAnother) {
  auto broadcast = start(maths_, {{RecipientKind::class_parents, class_a_}});
  ASSERT_TRUE(broadcast.ok());
  const Conversation seen = conversation(broadcast->conversation_id, alice_mum_);
  EXPECT_EQ(seen.participant_count, 3);
  ASSERT_EQ(seen.participants.size(), 2u);
  for (const Participant& p : seen.participants) EXPECT_NE(p.user_id, bob_dad_);
  EXPECT_EQ(conversation(broadcast->conversation_id, maths_).participants.size(), 3u);
}

TEST_F(Conversations, WhenTheAuthorAllowsDiscussionEveryoneRepliesToAll) {
  auto open = start(maths_, {{RecipientKind::class_parents, class_a_}}, "Qui accompagne ?",
                    Replies::everyone);
  ASSERT_TRUE(open.ok());
  auto answer = replyAs(alice_mum_, open->conversation_id, "Moi");
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->conversation_id, open->conversation_id);
  EXPECT_EQ(messages(open->conversation_id, bob_dad_).size(), 2u);
}

TEST_F(Conversations, UnreadCountsFollowMessagesAndReadMarks) {
  auto first = start(cpe_, {to(alice_mum_), to(bob_dad_)});
  auto second = start(maths_, {to(alice_mum_)});
  ASSERT_TRUE(first.ok() && second.ok());
  auto again = replyAs(cpe_, first->conversation_id, "Encore");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(unread(alice_mum_).messages, 3);
  EXPECT_EQ(unread(alice_mum_).conversations, 2);
  EXPECT_EQ(unread(cpe_).messages, 0) << "one's own messages are read";
  EXPECT_EQ(conversation(first->conversation_id, alice_mum_).unread, 2);

  ASSERT_TRUE(readAll(alice_mum_, first->conversation_id).ok());
  EXPECT_EQ(unread(alice_mum_).messages, 1);
  EXPECT_EQ(unread(bob_dad_).messages, 2) << "read marks are per participant";
  const auto others = conversation(first->conversation_id, cpe_).participants;
  for (const Participant& p : others) {
    if (p.user_id == alice_mum_) {
      EXPECT_EQ(p.last_read_id, again->message_id);
    }
  }
}

TEST_F(Conversations, TheListShowsNewestActivityFirstPageByPage) {
  auto older = start(cpe_, {to(alice_mum_)}, "Un");
  auto newer = start(maths_, {to(alice_mum_)}, "Deux");
  ASSERT_TRUE(older.ok() && newer.ok());
  ASSERT_TRUE(replyAs(cpe_, older->conversation_id, "Relance").ok());
  auto page = read<ConversationPage>(
      [&](storage::Connection& db) { return conversationsOf(db, alice_mum_, std::nullopt, 1); });
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].conversation.id, older->conversation_id);
  EXPECT_EQ(page.items[0].last_message->text, "Relance");
  EXPECT_EQ(page.items[0].conversation.unread, 2);
  ASSERT_TRUE(page.next);
  auto rest = read<ConversationPage>(
      [&](storage::Connection& db) { return conversationsOf(db, alice_mum_, page.next, 1); });
  ASSERT_EQ(rest.items.size(), 1u);
  EXPECT_EQ(rest.items[0].conversation.id, newer->conversation_id);
  EXPECT_FALSE(rest.next);
}

TEST_F(Conversations, AFloodOfMessagesLeavesOneUnreadNoticePerConversation) {
  auto posted = start(maths_, {to(alice_mum_)}, "Un");
  ASSERT_TRUE(posted.ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(replyAs(maths_, posted->conversation_id, "Et").ok());
  auto feed = notices(alice_mum_);
  ASSERT_EQ(feed.size(), 1u);
  EXPECT_EQ(feed[0].kind, "message.new");
  EXPECT_EQ(feed[0].link, "/conversations/" + std::to_string(posted->conversation_id));
  EXPECT_EQ(feed[0].title, "Nouveau message : Sortie au musée");
  EXPECT_TRUE(notices(maths_).empty()) << "the author is not told of their own message";

  ASSERT_TRUE(readAll(alice_mum_, posted->conversation_id).ok());
  EXPECT_TRUE(notices(alice_mum_)[0].read_at.has_value()) << "reading the conversation reads it";
  ASSERT_TRUE(replyAs(maths_, posted->conversation_id, "Encore").ok());
  EXPECT_EQ(notices(alice_mum_).size(), 2u);
}

TEST_F(Conversations, WhoLeftReceivesNothingMoreAndTheOthersSeeIt) {
  auto posted = start(cpe_, {to(alice_mum_), to(bob_dad_)}, "Avant", std::nullopt, "Cantine");
  ASSERT_TRUE(posted.ok());
  ASSERT_TRUE(leave(bob_dad_, posted->conversation_id).ok());
  ASSERT_TRUE(leave(bob_dad_, posted->conversation_id).ok()) << "leaving twice is harmless";
  auto after = replyAs(cpe_, posted->conversation_id, "Après le départ");
  ASSERT_TRUE(after.ok());

  EXPECT_EQ(messages(posted->conversation_id, bob_dad_).size(), 1u);
  EXPECT_EQ(unread(bob_dad_).messages, 1);
  EXPECT_TRUE(search(bob_dad_, "départ").empty());
  EXPECT_FALSE(read<bool>(
      [&](storage::Connection& db) { return canReadMessage(db, after->message_id, bob_dad_); }));
  EXPECT_EQ(notices(bob_dad_).size(), 1u);
  bool seen_leaving = false;
  for (const Participant& p : conversation(posted->conversation_id, alice_mum_).participants) {
    if (p.user_id == bob_dad_) seen_leaving = p.left_at.has_value();
  }
  EXPECT_TRUE(seen_leaving);
  EXPECT_TRUE(conversation(posted->conversation_id, bob_dad_).left);
  auto refused = replyAs(bob_dad_, posted->conversation_id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::conflict);
}

TEST_F(Conversations, AForwardQuotesTheMessageAndCarriesItsAttachments) {
  std::int64_t file_id = 0;
  ASSERT_TRUE(write([&](storage::Connection& db) -> Status {
                CARTABLE_RETURN_IF_ERROR(
                    db.exec("INSERT INTO files (sha256, size, content_type, name, created_at) "
                            "VALUES (printf('%064d', 1), 4, 'application/pdf', 'menu.pdf', 0)"));
                file_id = db.lastInsertId();
                return okStatus();
              }).ok());
  std::optional<Posted> original;
  ASSERT_TRUE(
      write([&](storage::Connection& db) -> Status {
        NewConversation input{"Menu", {to(alice_mum_)}, std::nullopt, {"Voici le menu", {file_id}}};
        CARTABLE_ASSIGN_OR_RETURN(original, startConversation(db, cpe_, input, 0));
        return okStatus();
      }).ok());
  std::optional<Posted> forwarded;
  Status done = write([&](storage::Connection& db) -> Status {
    Forward input{std::nullopt, {to(maths_)}, std::nullopt, "Pour info"};
    CARTABLE_ASSIGN_OR_RETURN(forwarded,
                              forwardMessage(db, original->message_id, alice_mum_, input, 0));
    return okStatus();
  });
  ASSERT_TRUE(done.ok()) << done.error().message;
  auto got = messages(forwarded->conversation_id, maths_);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].text,
            "Pour info\n\n-------- Message transféré --------\nDe : cpe Test\nObjet : Menu\n\n"
            "Voici le menu");
  EXPECT_EQ(got[0].forwarded_from, original->message_id);
  ASSERT_EQ(got[0].attachments.size(), 1u);
  EXPECT_EQ(got[0].attachments[0].id, file_id);
  EXPECT_EQ(conversation(forwarded->conversation_id, maths_).subject, "Tr : Menu");

  // Only a message one can read, and only to whom the policy allows.
  auto attempt = [&](std::int64_t who, std::int64_t recipient) -> Status {
    return write([&](storage::Connection& db) -> Status {
      Forward input{std::nullopt, {to(recipient)}, std::nullopt, ""};
      auto result = forwardMessage(db, original->message_id, who, input, 0);
      return result.ok() ? okStatus() : Status(result.error());
    });
  };
  Status unreadable = attempt(bob_dad_, cpe_);
  ASSERT_FALSE(unreadable.ok());
  EXPECT_EQ(unreadable.error().code, Errc::not_found);
  Status forbidden = attempt(alice_mum_, bob_dad_);
  ASSERT_FALSE(forbidden.ok());
  EXPECT_EQ(forbidden.error().code, Errc::permission_denied);
}

TEST_F(Conversations, SearchFindsOnlyOnesOwnMessagesAccentsAndCaseIgnored) {
  ASSERT_TRUE(
      start(maths_, {to(alice_mum_)}, "La réunion parents-professeurs", std::nullopt, "Trimestre")
          .ok());
  ASSERT_TRUE(start(cpe_, {to(bob_dad_)}, "Réunion de la cantine").ok());
  auto hits = search(alice_mum_, "REUNION");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].subject, "Trimestre");
  EXPECT_EQ(search(alice_mum_, "trim").size(), 1u) << "subjects, words as prefixes";
  EXPECT_EQ(search(cpe_, "réunion").size(), 1u);
  EXPECT_TRUE(search(teacher_b_, "réunion").empty());
  EXPECT_TRUE(search(alice_mum_, "\"réunion\" OR cantine").empty()) << "words, not syntax";
  Status empty = db_->read([&](storage::Connection& db) -> Status {
    auto result = searchMessages(db, alice_mum_, " -- ", 10);
    return result.ok() ? okStatus() : Status(result.error());
  });
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().field, "q");
}

TEST_F(Conversations, AReportTellsTheAdminsWhoMarkItHandled) {
  auto posted = start(maths_, {to(alice_mum_)}, "Un message déplacé");
  ASSERT_TRUE(posted.ok());
  auto report = [&](std::int64_t who) -> Result<std::int64_t> {
    std::optional<std::int64_t> id;
    Status status = write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(id, reportMessage(db, posted->message_id, who, "Insultant", 5));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return *id;
  };
  auto id = report(alice_mum_);
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(report(alice_mum_).error().code, Errc::conflict);
  EXPECT_EQ(report(bob_dad_).error().code, Errc::not_found) << "only a message one received";
  auto feed = notices(head_);
  ASSERT_EQ(feed.size(), 1u);
  EXPECT_EQ(feed[0].kind, "message.reported");

  auto open = read<std::vector<Report>>(
      [&](storage::Connection& db) { return listReports(db, ReportQuery{}); });
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].message.text, "Un message déplacé");
  EXPECT_EQ(open[0].conversation_subject, "Sortie au musée");
  EXPECT_EQ(open[0].reported_by, alice_mum_);
  ASSERT_TRUE(
      write([&](storage::Connection& db) { return markReportHandled(db, *id, head_, 9); }).ok());
  EXPECT_TRUE(read<std::vector<Report>>([&](storage::Connection& db) {
                return listReports(db, ReportQuery{});
              }).empty());
  auto all = read<std::vector<Report>>([&](storage::Connection& db) {
    return listReports(db, ReportQuery{false, {}, 50});
  });
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].handled_by, head_);
}

TEST_F(Conversations, BadMessagesAreRefusedNamingTheFieldAndNothingIsWritten) {
  std::string accents;
  for (std::size_t i = 0; i < kMaxTextCharacters; ++i) accents += "é";
  struct Bad {
    std::string subject, text, field, message;
  };
  const Bad cases[] = {
      {"Sujet", "", "text", "\"text\" must not be empty"},
      {"Sujet", " \n\t ", "text", "\"text\" must not be empty"},
      {"Sujet", accents + "é", "text", "\"text\" is longer than 20000 characters"},
      {"Sujet", "caf\xc3", "text", "\"text\" is not valid UTF-8"},
      {"Sujet", "bip\x07", "text",
       "\"text\" must not contain control characters other than newline and tab"},
      {"", "Bonjour", "subject", "\"subject\" must not be empty"},
      {"Deux\nlignes", "Bonjour", "subject", "\"subject\" must be one line"},
  };
  for (const Bad& bad : cases) {
    auto refused = start(cpe_, {to(alice_mum_)}, bad.text, std::nullopt, bad.subject);
    ASSERT_FALSE(refused.ok()) << bad.message;
    EXPECT_EQ(refused.error().code, Errc::invalid_argument);
    EXPECT_EQ(refused.error().field, bad.field);
    EXPECT_EQ(refused.error().message, bad.message);
  }
  auto unknown = start(cpe_, {to(alice_mum_), {RecipientKind::group_students, 999}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "recipients[1]");
  expectNothingWritten();
  EXPECT_TRUE(start(cpe_, {to(alice_mum_)}, accents).ok()) << "20,000 characters fit";
}

}  // namespace
}  // namespace cartable::messaging
