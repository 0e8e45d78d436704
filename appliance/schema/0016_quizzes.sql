-- Formative quizzes (QCM): a teacher's questions for a class, a group or chosen
-- students of it, open during a window; each student's scored attempts; the
-- evaluation of the gradebook a quiz fed, once. Points are integer hundredths;
-- numbers in questions and answers are integer millionths.

CREATE TABLE quizzes (
  id              INTEGER PRIMARY KEY,
  teacher_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,  -- who set it
  subject_id      INTEGER NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
  class_id        INTEGER REFERENCES classes(id) ON DELETE CASCADE,
  group_id        INTEGER REFERENCES groups(id) ON DELETE CASCADE,
  title           TEXT NOT NULL,
  instructions    TEXT NOT NULL DEFAULT '',
  state           TEXT NOT NULL CHECK (state IN ('draft', 'published')),
  opens_at        INTEGER NOT NULL,       -- Unix time, school time
  closes_at       INTEGER NOT NULL,
  max_attempts    INTEGER NOT NULL CHECK (max_attempts BETWEEN 1 AND 10),
  corrections     TEXT NOT NULL CHECK (corrections IN ('after_attempt', 'after_close')),
  evaluation_id   INTEGER REFERENCES evaluations(id) ON DELETE SET NULL,  -- the gradebook feed
  fed_at          INTEGER,                -- when it fed the gradebook; NULL before
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  CHECK ((class_id IS NULL) <> (group_id IS NULL)),
  CHECK (opens_at < closes_at)
) STRICT;
CREATE INDEX quizzes_by_class ON quizzes(class_id, closes_at);
CREATE INDEX quizzes_by_group ON quizzes(group_id, closes_at);
CREATE INDEX quizzes_by_teacher ON quizzes(teacher_id, closes_at);

-- Differentiated quizzes: when a quiz has rows here, only these students have
-- it; otherwise the whole class or group does.
CREATE TABLE quiz_students (
  quiz_id         INTEGER NOT NULL REFERENCES quizzes(id) ON DELETE CASCADE,
  student_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (quiz_id, student_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX quiz_students_by_student ON quiz_students(student_id);

-- The questions, numbered from 1. `choices`, `correct`, `accepted` and
-- `skills` are JSON arrays (of labels, of 0-based choice indices, of accepted
-- texts, of skill labels); `value` and `tolerance` are for number questions.
CREATE TABLE quiz_questions (
  quiz_id         INTEGER NOT NULL REFERENCES quizzes(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL CHECK (position >= 1),
  kind            TEXT NOT NULL
                  CHECK (kind IN ('single_choice', 'multiple_choice', 'number', 'short_text')),
  prompt          TEXT NOT NULL,
  points          INTEGER NOT NULL CHECK (points BETWEEN 1 AND 10000),  -- hundredths
  partial_credit  INTEGER NOT NULL DEFAULT 1 CHECK (partial_credit IN (0, 1)),
  choices         TEXT NOT NULL DEFAULT '[]',
  correct         TEXT NOT NULL DEFAULT '[]',
  accepted        TEXT NOT NULL DEFAULT '[]',
  value           INTEGER,                -- millionths
  tolerance       INTEGER CHECK (tolerance >= 0),
  skills          TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (quiz_id, position)
) STRICT, WITHOUT ROWID;

-- One submitted attempt, scored when it was submitted.
CREATE TABLE quiz_attempts (
  id              INTEGER PRIMARY KEY,
  quiz_id         INTEGER NOT NULL REFERENCES quizzes(id) ON DELETE CASCADE,
  student_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  number          INTEGER NOT NULL CHECK (number >= 1),  -- the student's 1st, 2nd... attempt
  score           INTEGER NOT NULL CHECK (score >= 0),   -- hundredths
  out_of          INTEGER NOT NULL CHECK (out_of > 0),
  submitted_at    INTEGER NOT NULL,
  UNIQUE (quiz_id, student_id, number),
  CHECK (score <= out_of)
) STRICT;
CREATE INDEX quiz_attempts_by_student ON quiz_attempts(student_id);

-- What the attempt answered to each question (JSON: an index, an array of
-- indices, or a text; null when left blank) and the points it earned.
CREATE TABLE quiz_answers (
  attempt_id      INTEGER NOT NULL REFERENCES quiz_attempts(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  answer          TEXT NOT NULL,
  points          INTEGER NOT NULL CHECK (points >= 0),  -- hundredths earned
  PRIMARY KEY (attempt_id, position)
) STRICT, WITHOUT ROWID;
