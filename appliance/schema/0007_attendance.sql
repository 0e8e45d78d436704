-- School life attendance: roll calls per lesson occurrence, the absences and
-- lateness they record, corrections, justifications and the notices sent.

-- One roll call per lesson occurrence (the lesson on the date it is given). The
-- occurrence's subject and hours are kept so that the record outlives a change
-- to the timetable (lesson_id becomes NULL when the lesson is deleted).
CREATE TABLE roll_calls (
  id              INTEGER PRIMARY KEY,
  lesson_id       INTEGER REFERENCES lessons(id) ON DELETE SET NULL,
  on_date         TEXT NOT NULL,          -- the date it was given (after a move)
  subject_id      INTEGER REFERENCES subjects(id) ON DELETE SET NULL,
  starts_at       TEXT NOT NULL,          -- HH:MM, decides the half-day
  ends_at         TEXT NOT NULL,
  taken_by        INTEGER REFERENCES users(id) ON DELETE SET NULL,  -- last change
  taken_at        INTEGER NOT NULL,
  UNIQUE (lesson_id, on_date)
) STRICT;
CREATE INDEX roll_calls_by_date ON roll_calls(on_date);

-- Students not present at a roll call; anyone of the lesson not listed was present.
CREATE TABLE attendance_marks (
  roll_call_id    INTEGER NOT NULL REFERENCES roll_calls(id) ON DELETE CASCADE,
  student_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  status          TEXT NOT NULL CHECK (status IN ('absent', 'late')),
  minutes_late    INTEGER NOT NULL DEFAULT 0
                  CHECK ((status = 'late') = (minutes_late BETWEEN 1 AND 240)),
  PRIMARY KEY (roll_call_id, student_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX attendance_marks_by_student ON attendance_marks(student_id, roll_call_id);

-- Each student whose status a new roll call of the same occurrence changed.
CREATE TABLE roll_call_corrections (
  id              INTEGER PRIMARY KEY,
  roll_call_id    INTEGER NOT NULL REFERENCES roll_calls(id) ON DELETE CASCADE,
  student_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  old_status      TEXT NOT NULL CHECK (old_status IN ('present', 'absent', 'late')),
  old_minutes     INTEGER NOT NULL DEFAULT 0,
  new_status      TEXT NOT NULL CHECK (new_status IN ('present', 'absent', 'late')),
  new_minutes     INTEGER NOT NULL DEFAULT 0,
  changed_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  changed_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX roll_call_corrections_by_roll ON roll_call_corrections(roll_call_id, id);

-- The notices sent to families about one student at one roll call: at most one
-- of each kind, however often the roll is corrected.
CREATE TABLE attendance_notices (
  roll_call_id    INTEGER NOT NULL REFERENCES roll_calls(id) ON DELETE CASCADE,
  student_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind            TEXT NOT NULL CHECK (kind IN ('absence', 'late')),
  sent_at         INTEGER NOT NULL,
  PRIMARY KEY (roll_call_id, student_id, kind)
) STRICT, WITHOUT ROWID;

-- A reason for a student's absence over a span of time. Recorded by staff it
-- is accepted at once; submitted by a parent it waits for a decision by staff.
-- A missing from_time starts the span at the beginning of from_date, a missing
-- to_time ends it at the end of to_date.
CREATE TABLE absence_justifications (
  id              INTEGER PRIMARY KEY,
  student_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  from_date       TEXT NOT NULL,
  from_time       TEXT,
  to_date         TEXT NOT NULL,
  to_time         TEXT,
  reason          TEXT NOT NULL CHECK (reason IN ('illness', 'medical', 'family', 'transport',
                                                  'exam', 'school_activity', 'other')),
  text            TEXT NOT NULL DEFAULT '',
  -- The attached document (a medical certificate...), uploaded after the justification.
  file_id         INTEGER REFERENCES files(id) ON DELETE SET NULL,
  state           TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'refused')),
  submitted_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
  submitted_at    INTEGER NOT NULL,
  decided_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  decided_at      INTEGER,
  decision_comment TEXT NOT NULL DEFAULT '',
  CHECK (to_date || ' ' || coalesce(to_time, '24:00') >
         from_date || ' ' || coalesce(from_time, '00:00'))
) STRICT;
CREATE INDEX absence_justifications_by_student ON absence_justifications(student_id, from_date);
CREATE INDEX absence_justifications_by_state ON absence_justifications(state, submitted_at);
