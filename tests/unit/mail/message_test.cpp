// The text of a notification email: encoded headers, quoted-printable body,
// dates, and what the body says.
#include "mail/message.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/base/utf8.h"
#include "mail_text.h"

namespace cartable::mail {
namespace {

using reading::decodeHeader;
using reading::decodeQuotedPrintable;
using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> linesOf(const std::string& text) {
  std::vector<std::string> lines;
  for (std::size_t at = 0; at <= text.size();) {
    const std::size_t eol = std::min(text.find("\r\n", at), text.size());
    lines.push_back(text.substr(at, eol - at));
    at = eol + 2;
  }
  return lines;
}

TEST(MailMessage, ShortAsciiHeaderTextIsLeftAsIs) {
  EXPECT_EQ(encodeHeaderText("New homework"), "New homework");
}

TEST(MailMessage, AccentedHeaderTextBecomesEncodedWordsOfWholeCharacters) {
  const std::string title =
      "Absence de Léa Dupré-Lenoir le lundi 7 septembre : cours de mathématiques, "
      "récréation, éducation physique et sportive — à justifier";
  const std::string encoded = encodeHeaderText(title);
  EXPECT_EQ(decodeHeader(encoded), title);
  for (const auto& line : linesOf(encoded)) {
    EXPECT_LE(line.size(), 76u) << line;
    const std::string word = line.substr(line.find("=?UTF-8?B?"));
    EXPECT_LE(word.size(), 75u) << word;
    // Every word decodes on its own to well-formed UTF-8.
    EXPECT_TRUE(utf8::isValid(decodeHeader(word))) << word;
  }
}

TEST(MailMessage, HeaderTextThatLooksEncodedIsEncoded) {
  EXPECT_EQ(decodeHeader(encodeHeaderText("=?x?=")), "=?x?=");
  EXPECT_NE(encodeHeaderText("=?x?="), "=?x?=");
}

TEST(MailMessage, QuotedPrintableKeepsLinesShortAndDecodesToTheText) {
  const std::string text =
      "Première ligne avec des accents : é à ç ù, et un signe = égal.\n"
      ".Une ligne qui commence par un point\n"
      "Espaces en fin de ligne   \n" +
      std::string(200, 'x') + "\nfin";
  const std::string encoded = quotedPrintable(text);
  for (const auto& line : linesOf(encoded)) EXPECT_LE(line.size(), 76u) << line;
  EXPECT_THAT(encoded, HasSubstr("\r\n=2EUne ligne"));
  EXPECT_THAT(encoded, HasSubstr("ligne  =20\r\n"));
  EXPECT_THAT(encoded, HasSubstr(" =3D =C3=A9gal"));
  std::string expected = text;
  std::string crlf;
  for (const char c : expected) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  EXPECT_EQ(decodeQuotedPrintable(encoded), crlf);
}

TEST(MailMessage, DatesAreRfc5322InUtc) {
  EXPECT_EQ(messageDate(0), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(messageDate(1'700'000'000), "Tue, 14 Nov 2023 22:13:20 +0000");
  EXPECT_EQ(messageDate(1'788'739'200 + 9 * 3600 + 5), "Mon, 07 Sep 2026 09:00:05 +0000");
}

TEST(MailMessage, BodyGivesTheNoticeAndTheAbsoluteLink) {
  const NoticeEmail notice{1, "attendance.absence", "Absence de Léa", "Lundi 7 septembre, 08:00.",
                           "/attendance"};
  const std::string body = noticeBody(notice, "https://ent.college.example.fr", "Collège Test");
  EXPECT_EQ(body.substr(0, body.find("\n-- \n")),
            "Absence de Léa\n\nLundi 7 septembre, 08:00.\n\n"
            "https://ent.college.example.fr/attendance\n");
  EXPECT_THAT(body, HasSubstr("Collège Test"));
}

TEST(MailMessage, BodyLeavesTheLinkOutWithoutAPublicUrl) {
  const NoticeEmail notice{1, "grades.published", "Nouvelle note", "", "/grades"};
  const std::string body = noticeBody(notice, "", "");
  EXPECT_EQ(body.substr(0, body.find("\n-- \n")), "Nouvelle note\n");
  EXPECT_THAT(body, Not(HasSubstr("/grades")));
}

TEST(MailMessage, ComposedMessageHasEveryHeaderAndEndsWithCrlf) {
  const std::string text =
      composeMessage({"Collège Test", "ent@college.example.fr", "parent@example.fr",
                      "Nouvelle note\r\nBcc: x@y", "Bonjour", "abc.1@college.example.fr", 0});
  const auto mail = reading::parseMail(text);
  EXPECT_EQ(decodeHeader(mail.headers.at("From")), "Collège Test <ent@college.example.fr>");
  EXPECT_EQ(mail.headers.at("To"), "<parent@example.fr>");
  // A line break in a title cannot add a header.
  EXPECT_EQ(mail.headers.count("Bcc"), 0u);
  EXPECT_EQ(decodeHeader(mail.headers.at("Subject")), "Nouvelle note  Bcc: x@y");
  EXPECT_EQ(mail.headers.at("Date"), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(mail.headers.at("Message-ID"), "<abc.1@college.example.fr>");
  EXPECT_EQ(mail.headers.at("MIME-Version"), "1.0");
  EXPECT_EQ(mail.headers.at("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(mail.headers.at("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(mail.headers.at("Auto-Submitted"), "auto-generated");
  EXPECT_EQ(mail.body, "Bonjour\r\n");
  EXPECT_TRUE(text.ends_with("\r\n"));
}

}  // namespace
}  // namespace cartable::mail
