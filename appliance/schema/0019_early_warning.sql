-- Early warning: the thresholds the school sets (defaults live in the code;
-- a row here overrides one), the alerts each daily computation raised, kept
-- with the day they were first seen, and the days computed.

-- One setting: an indicator's threshold or strong threshold
-- ("absence.half_days.threshold"), or a rule ("rule.min_weeks"). Grade points
-- are hundredths (3 points is 300).
CREATE TABLE early_warning_settings (
  key             TEXT PRIMARY KEY,
  value           INTEGER NOT NULL,
  updated_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  updated_at      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- A student's alert: open while each computation keeps finding it, cleared
-- (kept for the history) the day one no longer does. `reasons` is JSON: the
-- indicators that triggered it with their values and thresholds.
CREATE TABLE early_warning_alerts (
  id              INTEGER PRIMARY KEY,
  student_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  class_id        INTEGER REFERENCES classes(id) ON DELETE SET NULL,
  level           INTEGER NOT NULL CHECK (level IN (1, 2)),
  first_seen_on   TEXT NOT NULL,          -- the day it was first raised
  level2_since    TEXT,                   -- the day it first reached level 2
  computed_on     TEXT NOT NULL,          -- the latest computation that found it
  cleared_on      TEXT,                   -- the computation that no longer did; NULL while open
  reasons         TEXT NOT NULL,
  notified_level  INTEGER NOT NULL DEFAULT 0 CHECK (notified_level BETWEEN 0 AND 2)
) STRICT;
CREATE UNIQUE INDEX early_warning_open_alert ON early_warning_alerts(student_id)
  WHERE cleared_on IS NULL;
CREATE INDEX early_warning_alerts_by_class ON early_warning_alerts(class_id, cleared_on);
CREATE INDEX early_warning_alerts_by_day ON early_warning_alerts(first_seen_on, cleared_on);

-- Each day computed: the daily run happens once, a run on demand again.
CREATE TABLE early_warning_runs (
  on_date         TEXT PRIMARY KEY,
  computed_at     INTEGER NOT NULL,
  students        INTEGER NOT NULL,
  alerts          INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
