-- Regional reports: each school's daily report of counts and distributions,
-- suppressed below k people at the school, signed, and kept by the hub as
-- time series. No person is named in any of these tables.

-- School: the days whose report went to the change log (for the hub).
CREATE TABLE regional_report_days (
  day         TEXT PRIMARY KEY,          -- YYYY-MM-DD (UTC day)
  cells       INTEGER NOT NULL,          -- cells sent
  suppressed  INTEGER NOT NULL,          -- cells removed before sending
  written_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Hub: one row per school and day whose report was accepted. department and
-- school_year are copied at receipt so that drill-downs and a year's trend
-- read one table.
CREATE TABLE regional_reports (
  uai           TEXT NOT NULL,
  day           TEXT NOT NULL,           -- YYYY-MM-DD
  school_year   TEXT NOT NULL,           -- e.g. '2026-2027' (from 1 September)
  department    TEXT NOT NULL,           -- the school's, from its profile
  k             INTEGER NOT NULL,        -- the threshold the school applied
  suppressed    INTEGER NOT NULL,        -- cells the school removed
  unavailable   TEXT NOT NULL,           -- JSON array of metrics not measured yet
  generated_at  INTEGER NOT NULL,
  received_at   INTEGER NOT NULL,
  PRIMARY KEY (uai, day)
) STRICT, WITHOUT ROWID;
CREATE INDEX regional_reports_by_year ON regional_reports(school_year, department, uai, day);

-- Hub: the report's values, one row per cell and metric. scope is 'school',
-- 'level', 'class', 'subject' (of a level) or 'role'; the columns that do not
-- apply hold ''. n is the number of people the cell describes (>= k).
CREATE TABLE regional_report_values (
  uai          TEXT NOT NULL,
  day          TEXT NOT NULL,
  school_year  TEXT NOT NULL,
  department   TEXT NOT NULL,
  scope        TEXT NOT NULL CHECK (scope IN ('school', 'level', 'class', 'subject', 'role')),
  level        TEXT NOT NULL DEFAULT '',
  class_code   TEXT NOT NULL DEFAULT '',
  subject      TEXT NOT NULL DEFAULT '',
  role         TEXT NOT NULL DEFAULT '',
  metric       TEXT NOT NULL,
  value        REAL NOT NULL,
  n            INTEGER NOT NULL CHECK (n > 0),
  -- ordered for a school's series of one metric
  PRIMARY KEY (uai, metric, scope, day, level, class_code, subject, role),
  FOREIGN KEY (uai, day) REFERENCES regional_reports(uai, day) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
-- The region's, then a department's series of one metric.
CREATE INDEX regional_report_values_region
  ON regional_report_values(metric, scope, school_year, day);
CREATE INDEX regional_report_values_department
  ON regional_report_values(department, metric, scope, school_year, day);

-- Hub: reports refused (unknown school, bad signature, replay, a cell under
-- k, malformed): why, and nothing of their content.
CREATE TABLE regional_report_refusals (
  id          INTEGER PRIMARY KEY,
  uai         TEXT NOT NULL,             -- the school whose link carried it
  record_key  TEXT NOT NULL,
  reason      TEXT NOT NULL,
  at          INTEGER NOT NULL
) STRICT;
CREATE INDEX regional_report_refusals_by_school ON regional_report_refusals(uai, at);
