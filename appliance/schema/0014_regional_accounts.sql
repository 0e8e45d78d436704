-- Cross-school accounts. A person has one regional identity at the hub and a
-- membership in each school where they have an account; logins are unique in
-- the region. The hub sees logins and INEs only as keyed digests, and password
-- verifiers only sealed from one member school to another.

-- Hub: the key of the login and INE digests, made once and sent to every school.
CREATE TABLE directory_key (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  key         TEXT NOT NULL,           -- 32 random bytes as hex
  created_at  INTEGER NOT NULL
) STRICT;

-- Hub: one row per person of the region.
CREATE TABLE regional_identities (
  id            TEXT PRIMARY KEY,      -- 'R' and 16 random bytes as hex
  login_digest  TEXT NOT NULL UNIQUE,  -- keyed BLAKE2b of the lower-cased login, hex
  ine_digest    TEXT UNIQUE,           -- same for a student's INE
  created_at    INTEGER NOT NULL
) STRICT;

-- Hub: a school's account of a person. Rows are never moved: a school that
-- closes an account keeps its row with `until` set.
CREATE TABLE regional_memberships (
  uai           TEXT NOT NULL,
  local_key     TEXT NOT NULL,         -- the account's key at the school: '<UAI>:<user id>'
  identity_id   TEXT NOT NULL REFERENCES regional_identities(id),
  roles         TEXT NOT NULL,         -- JSON array, e.g. ["teacher"]
  since         INTEGER NOT NULL,
  until         INTEGER,               -- NULL while the account is active
  -- 0 while a school that joined an existing person (attach, INE) has not yet
  -- taken the regional login from the person's other schools
  adopted       INTEGER NOT NULL DEFAULT 1 CHECK (adopted IN (0, 1)),
  PRIMARY KEY (uai, local_key)
) STRICT;
CREATE INDEX regional_memberships_by_identity ON regional_memberships(identity_id);

-- Hub: attach requests whose login no person of the region has yet (made at a
-- school whose link is down, say); they are settled as soon as it appears.
CREATE TABLE directory_attach_waits (
  uai           TEXT NOT NULL,
  local_key     TEXT NOT NULL,
  login_digest  TEXT NOT NULL,
  PRIMARY KEY (uai, local_key)
) STRICT;
CREATE INDEX directory_attach_waits_by_login ON directory_attach_waits(login_digest);

-- School: the regional side of each local account. Triggers keep it in step
-- with `users`, `user_roles` and `credentials`, in the transaction of the change.
CREATE TABLE regional_accounts (
  user_id             INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  regional_id         TEXT,              -- set once the hub has confirmed the account
  state               TEXT NOT NULL DEFAULT 'pending'
                      CHECK (state IN ('pending', 'confirmed', 'collision', 'attach_failed')),
  message             TEXT NOT NULL DEFAULT '',  -- why, for the admin, when not confirmed
  attach_login        TEXT,              -- the regional login an admin asked this account to join
  dirty               INTEGER NOT NULL DEFAULT 1 CHECK (dirty IN (0, 1)),  -- to publish
  credential_version  INTEGER NOT NULL DEFAULT 0,  -- (version, owner) of the password held
  credential_owner    TEXT NOT NULL DEFAULT '',    -- the school that set it, 'school:<UAI>'
  previous_version    INTEGER NOT NULL DEFAULT 0,  -- the version it replaced, to tell
  previous_owner      TEXT NOT NULL DEFAULT '',    -- a concurrent change from a later one
  updated_at          INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX regional_accounts_dirty ON regional_accounts(user_id) WHERE dirty = 1;
CREATE INDEX regional_accounts_by_regional_id ON regional_accounts(regional_id);

-- School: the other schools where a local account's person also has one.
CREATE TABLE regional_members (
  user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  uai       TEXT NOT NULL,
  PRIMARY KEY (user_id, uai)
) STRICT, WITHOUT ROWID;

-- School: which credential version was sealed to which member school.
CREATE TABLE credential_deliveries (
  user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  uai       TEXT NOT NULL,
  version   INTEGER NOT NULL,
  PRIMARY KEY (user_id, uai)
) STRICT, WITHOUT ROWID;

-- School: sealed payloads received and refused (altered, redirected, unknown
-- sender), for the admin's federation page.
CREATE TABLE sealed_refusals (
  id        INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  sender    TEXT NOT NULL,
  purpose   TEXT NOT NULL,
  reason    TEXT NOT NULL
) STRICT;

-- School: students leaving for another school of the region. The request ends
-- the student's enrollment here; the dossier (summaries chosen by the admin) is
-- built, signed and sealed to the new school once the account has its
-- regional identity, then relayed by the hub.
CREATE TABLE transfers_out (
  id                  INTEGER PRIMARY KEY,
  student_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  to_uai              TEXT NOT NULL,
  include_attendance  INTEGER NOT NULL CHECK (include_attendance IN (0, 1)),
  include_averages    INTEGER NOT NULL CHECK (include_averages IN (0, 1)),
  dossier_date        TEXT NOT NULL,     -- the school day whose summaries it carries
  requested_by        INTEGER REFERENCES users(id) ON DELETE SET NULL,
  requested_at        INTEGER NOT NULL,
  sent_at             INTEGER,           -- when sealed into the change log
  UNIQUE (student_id, to_uai)
) STRICT;

-- School: dossiers received from a student's former school, opened and checked.
CREATE TABLE transfers_in (
  id            INTEGER PRIMARY KEY,
  regional_id   TEXT NOT NULL,
  from_uai      TEXT NOT NULL,
  received_at   INTEGER NOT NULL,
  content       TEXT NOT NULL,           -- the dossier, JSON
  UNIQUE (regional_id, from_uai)
) STRICT;

INSERT INTO regional_accounts(user_id, credential_version, credential_owner)
  SELECT u.id, CASE WHEN c.user_id IS NULL THEN 0 ELSE 1 END,
         coalesce((SELECT 'school:' || uai FROM node WHERE uai IS NOT NULL), '')
  FROM users u LEFT JOIN credentials c ON c.user_id = u.id;

CREATE TRIGGER regional_account_created AFTER INSERT ON users BEGIN
  INSERT INTO regional_accounts(user_id) VALUES (NEW.id);
END;

CREATE TRIGGER regional_account_changed
AFTER UPDATE OF login, ine, disabled_at ON users BEGIN
  UPDATE regional_accounts SET dirty = 1 WHERE user_id = NEW.id;
END;

CREATE TRIGGER regional_account_role_granted AFTER INSERT ON user_roles BEGIN
  UPDATE regional_accounts SET dirty = 1 WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER regional_account_role_removed AFTER DELETE ON user_roles BEGIN
  UPDATE regional_accounts SET dirty = 1 WHERE user_id = OLD.user_id;
END;

-- A login, name, email or password set here is a new version of what member
-- schools hold of the person (sealed to them), owned by this school; receiving
-- a member school's version overrides both columns afterwards.
CREATE TRIGGER regional_profile_changed
AFTER UPDATE OF login, given_name, family_name, email ON users
WHEN NEW.login <> OLD.login OR NEW.given_name <> OLD.given_name
  OR NEW.family_name <> OLD.family_name OR NEW.email IS NOT OLD.email BEGIN
  UPDATE regional_accounts
     SET previous_version = credential_version, previous_owner = credential_owner,
         credential_version = credential_version + 1,
         credential_owner = coalesce((SELECT 'school:' || uai FROM node WHERE uai IS NOT NULL), '')
   WHERE user_id = NEW.id;
END;

CREATE TRIGGER regional_credential_set AFTER INSERT ON credentials BEGIN
  UPDATE regional_accounts
     SET previous_version = credential_version, previous_owner = credential_owner,
         credential_version = credential_version + 1,
         credential_owner = coalesce((SELECT 'school:' || uai FROM node WHERE uai IS NOT NULL), '')
   WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER regional_credential_changed
AFTER UPDATE OF password_hash ON credentials WHEN NEW.password_hash <> OLD.password_hash BEGIN
  UPDATE regional_accounts
     SET previous_version = credential_version, previous_owner = credential_owner,
         credential_version = credential_version + 1,
         credential_owner = coalesce((SELECT 'school:' || uai FROM node WHERE uai IS NOT NULL), '')
   WHERE user_id = NEW.user_id;
END;
