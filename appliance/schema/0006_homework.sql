-- Uploaded files, the cahier de textes (what each lesson covered), homework and
-- the work students hand in.

-- One row per upload; the bytes live once on disk under files/ab/cdef...,
-- named by their SHA-256. Tables that hold files reference files(id); a row
-- that nothing references is swept with its blob.
CREATE TABLE files (
  id              INTEGER PRIMARY KEY,
  sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
  size            INTEGER NOT NULL CHECK (size >= 0),
  content_type    TEXT NOT NULL,          -- found from the bytes
  name            TEXT NOT NULL,          -- the client's file name, sanitised
  uploaded_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX files_by_sha256 ON files(sha256);

-- The cahier de textes: what the lesson `lesson_id` given on `on_date` covered.
CREATE TABLE lesson_records (
  lesson_id       INTEGER NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
  on_date         TEXT NOT NULL,          -- the date the lesson takes place
  version         INTEGER NOT NULL CHECK (version >= 1),
  title           TEXT NOT NULL DEFAULT '',
  content         TEXT NOT NULL,
  written_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  written_at      INTEGER NOT NULL,
  PRIMARY KEY (lesson_id, on_date)
) STRICT, WITHOUT ROWID;
CREATE INDEX lesson_records_by_date ON lesson_records(on_date);

-- It is an official record: each version replaced (or deleted) is kept here,
-- with who replaced it and when. Deleting the entry keeps its history.
CREATE TABLE lesson_record_history (
  lesson_id       INTEGER NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
  on_date         TEXT NOT NULL,
  version         INTEGER NOT NULL,
  title           TEXT NOT NULL,
  content         TEXT NOT NULL,
  written_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  written_at      INTEGER NOT NULL,
  replaced_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  replaced_at     INTEGER NOT NULL,
  deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),  -- removed by an admin
  PRIMARY KEY (lesson_id, on_date, version)
) STRICT, WITHOUT ROWID;

-- Work set by a teacher for a class or a group, or for chosen students of it.
CREATE TABLE homework (
  id                  INTEGER PRIMARY KEY,
  teacher_id          INTEGER REFERENCES users(id) ON DELETE SET NULL,  -- who set it
  subject_id          INTEGER NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
  class_id            INTEGER REFERENCES classes(id) ON DELETE CASCADE,
  group_id            INTEGER REFERENCES groups(id) ON DELETE CASCADE,
  lesson_id           INTEGER REFERENCES lessons(id) ON DELETE SET NULL,
  lesson_date         TEXT,               -- the occurrence of lesson_id it was set in
  due_on              TEXT NOT NULL,      -- ISO date
  due_at              TEXT,               -- HH:MM; NULL: by the end of the day
  estimated_minutes   INTEGER CHECK (estimated_minutes BETWEEN 1 AND 600),
  instructions        TEXT NOT NULL,
  hand_in_expected    INTEGER NOT NULL CHECK (hand_in_expected IN (0, 1)),
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  CHECK ((class_id IS NULL) <> (group_id IS NULL))
) STRICT;
CREATE INDEX homework_by_class ON homework(class_id, due_on);
CREATE INDEX homework_by_group ON homework(group_id, due_on);
CREATE INDEX homework_by_teacher ON homework(teacher_id, due_on);

-- Differentiated work: when a homework has rows here, only these students
-- have it; otherwise the whole class or group does.
CREATE TABLE homework_students (
  homework_id     INTEGER NOT NULL REFERENCES homework(id) ON DELETE CASCADE,
  student_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (homework_id, student_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX homework_students_by_student ON homework_students(student_id);

CREATE TABLE homework_attachments (
  homework_id     INTEGER NOT NULL REFERENCES homework(id) ON DELETE CASCADE,
  file_id         INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  PRIMARY KEY (homework_id, file_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX homework_attachments_by_file ON homework_attachments(file_id);

-- A student's own "done" tick: private to them (and their parents).
CREATE TABLE homework_done (
  homework_id     INTEGER NOT NULL REFERENCES homework(id) ON DELETE CASCADE,
  student_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  done_at         INTEGER NOT NULL,
  PRIMARY KEY (homework_id, student_id)
) STRICT, WITHOUT ROWID;

-- What a student handed in (replaced until feedback is returned).
CREATE TABLE hand_ins (
  id              INTEGER PRIMARY KEY,
  homework_id     INTEGER NOT NULL REFERENCES homework(id) ON DELETE CASCADE,
  student_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  text            TEXT NOT NULL DEFAULT '',
  handed_in_at    INTEGER NOT NULL,
  late            INTEGER NOT NULL CHECK (late IN (0, 1)),
  feedback        TEXT,
  score           INTEGER,                -- hundredths
  out_of          INTEGER,                -- hundredths
  returned_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  returned_at     INTEGER,
  UNIQUE (homework_id, student_id),
  CHECK ((score IS NULL) = (out_of IS NULL)),
  CHECK (score IS NULL OR (score >= 0 AND out_of > 0 AND score <= out_of))
) STRICT;
CREATE INDEX hand_ins_by_student ON hand_ins(student_id);

CREATE TABLE hand_in_files (
  hand_in_id      INTEGER NOT NULL REFERENCES hand_ins(id) ON DELETE CASCADE,
  file_id         INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  PRIMARY KEY (hand_in_id, file_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX hand_in_files_by_file ON hand_in_files(file_id);
