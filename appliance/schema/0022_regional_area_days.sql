-- Hub: the reports' values added up per department and day, kept as each
-- report is accepted. The region's and a department's series and dashboards
-- read these few rows (tens per day) instead of every school's cells (tens of
-- thousands per day for a region of 1,000 schools). A school's own dashboard
-- still reads its cells in regional_report_values.
--
-- scope 'school': the school cells, part ''.
-- scope 'role': the role cells, part = the role.
-- scope 'subject': the subject cells holding at least one grade
--   (grades.count > 0), all levels together, part = the subject; weight_sum
--   is Σ grades.count of those cells and weighted_sum Σ grades.count × value,
--   from which the count-weighted mean of a distribution's figure follows.
CREATE TABLE regional_area_days (
  scope         TEXT NOT NULL CHECK (scope IN ('school', 'role', 'subject')),
  metric        TEXT NOT NULL,
  day           TEXT NOT NULL,           -- YYYY-MM-DD
  department    TEXT NOT NULL,
  part          TEXT NOT NULL,
  value_sum     REAL NOT NULL,           -- Σ value
  n_sum         INTEGER NOT NULL,        -- Σ n
  cells         INTEGER NOT NULL,        -- cells added (one per school for school cells)
  positive      INTEGER NOT NULL,        -- of which value > 0
  weight_sum    REAL NOT NULL DEFAULT 0,
  weighted_sum  REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (scope, metric, day, department, part)
) STRICT, WITHOUT ROWID;

-- The reports a hub already holds.
INSERT INTO regional_area_days(scope, metric, day, department, part, value_sum, n_sum, cells,
                               positive)
  SELECT scope, metric, day, department, role, sum(value), sum(n), count(*), sum(value > 0)
    FROM regional_report_values WHERE scope IN ('school', 'role')
   GROUP BY scope, metric, day, department, role;

INSERT INTO regional_area_days(scope, metric, day, department, part, value_sum, n_sum, cells,
                               positive, weight_sum, weighted_sum)
  SELECT 'subject', v.metric, v.day, v.department, v.subject, sum(v.value), sum(v.n), count(*),
         sum(v.value > 0), sum(c.value), sum(c.value * v.value)
    FROM regional_report_values v
    JOIN regional_report_values c
      ON c.uai = v.uai AND c.metric = 'grades.count' AND c.scope = 'subject' AND c.day = v.day
     AND c.level = v.level AND c.class_code = v.class_code AND c.subject = v.subject
     AND c.role = v.role
   WHERE v.scope = 'subject' AND c.value > 0
   GROUP BY v.metric, v.day, v.department, v.subject;
