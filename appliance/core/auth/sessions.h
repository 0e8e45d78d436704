// Sign-in sessions: random tokens of 256 bits, stored only as hashes, with
// idle and absolute lifetimes, CSRF tokens for browsers, and revocation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::auth {

enum class SessionKind { browser, bearer };

struct SessionLimits {
  Seconds browser_idle = 30 * 60;
  Seconds browser_absolute = 12 * 3600;
  Seconds bearer_lifetime = 30 * 86400;
};

// What the client receives once; only hashes are stored.
struct IssuedSession {
  std::int64_t id = 0;
  std::string token;       // cookie value or bearer token
  std::string csrf_token;  // browser sessions: echoed in X-CSRF-Token; empty for bearer
  Seconds expires_at = 0;
};

struct SessionInfo {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  SessionKind kind = SessionKind::browser;
  bool second_factor = false;  // signed in with TOTP
  Seconds created_at = 0;
  Seconds last_seen_at = 0;
  Seconds expires_at = 0;
  std::string remote_address;
  std::string user_agent;
};

class SessionStore {
 public:
  SessionStore(storage::Database& db, const Clock& clock, Random& random, SessionLimits limits);

  // Issues a session inside the caller's write transaction.
  Result<IssuedSession> create(storage::Connection& db, std::int64_t user_id, SessionKind kind,
                               bool second_factor, std::string_view remote_address,
                               std::string_view user_agent);

  // The live session for `token`, or unauthenticated when the token is
  // unknown, revoked, past its absolute end, idle too long (browser), or its
  // account is disabled. Records activity at most once a minute.
  Result<SessionInfo> authenticate(std::string_view token);

  // Whether session `session_id` would still authenticate, without recording
  // activity (a long-lived stream checks its session this way).
  Result<bool> isLive(std::int64_t session_id);

  // True when `csrf_token` is the one issued with browser session `session_id`.
  Result<bool> csrfMatches(std::int64_t session_id, std::string_view csrf_token);

  // Active sessions of a user, newest first.
  Result<std::vector<SessionInfo>> listActive(storage::Connection& db, std::int64_t user_id);

  // Revokes one session of `user_id` (not_found when it is not theirs).
  Status revoke(storage::Connection& db, std::int64_t user_id, std::int64_t session_id);
  // Revokes every session of `user_id` except `keep` (0: none kept); returns how many.
  Result<int> revokeAll(storage::Connection& db, std::int64_t user_id, std::int64_t keep = 0);

  // Deletes sessions ended more than `age` ago; returns how many.
  Result<int> purgeEnded(Seconds age);

  const SessionLimits& limits() const { return limits_; }

 private:
  bool withinLifetime(const SessionInfo& session, Seconds now) const;

  storage::Database& db_;
  const Clock& clock_;
  Random& random_;
  SessionLimits limits_;
};

// BLAKE2b-256 of a token, as stored.
std::vector<std::uint8_t> hashToken(std::string_view token);

}  // namespace cartable::auth
