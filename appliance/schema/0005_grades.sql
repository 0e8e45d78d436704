-- Grades: evaluations set to a class or a group, each student's score, and
-- every correction of a score. Points and coefficients are integer hundredths
-- (15.25 is stored as 1525) so that no score goes through floating point.

CREATE TABLE evaluations (
  id              INTEGER PRIMARY KEY,
  subject_id      INTEGER NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
  class_id        INTEGER REFERENCES classes(id) ON DELETE CASCADE,
  group_id        INTEGER REFERENCES groups(id) ON DELETE CASCADE,
  teacher_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,  -- who created it
  date            TEXT NOT NULL,          -- ISO date, inside a period of the calendar
  title           TEXT NOT NULL,
  description     TEXT NOT NULL DEFAULT '',
  out_of          INTEGER NOT NULL CHECK (out_of BETWEEN 1 AND 10000),       -- hundredths
  coefficient     INTEGER NOT NULL CHECK (coefficient BETWEEN 1 AND 2000),   -- hundredths
  visible_from    TEXT NOT NULL,          -- students and parents see it from this date
  notified_at     INTEGER,                -- when its students and parents were told; NULL before
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  CHECK ((class_id IS NULL) <> (group_id IS NULL))
) STRICT;
CREATE INDEX evaluations_by_date ON evaluations(date);
CREATE INDEX evaluations_by_class ON evaluations(class_id, date);
CREATE INDEX evaluations_by_group ON evaluations(group_id, date);
CREATE INDEX evaluations_to_publish ON evaluations(visible_from) WHERE notified_at IS NULL;

-- A student's result: a value (hundredths, 0..out_of) or a special mark.
CREATE TABLE scores (
  evaluation_id   INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  student_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  mark            TEXT NOT NULL CHECK (mark IN ('score', 'absent', 'exempt', 'not_graded')),
  value           INTEGER CHECK (value >= 0),
  comment         TEXT NOT NULL DEFAULT '',
  updated_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  updated_at      INTEGER NOT NULL,
  PRIMARY KEY (evaluation_id, student_id),
  CHECK ((mark = 'score') = (value IS NOT NULL))
) STRICT, WITHOUT ROWID;
-- Covering the averages, which read every score of a class's students.
CREATE INDEX scores_by_student ON scores(student_id, evaluation_id, mark, value);

-- Every write of a score: the first entry (no "before") and each correction.
CREATE TABLE score_history (
  id              INTEGER PRIMARY KEY,
  evaluation_id   INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  student_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  before_mark     TEXT,                   -- NULL for the first entry
  before_value    INTEGER,
  before_comment  TEXT,
  after_mark      TEXT NOT NULL,
  after_value     INTEGER,
  after_comment   TEXT NOT NULL,
  changed_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  changed_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX score_history_by_evaluation ON score_history(evaluation_id, id);
