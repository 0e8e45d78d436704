// The mail: section: the relay, the sender, credentials from a file, and the
// problems a user sees for each mistake.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "config/loader.h"
#include "config_test_support.h"

namespace cartable::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::loadSchool;
using testing::schoolProblems;

TEST(MailSettings, FullSectionGivesEveryTypedValue) {
  const LoadResult result = loadSchool(
      "mail:\n"
      "  smtp_host: smtp.academie.example.fr\n"
      "  smtp_port: 587\n"
      "  from: ent@college.example.fr\n"
      "  starttls: true\n"
      "  username: college-ent\n"
      "  password_file: /etc/cartable/smtp-password\n"
      "  timeout_seconds: 10\n"
      "  public_url: https://ent.college.example.fr/\n");
  ASSERT_THAT(result.problems, IsEmpty());
  const MailSettings& mail = result.settings.mail;
  EXPECT_TRUE(mail.enabled());
  EXPECT_EQ(mail.smtp_host, "smtp.academie.example.fr");
  EXPECT_EQ(mail.smtp_port, 587);
  EXPECT_EQ(mail.from, "ent@college.example.fr");
  EXPECT_TRUE(mail.starttls);
  EXPECT_EQ(mail.username, "college-ent");
  EXPECT_EQ(mail.password_file, "/etc/cartable/smtp-password");
  EXPECT_EQ(mail.timeout_seconds, 10);
  EXPECT_EQ(mail.public_url, "https://ent.college.example.fr");  // trailing slash dropped
}

TEST(MailSettings, AbsentSectionMeansNoEmail) {
  const LoadResult result = loadSchool("");
  ASSERT_THAT(result.problems, IsEmpty());
  const MailSettings& mail = result.settings.mail;
  EXPECT_FALSE(mail.enabled());
  EXPECT_EQ(mail.smtp_port, 25);
  EXPECT_FALSE(mail.starttls);
  EXPECT_EQ(mail.timeout_seconds, 30);
  EXPECT_EQ(mail.public_url, "");
}

TEST(MailSettings, AnIpAddressIsAcceptedAsTheRelay) {
  const LoadResult result = loadSchool("mail: {smtp_host: 192.0.2.25, from: a@b.fr}\n");
  ASSERT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.settings.mail.smtp_host, "192.0.2.25");
}

TEST(MailSettings, AHostNeedsASender) {
  EXPECT_THAT(schoolProblems("mail: {smtp_host: smtp.example.org}\n"),
              ElementsAre("cartable.yaml:1:19: mail.from: missing; mail.smtp_host is set, so "
                          "mail.from must give the sender address of the emails"));
  EXPECT_THAT(schoolProblems("mail: {smtp_host: smtp.example.org, from: \"\"}\n"),
              ElementsAre("cartable.yaml:1:19: mail.from: missing; mail.smtp_host is set, so "
                          "mail.from must give the sender address of the emails"));
}

TEST(MailSettings, BadHostSenderPortAndTimeoutAreRefused) {
  EXPECT_THAT(
      schoolProblems("mail:\n"
                     "  smtp_host: smtp host\n"
                     "  smtp_port: 0\n"
                     "  from: not-an-address\n"
                     "  timeout_seconds: 301\n"),
      ElementsAre("cartable.yaml:2:14: mail.smtp_host: expected a host name or an IP address "
                  "such as smtp.example.org or 192.0.2.25, got \"smtp host\"",
                  "cartable.yaml:3:14: mail.smtp_port: expected an integer from 1 to 65535, got 0",
                  "cartable.yaml:4:9: mail.from: expected an email address such as "
                  "ent@college.example.fr, got \"not-an-address\"",
                  "cartable.yaml:5:20: mail.timeout_seconds: expected an integer from 1 to 300, "
                  "got 301"));
}

TEST(MailSettings, AUsernameNeedsAPasswordFileAndStartTls) {
  EXPECT_THAT(schoolProblems("mail: {smtp_host: smtp.example.org, from: a@b.fr, username: ent}\n"),
              ElementsAre("cartable.yaml:1:61: mail.username: requires mail.password_file: the "
                          "password is read from that file",
                          "cartable.yaml:1:61: mail.username: requires mail.starttls: true; the "
                          "password is never sent in clear"));
  EXPECT_THAT(schoolProblems("mail: {password_file: /etc/pw}\n"),
              ElementsAre("cartable.yaml:1:23: mail.password_file: has no use without "
                          "mail.username"));
}

TEST(MailSettings, APasswordInTheFileItselfIsNotAKey) {
  EXPECT_THAT(schoolProblems("mail: {password: hunter2}\n"),
              ElementsAre("cartable.yaml:1:8: mail.password: unknown key; allowed keys: "
                          "smtp_host, smtp_port, from, starttls, username, password_file, "
                          "timeout_seconds, public_url"));
}

TEST(MailSettings, ThePublicUrlMustBeAnAbsoluteWebAddress) {
  for (const char* url : {"ftp://ent.example.fr", "ent.example.fr", "https://", "https:///x",
                          "https://ent.example.fr/?a=1", "https://ent example.fr"}) {
    const auto problems = schoolProblems(std::string("mail: {public_url: \"") + url + "\"}\n");
    ASSERT_EQ(problems.size(), 1u) << url;
    EXPECT_THAT(problems[0], HasSubstr("mail.public_url: expected an absolute http:// or "
                                       "https:// URL without query or fragment"))
        << url;
  }
}

TEST(MailSettings, TheExampleAndTheReferenceDescribeEveryKey) {
  const auto read = [](const std::string& name) {
    std::ifstream in(testing::sourceDir() / name);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  const std::string reference = read("config/REFERENCE.md");
  const std::string school = read("config/examples/school.yaml");
  EXPECT_THAT(reference, HasSubstr("## `mail`"));
  EXPECT_THAT(school, HasSubstr("\nmail:\n"));
  for (const char* key : {"smtp_host", "smtp_port", "from", "starttls", "username", "password_file",
                          "timeout_seconds", "public_url"}) {
    EXPECT_THAT(reference, HasSubstr(std::string("| `") + key + "` |")) << key;
    EXPECT_THAT(school, HasSubstr(std::string("\n  ") + key + ":")) << key;
  }
  const LoadResult example =
      loadSettingsFile((testing::sourceDir() / "config/examples/school.yaml").string());
  ASSERT_THAT(example.problems, IsEmpty());
  const MailSettings defaults;
  EXPECT_EQ(example.settings.mail.smtp_host, defaults.smtp_host);
  EXPECT_EQ(example.settings.mail.smtp_port, defaults.smtp_port);
  EXPECT_EQ(example.settings.mail.starttls, defaults.starttls);
  EXPECT_EQ(example.settings.mail.timeout_seconds, defaults.timeout_seconds);
}

}  // namespace
}  // namespace cartable::config
