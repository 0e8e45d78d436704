-- Credentials, sessions and the audit log of security events.

CREATE TABLE credentials (
  user_id               INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  password_hash         TEXT NOT NULL,           -- Argon2id encoded string
  must_change_password  INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
  password_changed_at   INTEGER NOT NULL,
  totp_secret           BLOB,                    -- NULL until enrolled
  totp_enabled          INTEGER NOT NULL DEFAULT 0 CHECK (totp_enabled IN (0, 1)),
  totp_last_step        INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE sessions (
  id              INTEGER PRIMARY KEY,
  token_hash      BLOB NOT NULL UNIQUE,     -- BLAKE2b-256 of the token
  csrf_hash       BLOB,                     -- browser sessions only
  user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind            TEXT NOT NULL CHECK (kind IN ('browser', 'bearer')),
  second_factor   INTEGER NOT NULL DEFAULT 0 CHECK (second_factor IN (0, 1)),
  created_at      INTEGER NOT NULL,
  last_seen_at    INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,         -- absolute end of life
  remote_address  TEXT NOT NULL DEFAULT '',
  user_agent      TEXT NOT NULL DEFAULT '',
  revoked_at      INTEGER
) STRICT;
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE audit_log (
  id              INTEGER PRIMARY KEY,
  at              INTEGER NOT NULL,
  event           TEXT NOT NULL,            -- e.g. sign_in.success, role.grant
  actor_id        INTEGER,                  -- who did it; NULL for anonymous
  subject_id      INTEGER,                  -- whom it concerns
  remote_address  TEXT NOT NULL DEFAULT '',
  detail          TEXT NOT NULL DEFAULT ''  -- JSON object
) STRICT;
CREATE INDEX audit_by_time ON audit_log(at);
CREATE INDEX audit_by_subject ON audit_log(subject_id, at);
