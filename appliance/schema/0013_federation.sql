-- Federation: the link between a school and its regional hub, and the
-- replication state both sides keep.

-- This database's replication epoch. It is made on first use and deleted by a
-- restore from backup, so a restored node starts a new epoch: its peers then
-- reset their cursors for it instead of skipping what it writes from then on.
CREATE TABLE replication_epoch (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  epoch       TEXT NOT NULL,           -- 16 random bytes as hex
  started_at  INTEGER NOT NULL
) STRICT;

-- Federated changes made or relayed by this node, appended in the transaction
-- of the change. Only the latest change of a record is kept per partition: a
-- newer one replaces it with a higher seq, so the log holds one row per record
-- and a peer that catches up receives each record once.
CREATE TABLE change_log (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused
  partition   TEXT NOT NULL,           -- who receives it: 'hub', 'school:<UAI>', 'region'
  kind        TEXT NOT NULL,           -- record type, e.g. 'member', 'credential', 'sealed'
  record_key  TEXT NOT NULL,           -- the record's id within its kind
  owner       TEXT NOT NULL,           -- the node that wrote this version, e.g. 'school:0541234X'
  version     INTEGER NOT NULL CHECK (version > 0),
  body        BLOB NOT NULL,
  at          INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX change_log_latest ON change_log(partition, kind, record_key);
CREATE INDEX change_log_by_partition ON change_log(partition, seq);
CREATE INDEX change_log_by_record ON change_log(kind, record_key);

-- The winning version of every federated record known here, written here or
-- received from a peer; applying the same version twice changes nothing.
CREATE TABLE federated_records (
  kind          TEXT NOT NULL,
  record_key    TEXT NOT NULL,
  owner         TEXT NOT NULL,
  version       INTEGER NOT NULL,
  body          BLOB NOT NULL,
  received_from TEXT NOT NULL,         -- the peer it came through; '' when written here
  applied_at    INTEGER NOT NULL,
  PRIMARY KEY (kind, record_key)
) STRICT;

-- Versions that lost a merge, kept for review.
CREATE TABLE replication_conflicts (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  record_key    TEXT NOT NULL,
  owner         TEXT NOT NULL,
  version       INTEGER NOT NULL,
  body          BLOB NOT NULL,
  winner_owner  TEXT NOT NULL,
  winner_version INTEGER NOT NULL,
  at            INTEGER NOT NULL
) STRICT;

-- How far this node has applied each peer's log, per partition. The epoch is
-- the peer's: a new epoch starts the cursor again from zero.
CREATE TABLE replication_cursors (
  peer        TEXT NOT NULL,
  origin      TEXT NOT NULL,
  partition   TEXT NOT NULL,
  epoch       TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (peer, origin, partition)
) STRICT;

-- How far each peer has durably applied this node's log (from its acks).
CREATE TABLE replication_acks (
  peer        TEXT NOT NULL,
  partition   TEXT NOT NULL,
  epoch       TEXT NOT NULL,           -- this node's epoch the ack refers to
  seq         INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (peer, partition)
) STRICT;

-- Hub: the schools of the region.
CREATE TABLE federation_schools (
  uai                     TEXT PRIMARY KEY,
  name                    TEXT NOT NULL DEFAULT '',
  department              TEXT NOT NULL DEFAULT '',
  added_at                INTEGER NOT NULL,
  sign_public             BLOB,        -- set at enrollment
  box_public              BLOB,
  certificate_serial      INTEGER UNIQUE,
  certificate_expires_at  INTEGER,
  enrolled_at             INTEGER,
  revoked_at              INTEGER,
  revoked_reason          TEXT,
  link_state              TEXT NOT NULL DEFAULT 'never' CHECK (link_state IN ('never', 'up', 'down')),
  link_changed_at         INTEGER,
  last_connected_at       INTEGER,
  last_sync_at            INTEGER,
  last_error              TEXT,
  last_error_at           INTEGER
) STRICT;

-- Hub: one-time enrollment codes. Only a key derived from the code is kept.
CREATE TABLE enrollment_codes (
  id              INTEGER PRIMARY KEY,
  uai             TEXT NOT NULL REFERENCES federation_schools(uai) ON DELETE CASCADE,
  code_key        BLOB NOT NULL,
  created_at      INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,
  used_at         INTEGER,
  failed_attempts INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX enrollment_codes_by_school ON enrollment_codes(uai, created_at);

-- School: its enrollment with the hub (one row once enrolled).
CREATE TABLE federation_link (
  id                      INTEGER PRIMARY KEY CHECK (id = 1),
  hub_address             TEXT NOT NULL,
  hub_name                TEXT NOT NULL,
  hub_sign_public         BLOB NOT NULL,   -- pinned at enrollment
  certificate             BLOB NOT NULL,   -- granted by the hub
  certificate_expires_at  INTEGER NOT NULL,
  enrolled_at             INTEGER NOT NULL,
  last_sync_at            INTEGER,
  last_error              TEXT,
  last_error_at           INTEGER
) STRICT;
