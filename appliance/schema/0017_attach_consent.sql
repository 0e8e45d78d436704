-- Attaching an account to a person of another school asks that person first.
-- Without it, a school's admin could join any login of the region and receive
-- its password verifier, then change the password everywhere.

-- Hub: whether the person agreed that the account `local_key` of school `uai`
-- be theirs. Asked of each school where they have an active account; the
-- first answer settles it.
CREATE TABLE directory_attach_consents (
  uai           TEXT NOT NULL,
  local_key     TEXT NOT NULL,
  identity_id   TEXT NOT NULL REFERENCES regional_identities(id) ON DELETE CASCADE,
  state         TEXT NOT NULL CHECK (state IN ('asked', 'approved', 'refused')),
  asked_at      INTEGER NOT NULL,
  answered_by   TEXT,                  -- the UAI of the school whose answer settled it
  answered_at   INTEGER,
  PRIMARY KEY (uai, local_key, identity_id)
) STRICT;

-- School: requests from other schools to attach one of their accounts to a
-- person who has an account here, for that person (or the operator) to answer.
CREATE TABLE attach_requests (
  id            INTEGER PRIMARY KEY,
  request_key   TEXT NOT NULL UNIQUE,  -- '<their account key>@<our UAI>'
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  from_uai      TEXT NOT NULL,
  from_name     TEXT NOT NULL,
  requested_at  INTEGER NOT NULL,
  decision      TEXT CHECK (decision IN ('approved', 'refused')),
  answered_at   INTEGER,
  published     INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1))
) STRICT;
CREATE INDEX attach_requests_by_user ON attach_requests(user_id);
CREATE INDEX attach_requests_to_publish ON attach_requests(id)
  WHERE decision IS NOT NULL AND published = 0;
