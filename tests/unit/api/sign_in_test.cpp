// Signing in and staying signed in: passwords, throttling, second factor,
// cookies with CSRF, bearer tokens, lifetimes and revocation.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/auth/totp.h"
#include "support/test_node.h"

namespace cartable {
namespace {

using directory::Role;
using testing::Credentials;
using testing::TestNode;

std::string code(const std::vector<std::uint8_t>& secret, Seconds now) {
  return std::to_string(1000000 + auth::totp(secret, now)).substr(1);
}

Credentials bearerFrom(const testing::HttpResult& signed_in) {
  const auto start = signed_in.body.find("\"token\":\"") + 9;
  return Credentials{signed_in.body.substr(start, signed_in.body.find('"', start) - start), "",
                     false};
}

TEST(ApiSignIn, RightPasswordGivesABearerTokenThatOpensTheApi) {
  TestNode node;
  node.addPerson("eleve.un", {Role::student});
  const auto signed_in = node.signIn("eleve.un", TestNode::kPassword);
  ASSERT_EQ(signed_in.status, 201) << signed_in.body;
  const Credentials bearer = bearerFrom(signed_in);
  const auto me = node.request("GET", "/api/v1/me", "", &bearer);
  EXPECT_EQ(me.status, 200);
  EXPECT_NE(me.body.find("\"login\":\"eleve.un\""), std::string::npos) << me.body;
}

TEST(ApiSignIn, WrongPasswordAndUnknownLoginGetTheSameAnswer) {
  TestNode node;
  node.addPerson("eleve.un", {Role::student});
  const auto wrong = node.signIn("eleve.un", "not the password");
  const auto unknown = node.signIn("personne", "not the password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
}

TEST(ApiSignIn, DisabledAccountCannotSignInAndLosesItsSessions) {
  TestNode node;
  const auto id = node.addPerson("eleve.un", {Role::student});
  const Credentials before = node.sessionFor(id);
  ASSERT_TRUE(node.node().accounts().setDisabled(id, true, std::nullopt, {}).ok());
  EXPECT_EQ(node.signIn("eleve.un", TestNode::kPassword).status, 401);
  EXPECT_EQ(node.request("GET", "/api/v1/me", "", &before).status, 401);
}

TEST(ApiSignIn, RepeatedFailuresAreThrottledWithRetryAfter) {
  TestNode node([](config::Settings& s) { s.passwords.max_failures_per_account = 3; });
  node.addPerson("eleve.un", {Role::student});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(node.signIn("eleve.un", "wrong").status, 401);
  // Even the right password is refused until the window ends.
  const auto throttled = node.signIn("eleve.un", TestNode::kPassword);
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(throttled.header("Retry-After"), "900");
  node.clock().advance(901);
  EXPECT_EQ(node.signIn("eleve.un", TestNode::kPassword).status, 201);
}

TEST(ApiSignIn, GeneratedPasswordMustBeChangedBeforeAnythingElse) {
  TestNode node;
  const auto admin = node.addPerson("direction", {Role::admin});
  node.enrollTotp(admin);
  const Credentials admin_session = node.sessionFor(admin);
  const auto created = node.request(
      "POST", "/api/v1/users",
      R"({"given_name":"Élodie","family_name":"Dupré","roles":["teacher"]})", &admin_session);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_NE(created.body.find("\"login\":\"elodie.dupre\""), std::string::npos) << created.body;
  const auto start = created.body.find("\"initial_password\":\"") + 20;
  const std::string initial = created.body.substr(start, created.body.find('"', start) - start);

  const Credentials bearer = bearerFrom(node.signIn("elodie.dupre", initial));
  const auto blocked = node.request("GET", "/api/v1/subjects", "", &bearer);
  EXPECT_EQ(blocked.status, 409);
  EXPECT_NE(blocked.body.find("\"field\":\"password\""), std::string::npos) << blocked.body;
  const auto changed = node.request(
      "PUT", "/api/v1/me/password",
      "{\"current_password\":\"" + initial + "\",\"new_password\":\"une phrase assez longue\"}",
      &bearer);
  EXPECT_EQ(changed.status, 204) << changed.body;
  EXPECT_EQ(node.request("GET", "/api/v1/subjects", "", &bearer).status, 200);
}

TEST(ApiSignIn, AdminWithoutSecondFactorCanOnlyEnrollIt) {
  TestNode node;
  const auto admin = node.addPerson("direction", {Role::admin});
  const Credentials other = node.sessionFor(admin, false, false);
  const Credentials bearer = bearerFrom(node.signIn("direction", TestNode::kPassword));
  EXPECT_EQ(node.request("GET", "/api/v1/users", "", &bearer).status, 409);
  const auto begun = node.request("POST", "/api/v1/me/totp", "", &bearer);
  ASSERT_EQ(begun.status, 201) << begun.body;
  const auto start = begun.body.find("\"secret\":\"") + 10;
  const auto secret =
      auth::base32Decode(begun.body.substr(start, begun.body.find('"', start) - start)).value();
  const auto wrong =
      node.request("POST", "/api/v1/me/totp/confirm", R"({"code":"000000"})", &bearer);
  EXPECT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find("\"field\":\"code\""), std::string::npos) << wrong.body;
  const auto confirmed =
      node.request("POST", "/api/v1/me/totp/confirm",
                   "{\"code\":\"" + code(secret, node.clock().now()) + "\"}", &bearer);
  EXPECT_EQ(confirmed.status, 204) << confirmed.body;
  EXPECT_EQ(node.request("GET", "/api/v1/users", "", &bearer).status, 200);
  // Only the session that proved the code is upgraded.
  EXPECT_EQ(node.request("GET", "/api/v1/users", "", &other).status, 409);
}

TEST(ApiSignIn, EnrolledSecondFactorIsRequiredAndNotReplayable) {
  TestNode node;
  const auto id = node.addPerson("cpe.un", {Role::staff});
  const auto secret = node.enrollTotp(id);
  const auto without = node.signIn("cpe.un", TestNode::kPassword);
  EXPECT_EQ(without.status, 401);
  EXPECT_NE(without.body.find("\"field\":\"totp_code\""), std::string::npos);
  const std::string now_code = code(secret, node.clock().now());
  EXPECT_EQ(node.signIn("cpe.un", TestNode::kPassword, now_code).status, 201);
  EXPECT_EQ(node.signIn("cpe.un", TestNode::kPassword, now_code).status, 401) << "replayed code";
  EXPECT_EQ(node.signIn("cpe.un", TestNode::kPassword, "000000").status, 401);
}

TEST(ApiSignIn, BrowserSessionSetsHardenedCookiesAndNeedsCsrfOnWrites) {
  TestNode node;
  node.addPerson("eleve.un", {Role::student});
  const auto signed_in = node.signIn("eleve.un", TestNode::kPassword, "", true);
  ASSERT_EQ(signed_in.status, 201);
  std::string session_cookie;
  for (auto [it, end] = signed_in.headers.equal_range("set-cookie"); it != end; ++it) {
    if (it->second.starts_with("cartable_session=")) session_cookie = it->second;
  }
  EXPECT_NE(session_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(session_cookie.find("SameSite=Strict"), std::string::npos);
  Credentials browser;
  browser.browser = true;
  browser.token = session_cookie.substr(17, session_cookie.find(';') - 17);
  const auto start = signed_in.body.find("\"csrf_token\":\"") + 14;
  const std::string csrf = signed_in.body.substr(start, signed_in.body.find('"', start) - start);

  EXPECT_EQ(node.request("GET", "/api/v1/me", "", &browser).status, 200);
  const auto forged = node.request("DELETE", "/api/v1/session", "", &browser);
  EXPECT_EQ(forged.status, 403);
  EXPECT_NE(forged.body.find("CSRF"), std::string::npos);
  browser.csrf = csrf;
  EXPECT_EQ(node.request("DELETE", "/api/v1/session", "", &browser).status, 204);
  EXPECT_EQ(node.request("GET", "/api/v1/me", "", &browser).status, 401) << "signed out";
}

TEST(ApiSignIn, CookieTokenIsNotAcceptedAsBearer) {
  TestNode node;
  const auto id = node.addPerson("eleve.un", {Role::student});
  Credentials cookie = node.sessionFor(id, true);
  cookie.browser = false;
  EXPECT_EQ(node.request("GET", "/api/v1/me", "", &cookie).status, 401);
}

TEST(ApiSignIn, BrowserSessionEndsAfterIdleTimeAndAtItsAbsoluteEnd) {
  TestNode node([](config::Settings& s) {
    s.sessions.idle_minutes = 30;
    s.sessions.absolute_hours = 2;
  });
  const auto id = node.addPerson("eleve.un", {Role::student});
  const Credentials idle = node.sessionFor(id, true);
  node.clock().advance(29 * 60);
  EXPECT_EQ(node.request("GET", "/api/v1/me", "", &idle).status, 200);
  node.clock().advance(31 * 60);
  EXPECT_EQ(node.request("GET", "/api/v1/me", "", &idle).status, 401);

  const Credentials busy = node.sessionFor(id, true);
  for (int i = 0; i < 5; ++i) {
    node.clock().advance(25 * 60);
    EXPECT_EQ(node.request("GET", "/api/v1/me", "", &busy).status, i < 4 ? 200 : 401) << i;
  }
}

TEST(ApiSignIn, PeopleListAndRevokeTheirOwnSessions) {
  TestNode node;
  const auto id = node.addPerson("eleve.un", {Role::student});
  const Credentials phone = node.sessionFor(id);
  const Credentials laptop = node.sessionFor(id);
  const auto listed = node.request("GET", "/api/v1/me/sessions", "", &phone);
  ASSERT_EQ(listed.status, 200);
  // Newest first: the laptop session comes first.
  const auto at = listed.body.find("\"id\":");
  const std::string laptop_id = listed.body.substr(at + 5, listed.body.find(',', at) - at - 5);
  EXPECT_EQ(node.request("DELETE", "/api/v1/me/sessions/" + laptop_id, "", &phone).status, 204);
  EXPECT_EQ(node.request("GET", "/api/v1/me", "", &laptop).status, 401);
  EXPECT_EQ(node.request("GET", "/api/v1/me", "", &phone).status, 200);
}

TEST(ApiSignIn, AdminEndsEverySessionOfAUserAndItIsAudited) {
  TestNode node;
  const auto admin = node.addPerson("direction", {Role::admin});
  node.enrollTotp(admin);
  const auto student = node.addPerson("eleve.un", {Role::student});
  const Credentials student_session = node.sessionFor(student);
  const Credentials admin_session = node.sessionFor(admin);
  const auto revoked = node.request(
      "DELETE", "/api/v1/users/" + std::to_string(student) + "/sessions", "", &admin_session);
  EXPECT_EQ(revoked.status, 200);
  EXPECT_EQ(revoked.body, R"({"revoked":1})");
  EXPECT_EQ(node.request("GET", "/api/v1/me", "", &student_session).status, 401);
  const auto audit = node.request("GET", "/api/v1/audit?event=session", "", &admin_session);
  EXPECT_NE(audit.body.find("\"event\":\"session.revoke_all\""), std::string::npos) << audit.body;
}

TEST(ApiSignIn, WrongCurrentPasswordsAreThrottledAndAuditedLikeSignIns) {
  TestNode node([](config::Settings& s) { s.passwords.max_failures_per_account = 3; });
  const auto student = node.addPerson("eleve.un", {Role::student});
  const Credentials session = node.sessionFor(student);
  const auto change = [&](const std::string& current) {
    return node.request(
        "PUT", "/api/v1/me/password",
        "{\"current_password\":\"" + current + "\",\"new_password\":\"une phrase assez longue\"}",
        &session);
  };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(change("devinette").status, 422);
  // The right password no longer helps, through this form or the sign-in.
  EXPECT_EQ(change(TestNode::kPassword).status, 429);
  EXPECT_EQ(node.signIn("eleve.un", TestNode::kPassword).status, 429);

  const auto admin = node.addPerson("direction", {Role::admin});
  node.enrollTotp(admin);
  const Credentials admin_session = node.sessionFor(admin);
  const auto audit = node.request("GET", "/api/v1/audit?event=password", "", &admin_session);
  EXPECT_NE(audit.body.find("\"event\":\"password.change_failure\""), std::string::npos)
      << audit.body;
}

TEST(ApiSignIn, TheFailureAuditKeepsTheAccountNotTheLoginAsTyped) {
  TestNode node;
  node.addPerson("eleve.un", {Role::student});
  // A password typed into the login field must not stay in the audit log.
  EXPECT_EQ(node.signIn("MotDePasseSecret!", "x").status, 401);
  EXPECT_EQ(node.signIn("eleve.un", "wrong").status, 401);
  const auto admin = node.addPerson("direction", {Role::admin});
  node.enrollTotp(admin);
  const Credentials admin_session = node.sessionFor(admin);
  const auto audit = node.request("GET", "/api/v1/audit?event=sign_in", "", &admin_session);
  EXPECT_EQ(audit.body.find("MotDePasseSecret"), std::string::npos) << audit.body;
  EXPECT_NE(audit.body.find("account"), std::string::npos) << audit.body;
  EXPECT_NE(audit.body.find("password"), std::string::npos) << audit.body;
}

TEST(ApiSignIn, BehindATrustedProxyTheRealClientIsThrottledAndCookiesStaySecure) {
  TestNode node([](config::Settings& s) {
    s.http.trusted_proxies = {"127.0.0.1"};
    s.passwords.max_failures_per_address = 2;
  });
  node.addPerson("eleve.un", {Role::student});
  node.addPerson("eleve.deux", {Role::student});
  const auto attempt = [&](const std::string& login, const std::string& client) {
    return node.request("POST", "/api/v1/session",
                        "{\"login\":\"" + login + "\",\"password\":\"wrong\"}", nullptr,
                        {{"X-Forwarded-For", client}, {"X-Forwarded-Proto", "https"}});
  };
  EXPECT_EQ(attempt("eleve.un", "203.0.113.7").status, 401);
  EXPECT_EQ(attempt("eleve.deux", "203.0.113.7").status, 401);
  // That address is now refused; the rest of the school, behind the same proxy, is not.
  EXPECT_EQ(attempt("eleve.un", "203.0.113.7").status, 429);
  EXPECT_EQ(attempt("eleve.un", "203.0.113.8").status, 401);

  const auto browser =
      node.request("POST", "/api/v1/session",
                   "{\"login\":\"eleve.deux\",\"password\":\"" + std::string(TestNode::kPassword) +
                       "\",\"client\":\"browser\"}",
                   nullptr, {{"X-Forwarded-For", "203.0.113.9"}, {"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(browser.status, 201) << browser.body;
  EXPECT_NE(browser.header("set-cookie").find("Secure"), std::string::npos)
      << browser.header("set-cookie");
}

TEST(ApiSignIn, ParallelGuessesCannotPassTheLimitTogether) {
  TestNode node([](config::Settings& s) { s.passwords.max_failures_per_account = 3; });
  node.addPerson("eleve.un", {Role::student});
  std::vector<std::thread> guessers;
  std::atomic<int> checked{0}, refused{0};
  for (int i = 0; i < 12; ++i) {
    guessers.emplace_back([&] {
      const int status = node.signIn("eleve.un", "devinette").status;
      if (status == 401) ++checked;
      if (status == 429) ++refused;
    });
  }
  for (auto& guesser : guessers) guesser.join();
  EXPECT_LE(checked.load(), 3);
  EXPECT_EQ(checked.load() + refused.load(), 12);
}

}  // namespace
}  // namespace cartable
