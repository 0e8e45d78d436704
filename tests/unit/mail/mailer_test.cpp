// The mailer against a real SMTP server on 127.0.0.1: what the relay
// receives, retries with backoff on 4xx, giving up on 5xx or after the last
// attempt, a relay that is down, and the retention of finished rows.
#include "mail/mailer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "core/http/tls.h"
#include "core/storage/migrations.h"
#include "directory/users.h"
#include "mail/message.h"
#include "mail/outbox.h"
#include "mail_text.h"
#include "schema/schema.h"
#include "support/smtp_test_server.h"
#include "support/temp_dir.h"

namespace cartable::mail {
namespace {

using reading::decodeHeader;
using reading::parseMail;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

class MailerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(storage::Database::open(dir_.file("cartable.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
    Status built = db_->write([&](storage::Connection& db) -> Status {
      parent_ = person(db, "parent", "parent@example.fr");
      no_address_ = person(db, "sans.adresse", std::nullopt);
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
    settings_.smtp_host = "127.0.0.1";
    settings_.smtp_port = server_.port();
    settings_.from = "ent@college.example.fr";
    settings_.timeout_seconds = 5;
    settings_.public_url = "https://ent.college.example.fr";
  }
  void TearDown() override { db_.reset(); }

  std::int64_t person(storage::Connection& db, const std::string& login,
                      std::optional<std::string> email) {
    directory::NewUser user;
    user.login = login;
    user.given_name = login;
    user.family_name = "Test";
    user.email = std::move(email);
    user.roles = {directory::Role::parent};
    return directory::insertUser(db, user, clock_.now()).value();
  }

  void queue(std::int64_t user, const std::string& title, const std::string& body = "",
             const std::string& link = "/attendance") {
    Status queued = db_->write([&](storage::Connection& db) {
      return enqueue(db, {user, "attendance.absence", title, body, link}, clock_.now());
    });
    ASSERT_TRUE(queued.ok()) << queued.error().message;
  }

  DrainReport drain() {
    Mailer mailer(*db_, settings_, "Collège Jean Moulin", "", random_);
    auto report = mailer.drain(clock_.now());
    EXPECT_TRUE(report.ok()) << report.error().message;
    return report.ok() ? *report : DrainReport{};
  }

  std::vector<QueuedEmail> outbox() {
    std::vector<QueuedEmail> rows;
    EXPECT_TRUE(db_->read([&](storage::Connection& db) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(rows, listOutbox(db));
                     return okStatus();
                   })
                    .ok());
    return rows;
  }

  testing::TempDir dir_;
  ManualClock clock_{1'788'739'200 + 8 * 3600};  // Monday 7 September 2026, 08:00 UTC
  SeededRandom random_{42};
  std::unique_ptr<storage::Database> db_;
  testing::SmtpTestServer server_;
  config::MailSettings settings_;
  std::int64_t parent_ = 0, no_address_ = 0;
};

TEST_F(MailerTest, TheRelayReceivesTheNoticeWithItsHeadersAndBody) {
  queue(parent_, "Absence de Léa le lundi 7 septembre", "Absente de 08:00 à 09:00.");
  const DrainReport report = drain();
  EXPECT_EQ(report.sent, 1);
  const auto messages = server_.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].from, "ent@college.example.fr");
  EXPECT_THAT(messages[0].to, ElementsAre("parent@example.fr"));
  const auto mail = parseMail(messages[0].data);
  EXPECT_EQ(decodeHeader(mail.headers.at("From")), "Collège Jean Moulin <ent@college.example.fr>");
  EXPECT_EQ(mail.headers.at("To"), "<parent@example.fr>");
  EXPECT_THAT(mail.headers.at("Subject"), StartsWith("=?UTF-8?B?"));
  EXPECT_EQ(decodeHeader(mail.headers.at("Subject")), "Absence de Léa le lundi 7 septembre");
  EXPECT_EQ(mail.headers.at("Date"), "Mon, 07 Sep 2026 08:00:00 +0000");
  EXPECT_TRUE(std::regex_match(mail.headers.at("Message-ID"),
                               std::regex("<[0-9a-f]{24}\\.1@college\\.example\\.fr>")))
      << mail.headers.at("Message-ID");
  EXPECT_EQ(mail.headers.at("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(mail.body.substr(0, mail.body.find("\r\n-- \r\n")),
            "Absence de Léa le lundi 7 septembre\r\n\r\nAbsente de 08:00 à 09:00.\r\n\r\n"
            "https://ent.college.example.fr/attendance\r\n");
  const auto rows = outbox();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].state, OutboxState::sent);
  EXPECT_EQ(rows[0].attempts, 1);
  EXPECT_EQ("<" + rows[0].message_id.value_or("") + ">", mail.headers.at("Message-ID"));
}

TEST_F(MailerTest, SeveralEmailsGoThroughOneConnection) {
  for (int i = 1; i <= 3; ++i) queue(parent_, "Notice " + std::to_string(i));
  EXPECT_EQ(drain().sent, 3);
  ASSERT_EQ(server_.messages().size(), 3u);
  EXPECT_EQ(server_.connections(), 1);
  EXPECT_EQ(decodeHeader(parseMail(server_.messages()[2].data).headers.at("Subject")), "Notice 3");
}

TEST_F(MailerTest, ATemporaryRefusalIsRetriedAfterABackoffWithTheSameMessageId) {
  queue(parent_, "Nouvelle note");
  server_.replyToRecipients("451 4.7.1 Try again later");
  EXPECT_EQ(drain().retried, 1);
  auto rows = outbox();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].state, OutboxState::pending);
  EXPECT_EQ(rows[0].attempts, 1);
  EXPECT_EQ(rows[0].next_attempt_at, clock_.now() + kRetryDelays[0]);
  EXPECT_EQ(rows[0].last_error, "RCPT TO refused: 451 4.7.1 Try again later");
  const auto message_id = rows[0].message_id;

  server_.replyToRecipients("");
  clock_.advance(kRetryDelays[0] - 1);
  EXPECT_EQ(drain().sent, 0);  // not yet due
  EXPECT_EQ(server_.connections(), 1);
  clock_.advance(1);
  EXPECT_EQ(drain().sent, 1);
  ASSERT_EQ(server_.messages().size(), 1u);
  EXPECT_EQ(parseMail(server_.messages()[0].data).headers.at("Message-ID"),
            "<" + message_id.value_or("") + ">");
  EXPECT_EQ(outbox()[0].state, OutboxState::sent);
  EXPECT_EQ(outbox()[0].attempts, 2);
}

TEST_F(MailerTest, APermanentRefusalOfTheRecipientGivesUpAtOnce) {
  queue(parent_, "Nouvelle note");
  server_.replyToRecipients("550 5.1.1 No such user");
  EXPECT_EQ(drain().given_up, 1);
  const auto rows = outbox();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].state, OutboxState::failed);
  EXPECT_EQ(rows[0].last_error, "RCPT TO refused: 550 5.1.1 No such user");
  EXPECT_EQ(rows[0].finished_at, clock_.now());
}

TEST_F(MailerTest, APermanentRefusalOfTheMessageGivesUpAndTheNextOneStillGoes) {
  queue(parent_, "Premier");
  server_.replyToData("554 5.7.1 Rejected");
  EXPECT_EQ(drain().given_up, 1);
  EXPECT_EQ(outbox()[0].state, OutboxState::failed);
  EXPECT_THAT(outbox()[0].last_error.value_or(""), HasSubstr("554 5.7.1 Rejected"));
  server_.replyToData("");
  queue(parent_, "Second");
  EXPECT_EQ(drain().sent, 1);
  EXPECT_EQ(server_.messages().size(), 1u);
}

TEST_F(MailerTest, AfterTheLastAttemptTheEmailIsGivenUpWithTheReason) {
  queue(parent_, "Nouvelle note");
  server_.replyToData("451 4.3.0 Queue full");
  for (int attempt = 1; attempt < kMaxAttempts; ++attempt) {
    EXPECT_EQ(drain().retried, 1) << attempt;
    EXPECT_EQ(outbox()[0].next_attempt_at, clock_.now() + kRetryDelays[attempt - 1]);
    clock_.advance(kRetryDelays[attempt - 1]);
  }
  EXPECT_EQ(drain().given_up, 1);
  const auto rows = outbox();
  EXPECT_EQ(rows[0].state, OutboxState::failed);
  EXPECT_EQ(rows[0].attempts, kMaxAttempts);
  EXPECT_THAT(rows[0].last_error.value_or(""),
              StartsWith("gave up after 6 attempts; the last: message refused: "));
  EXPECT_THAT(rows[0].last_error.value_or(""), HasSubstr("451 4.3.0 Queue full"));
  EXPECT_EQ(server_.connections(), kMaxAttempts);
}

TEST_F(MailerTest, ARelayThatIsDownOnlyDelaysTheEmail) {
  queue(parent_, "Nouvelle note");
  server_.stop();
  const DrainReport report = drain();
  EXPECT_EQ(report.retried, 1);
  const auto rows = outbox();
  EXPECT_EQ(rows[0].state, OutboxState::pending);
  EXPECT_THAT(
      rows[0].last_error.value_or(""),
      StartsWith("cannot use the relay 127.0.0.1:" + std::to_string(server_.port()) + ": "));
}

TEST_F(MailerTest, ARelayWithoutStartTlsIsRefusedWhenStartTlsIsRequired) {
  settings_.starttls = true;
  queue(parent_, "Nouvelle note");
  EXPECT_EQ(drain().retried, 1);
  EXPECT_EQ(outbox()[0].last_error, "the relay 127.0.0.1:" + std::to_string(server_.port()) +
                                        " refused STARTTLS: 502 5.5.1 Command not recognised");
  EXPECT_THAT(server_.messages(), IsEmpty());
}

TEST_F(MailerTest, ARelayWhoseCertificateIsNotTrustedIsRefused) {
  const std::string certificate = dir_.file("relay.pem"), key = dir_.file("relay.key");
  ASSERT_TRUE(
      http::writeSelfSignedCertificate(certificate, key, "127.0.0.1", {"localhost"}, 30).ok());
  server_.offerStartTls(certificate, key);
  settings_.starttls = true;
  queue(parent_, "Nouvelle note");
  EXPECT_EQ(drain().retried, 1);
  EXPECT_THAT(
      outbox()[0].last_error.value_or(""),
      StartsWith("cannot use the relay 127.0.0.1:" + std::to_string(server_.port()) + ": "));
  EXPECT_THAT(outbox()[0].last_error.value_or(""), HasSubstr("certificate verify failed"));
  EXPECT_EQ(server_.tlsHandshakes(), 0);
  EXPECT_THAT(server_.messages(), IsEmpty());
}

TEST_F(MailerTest, AnAccountWithoutAddressIsGivenUpWithoutCallingTheRelay) {
  queue(no_address_, "Nouvelle note");
  EXPECT_EQ(drain().given_up, 1);
  EXPECT_EQ(outbox()[0].state, OutboxState::failed);
  EXPECT_EQ(outbox()[0].last_error, "the account has no email address any more, or is disabled");
  EXPECT_EQ(server_.connections(), 0);
}

TEST_F(MailerTest, WithoutARelayQueuedEmailsAreGivenUp) {
  settings_.smtp_host.clear();
  queue(parent_, "Nouvelle note");
  EXPECT_EQ(drain().given_up, 1);
  EXPECT_EQ(outbox()[0].last_error, "no mail relay is configured (mail.smtp_host is empty)");
  EXPECT_EQ(server_.connections(), 0);
}

TEST_F(MailerTest, FinishedEmailsArePurgedAfterTheirRetention) {
  queue(parent_, "Envoyé");
  queue(no_address_, "Abandonné");
  drain();
  ASSERT_EQ(outbox().size(), 2u);
  clock_.advance(kSentRetention + 1);
  EXPECT_EQ(drain().purged, 1);
  ASSERT_EQ(outbox().size(), 1u);
  EXPECT_EQ(outbox()[0].notice.title, "Abandonné");
  clock_.advance(kFailedRetention - kSentRetention);
  EXPECT_EQ(drain().purged, 1);
  EXPECT_THAT(outbox(), IsEmpty());
}

TEST_F(MailerTest, TheCourierSendsOnItsOwnThreadWhenWoken) {
  Courier courier(std::make_unique<Mailer>(*db_, settings_, "Collège", "", random_), clock_,
                  std::chrono::minutes(10));
  courier.start();
  queue(parent_, "Nouvelle note");
  courier.wake();
  for (int i = 0; i < 500 && server_.messages().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  courier.stop();
  EXPECT_EQ(server_.messages().size(), 1u);
}

TEST(MailPassword, IsReadFromItsFileWithoutTheLineBreak) {
  testing::TempDir dir;
  const auto path = dir.write("smtp-password", "s3cret\n");
  EXPECT_EQ(readPasswordFile(path.string()).value(), "s3cret");
  const auto missing = readPasswordFile(dir.file("absent"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "mail.password_file");
  EXPECT_EQ(missing.error().message,
            "cannot read mail.password_file " + dir.file("absent") + ": No such file or directory");
  const auto empty = readPasswordFile(dir.write("empty", "\n").string());
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.error().message, HasSubstr("should hold the password on one line"));
}

}  // namespace
}  // namespace cartable::mail
