#include "admin_account.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "api_connection.h"
#include "core/auth/totp.h"
#include "core/base/clock.h"

namespace cartable::crash {
namespace {

constexpr int kTotpStepSeconds = 30;
constexpr const char* kNewPassword = "kill -9 keeps every commit";

Result<std::string> requireToken(const Result<Reply>& reply) {
  if (!reply.ok()) return reply.error();
  if (reply->status != 201) {
    return makeError(Errc::unauthenticated, describe("POST /api/v1/session", *reply));
  }
  CARTABLE_ASSIGN_OR_RETURN(auto body, parseObject(reply->body));
  const std::string token = body->optValue<std::string>("token", "");
  if (token.empty()) return makeError(Errc::internal, "sign-in gave no token: " + reply->body);
  return token;
}

// The reply when it has `expected` status, else an error naming the call.
Result<Reply> expect(const Result<Reply>& reply, int expected, const std::string& what) {
  if (!reply.ok()) return reply.error();
  if (reply->status != expected) return makeError(Errc::internal, describe(what, *reply));
  return *reply;
}

}  // namespace

AdminAccount::AdminAccount(std::string login, std::string one_time_password)
    : login_(std::move(login)), password_(std::move(one_time_password)) {}

Status AdminAccount::setUp(std::uint16_t port) {
  ApiConnection api(port);
  const std::string sign_in =
      jsonObject({{"login", login_}, {"password", password_}, {"client", "mobile"}});
  CARTABLE_ASSIGN_OR_RETURN(token_, requireToken(api.send("POST", "/api/v1/session", sign_in)));
  const std::string change =
      jsonObject({{"current_password", password_}, {"new_password", kNewPassword}});
  CARTABLE_RETURN_IF_ERROR(expect(api.send("PUT", "/api/v1/me/password", change, token_), 204,
                                  "PUT /api/v1/me/password"));
  password_ = kNewPassword;
  CARTABLE_ASSIGN_OR_RETURN(Reply begun, expect(api.send("POST", "/api/v1/me/totp", "{}", token_),
                                                201, "POST /api/v1/me/totp"));
  CARTABLE_ASSIGN_OR_RETURN(auto enrollment, parseObject(begun.body));
  auto key = auth::base32Decode(enrollment->optValue<std::string>("secret", ""));
  if (!key || key->empty()) return makeError(Errc::internal, "bad TOTP secret: " + begun.body);
  totp_key_ = *key;
  const std::string confirm = jsonObject({{"code", nextTotpCode()}});
  CARTABLE_RETURN_IF_ERROR(expect(api.send("POST", "/api/v1/me/totp/confirm", confirm, token_), 204,
                                  "POST /api/v1/me/totp/confirm"));
  return okStatus();
}

Status AdminAccount::signIn(std::uint16_t port) {
  ApiConnection api(port);
  const std::string sign_in = jsonObject({{"login", login_},
                                          {"password", password_},
                                          {"totp_code", nextTotpCode()},
                                          {"client", "mobile"}});
  CARTABLE_ASSIGN_OR_RETURN(token_, requireToken(api.send("POST", "/api/v1/session", sign_in)));
  return okStatus();
}

std::string AdminAccount::nextTotpCode() {
  // The server accepts the steps now-1 to now+1 but never one at or before
  // the last it accepted.
  const Seconds now = SystemClock::instance().now();
  const std::int64_t step = std::max(now / kTotpStepSeconds, last_totp_step_ + 1);
  const Seconds wait = step * kTotpStepSeconds - kTotpStepSeconds - now;
  if (wait > 0) std::this_thread::sleep_for(std::chrono::seconds(wait + 1));
  last_totp_step_ = step;
  char code[8];
  std::snprintf(code, sizeof code, "%06u",
                static_cast<unsigned>(auth::totp(totp_key_, step * kTotpStepSeconds)));
  return code;
}

}  // namespace cartable::crash
