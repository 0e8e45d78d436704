-- The timetable: the school calendar, recurring lessons, one-off changes to a
-- lesson on a given date, and the notification feed those changes write to.

-- One row: the Monday of a week A (NULL while the school has no A/B weeks).
CREATE TABLE school_calendar (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  week_a_monday   TEXT                    -- ISO date of a Monday
) STRICT;

-- Trimesters or semesters, and holidays: date ranges, both ends included.
CREATE TABLE calendar_periods (
  id              INTEGER PRIMARY KEY,
  label           TEXT NOT NULL,
  starts_on       TEXT NOT NULL,
  ends_on         TEXT NOT NULL CHECK (ends_on >= starts_on)
) STRICT;

CREATE TABLE holidays (
  id              INTEGER PRIMARY KEY,
  label           TEXT NOT NULL,
  starts_on       TEXT NOT NULL,
  ends_on         TEXT NOT NULL CHECK (ends_on >= starts_on)
) STRICT;

-- A lesson that comes back every week (or every week A, or every week B).
CREATE TABLE lessons (
  id              INTEGER PRIMARY KEY,
  subject_id      INTEGER NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
  class_id        INTEGER REFERENCES classes(id) ON DELETE CASCADE,
  group_id        INTEGER REFERENCES groups(id) ON DELETE CASCADE,
  room            TEXT NOT NULL DEFAULT '',
  weekday         INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),  -- 1 = Monday
  starts_at       TEXT NOT NULL,          -- HH:MM
  ends_at         TEXT NOT NULL CHECK (ends_at > starts_at),
  week_pattern    TEXT NOT NULL CHECK (week_pattern IN ('all', 'A', 'B')),
  valid_from      TEXT NOT NULL,          -- ISO dates, both included
  valid_until     TEXT NOT NULL CHECK (valid_until >= valid_from),
  CHECK ((class_id IS NULL) <> (group_id IS NULL))
) STRICT;
CREATE INDEX lessons_by_class ON lessons(class_id);
CREATE INDEX lessons_by_group ON lessons(group_id);
CREATE INDEX lessons_by_weekday ON lessons(weekday, starts_at);

CREATE TABLE lesson_teachers (
  lesson_id       INTEGER NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
  teacher_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (lesson_id, teacher_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX lesson_teachers_by_teacher ON lesson_teachers(teacher_id, lesson_id);

-- A change to one occurrence of a lesson (the one on `on_date`). One change of
-- each kind per occurrence; recording it again replaces it.
CREATE TABLE lesson_changes (
  id              INTEGER PRIMARY KEY,
  lesson_id       INTEGER NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
  on_date         TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('cancelled', 'moved', 'room', 'substitute')),
  new_date        TEXT,                   -- moved
  new_starts_at   TEXT,                   -- moved
  new_ends_at     TEXT,                   -- moved
  new_room        TEXT,                   -- room (or moved to another room)
  substitute_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,  -- substitute
  note            TEXT NOT NULL DEFAULT '',
  created_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at      INTEGER NOT NULL,
  UNIQUE (lesson_id, on_date, kind)
) STRICT;
CREATE INDEX lesson_changes_by_date ON lesson_changes(on_date);
CREATE INDEX lesson_changes_by_new_date ON lesson_changes(new_date);
CREATE INDEX lesson_changes_by_substitute ON lesson_changes(substitute_id);

-- What a person is told (a lesson cancelled, ...); read_at is set when seen.
CREATE TABLE notifications (
  id              INTEGER PRIMARY KEY,
  user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind            TEXT NOT NULL,          -- e.g. timetable.cancelled
  title           TEXT NOT NULL,
  body            TEXT NOT NULL DEFAULT '',
  link            TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  read_at         INTEGER
) STRICT;
CREATE INDEX notifications_by_user ON notifications(user_id, created_at);
