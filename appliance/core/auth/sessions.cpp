#include "core/auth/sessions.h"

#include <sodium.h>

#include "core/base/utf8.h"

namespace cartable::auth {
namespace {

using storage::Blob;
using storage::Connection;
using storage::Statement;

constexpr std::size_t kTokenBytes = 32;
// Activity is recorded at most this often, so reads do not each cost a write.
constexpr Seconds kTouchInterval = 60;

constexpr const char* kSessionColumns =
    "SELECT s.id, s.user_id, s.kind, s.second_factor, s.created_at, s.last_seen_at, "
    "s.expires_at, s.remote_address, s.user_agent FROM sessions s ";

SessionInfo readSession(const Statement& row) {
  SessionInfo info;
  info.id = row.int64(0);
  info.user_id = row.int64(1);
  info.kind = row.text(2) == "bearer" ? SessionKind::bearer : SessionKind::browser;
  info.second_factor = row.int64(3) != 0;
  info.created_at = row.int64(4);
  info.last_seen_at = row.int64(5);
  info.expires_at = row.int64(6);
  info.remote_address = row.text(7);
  info.user_agent = row.text(8);
  return info;
}

// The session matching `where` (on `key`) if it is not revoked and its
// account is enabled; its lifetime is for the caller to judge.
template <typename Key>
Result<std::optional<SessionInfo>> findUnrevoked(storage::Database& database,
                                                 std::string_view where, const Key& key) {
  std::optional<SessionInfo> found;
  CARTABLE_RETURN_IF_ERROR(database.read([&](Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(
        Statement row,
        db.query(std::string(kSessionColumns) + "JOIN users u ON u.id = s.user_id WHERE " +
                     std::string(where) + " AND s.revoked_at IS NULL AND u.disabled_at IS NULL",
                 key));
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, row.step());
    if (has_row) found = readSession(row);
    return okStatus();
  }));
  return found;
}

Error notSignedIn() {
  return makeError(Errc::unauthenticated, "not signed in, or the session has ended");
}

}  // namespace

std::vector<std::uint8_t> hashToken(std::string_view token) {
  std::vector<std::uint8_t> hash(32);
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return hash;
}

SessionStore::SessionStore(storage::Database& db, const Clock& clock, Random& random,
                           SessionLimits limits)
    : db_(db), clock_(clock), random_(random), limits_(limits) {}

Result<IssuedSession> SessionStore::create(Connection& db, std::int64_t user_id, SessionKind kind,
                                           bool second_factor, std::string_view remote_address,
                                           std::string_view user_agent) {
  const Seconds now = clock_.now();
  IssuedSession issued;
  issued.token = random_.token(kTokenBytes);
  const bool browser = kind == SessionKind::browser;
  if (browser) issued.csrf_token = random_.token(kTokenBytes);
  issued.expires_at = now + (browser ? limits_.browser_absolute : limits_.bearer_lifetime);
  const auto token_hash = hashToken(issued.token);
  const auto csrf_hash = hashToken(issued.csrf_token);
  const std::optional<Blob> csrf = browser ? std::optional<Blob>(Blob(csrf_hash)) : std::nullopt;
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "INSERT INTO sessions(token_hash, csrf_hash, user_id, kind, second_factor, created_at, "
      "last_seen_at, expires_at, remote_address, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      Blob(token_hash), csrf, user_id, browser ? "browser" : "bearer", second_factor, now, now,
      issued.expires_at, utf8::truncate(remote_address, 64), utf8::truncate(user_agent, 256)));
  issued.id = db.lastInsertId();
  return issued;
}

// Whether a session found unrevoked, of an enabled account, is still live.
bool SessionStore::withinLifetime(const SessionInfo& session, Seconds now) const {
  if (now >= session.expires_at) return false;
  return session.kind != SessionKind::browser || now - session.last_seen_at < limits_.browser_idle;
}

Result<bool> SessionStore::isLive(std::int64_t session_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto found, findUnrevoked(db_, "s.id = ?", session_id));
  return found && withinLifetime(*found, clock_.now());
}

Result<SessionInfo> SessionStore::authenticate(std::string_view token) {
  if (token.empty() || token.size() > 128) return notSignedIn();
  const Seconds now = clock_.now();
  const auto token_hash = hashToken(token);
  CARTABLE_ASSIGN_OR_RETURN(auto found, findUnrevoked(db_, "s.token_hash = ?", Blob(token_hash)));
  if (!found || !withinLifetime(*found, now)) return notSignedIn();
  if (now - found->last_seen_at >= kTouchInterval) {
    CARTABLE_RETURN_IF_ERROR(db_.write([&](Connection& db) {
      return db.exec("UPDATE sessions SET last_seen_at = ? WHERE id = ?", now, found->id);
    }));
    found->last_seen_at = now;
  }
  return *found;
}

Result<bool> SessionStore::csrfMatches(std::int64_t session_id, std::string_view csrf_token) {
  if (csrf_token.empty() || csrf_token.size() > 128) return false;
  std::vector<std::uint8_t> stored;
  CARTABLE_RETURN_IF_ERROR(db_.read([&](Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(Statement row,
                              db.query("SELECT csrf_hash FROM sessions WHERE id = ?", session_id));
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, row.step());
    if (has_row && !row.isNull(0)) stored = row.blob(0);
    return okStatus();
  }));
  const auto offered = hashToken(csrf_token);
  return stored.size() == offered.size() &&
         sodium_memcmp(stored.data(), offered.data(), offered.size()) == 0;
}

Result<std::vector<SessionInfo>> SessionStore::listActive(Connection& db, std::int64_t user_id) {
  const Seconds now = clock_.now();
  CARTABLE_ASSIGN_OR_RETURN(
      Statement rows,
      db.query(std::string(kSessionColumns) +
                   "WHERE s.user_id = ? AND s.revoked_at IS NULL AND s.expires_at > ? "
                   "AND (s.kind = 'bearer' OR s.last_seen_at > ?) ORDER BY s.id DESC",
               user_id, now, now - limits_.browser_idle));
  std::vector<SessionInfo> sessions;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return sessions;
    sessions.push_back(readSession(rows));
  }
}

Status SessionStore::revoke(Connection& db, std::int64_t user_id, std::int64_t session_id) {
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "UPDATE sessions SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
      clock_.now(), session_id, user_id));
  if (db.changes() == 0) {
    return makeError(Errc::not_found, "no active session " + std::to_string(session_id), "id");
  }
  return okStatus();
}

Result<int> SessionStore::revokeAll(Connection& db, std::int64_t user_id, std::int64_t keep) {
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND id <> ? AND revoked_at IS NULL",
      clock_.now(), user_id, keep));
  return db.changes();
}

Result<int> SessionStore::purgeEnded(Seconds age) {
  const Seconds cutoff = clock_.now() - age;
  int purged = 0;
  CARTABLE_RETURN_IF_ERROR(db_.write([&](Connection& db) -> Status {
    CARTABLE_RETURN_IF_ERROR(
        db.exec("DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ? "
                "OR (kind = 'browser' AND last_seen_at < ?)",
                cutoff, cutoff, cutoff - limits_.browser_idle));
    purged = db.changes();
    return okStatus();
  }));
  return purged;
}

}  // namespace cartable::auth
