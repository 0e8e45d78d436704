-- The regional authority at the hub: which hub accounts may read the
-- dashboards, and with which role; and the history of each school's link,
-- from which its uptime over a period is computed.

-- Hub: one grant per account. The account itself (login, password, sessions)
-- is an ordinary account of the hub's `users`, holding no school role.
CREATE TABLE authority_grants (
  user_id     INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  role        TEXT NOT NULL CHECK (role IN ('regional_admin', 'analyst', 'department_viewer')),
  department  TEXT NOT NULL DEFAULT '',  -- set only for a department viewer
  granted_at  INTEGER NOT NULL,
  granted_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  CHECK ((role = 'department_viewer') = (department <> ''))
) STRICT;

-- Hub: each time a school's link went up or down.
CREATE TABLE federation_link_events (
  uai  TEXT NOT NULL,
  at   INTEGER NOT NULL,
  up   INTEGER NOT NULL CHECK (up IN (0, 1)),
  PRIMARY KEY (uai, at, up)
) STRICT, WITHOUT ROWID;
