-- Hub: each school's school and role cells added up per month, kept as each
-- report is accepted. A department's list of its schools over a long period
-- reads these rows for the whole months it covers (a few per school and
-- month) and the cells themselves only for the days at either end; over a
-- school year that is about twenty times fewer rows.
--
-- part: the role of a role cell, '' for a school cell. department: the one
-- the reports gave (a school that moved has a row for each).
CREATE TABLE regional_school_months (
  uai           TEXT NOT NULL,
  scope         TEXT NOT NULL CHECK (scope IN ('school', 'role')),
  metric        TEXT NOT NULL,
  month         TEXT NOT NULL,           -- YYYY-MM
  department    TEXT NOT NULL,
  part          TEXT NOT NULL,
  value_sum     REAL NOT NULL,           -- Σ value
  n_sum         INTEGER NOT NULL,        -- Σ n
  cells         INTEGER NOT NULL,        -- cells added (one per report)
  PRIMARY KEY (uai, scope, metric, month, department, part)
) STRICT, WITHOUT ROWID;

-- A department's totals per day, read along the department (the primary key
-- leads with scope, metric and day: a department's rows of a year lie among
-- every department's). Covering, so that no row costs a second lookup.
CREATE INDEX regional_area_days_by_department
  ON regional_area_days(department, scope, metric, day, part, value_sum, n_sum, cells, positive,
                        weight_sum, weighted_sum);

-- The reports a hub already holds.
INSERT INTO regional_school_months(uai, scope, metric, month, department, part, value_sum, n_sum,
                                   cells)
  SELECT uai, scope, metric, substr(day, 1, 7), department, role, sum(value), sum(n), count(*)
    FROM regional_report_values WHERE scope IN ('school', 'role')
   GROUP BY uai, scope, metric, substr(day, 1, 7), department, role;
