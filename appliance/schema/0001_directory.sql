-- The school's directory: people, their roles, classes, groups, subjects,
-- family links and teaching assignments.

CREATE TABLE node (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  role          TEXT NOT NULL CHECK (role IN ('school', 'hub')),
  uai           TEXT,              -- the school's UAI (role school)
  name          TEXT NOT NULL,
  created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  given_name    TEXT NOT NULL,
  family_name   TEXT NOT NULL,
  email         TEXT,
  ine           TEXT UNIQUE,       -- students' national identifier
  birth_date    TEXT,              -- ISO 8601 date
  external_id   TEXT UNIQUE,       -- id in the source directory (SIECLE, STS, AAF)
  disabled_at   INTEGER,           -- Unix time; NULL while the account is active
  disabled_by   TEXT CHECK (disabled_by IN ('admin', 'import')),  -- who disabled it
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE user_roles (
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role          TEXT NOT NULL CHECK (role IN ('student', 'parent', 'teacher', 'staff', 'admin')),
  PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;
CREATE INDEX user_roles_by_role ON user_roles(role, user_id);

-- A class belongs to one school year; the same code comes back every year.
CREATE TABLE classes (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL,          -- SIECLE/STS division code, e.g. "3A"
  label         TEXT NOT NULL,
  level         TEXT NOT NULL,          -- 6e, 5e, 4e, 3e, 2nde, 1re, Tle
  school_year   TEXT NOT NULL,          -- e.g. "2026-2027"
  archived_at   INTEGER,                -- set at the yearly rollover: read-only from then on
  UNIQUE (code, school_year)
) STRICT;

CREATE TABLE groups (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,   -- e.g. "3A_LV2_ESP"
  label         TEXT NOT NULL
) STRICT;

CREATE TABLE subjects (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,   -- STS code gestion, e.g. "MATHS"
  label         TEXT NOT NULL
) STRICT;

-- A student's place in a class; a move end-dates the row and adds another.
CREATE TABLE enrollments (
  student_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  class_id      INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
  since         TEXT NOT NULL,          -- ISO date
  until         TEXT,                   -- ISO date, NULL while current
  PRIMARY KEY (student_id, class_id, since)
) STRICT, WITHOUT ROWID;
CREATE INDEX enrollments_by_class ON enrollments(class_id, student_id);
-- At most one current class per student.
CREATE UNIQUE INDEX enrollments_current ON enrollments(student_id) WHERE until IS NULL;

CREATE TABLE group_members (
  group_id      INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  student_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, student_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_members_by_student ON group_members(student_id, group_id);

CREATE TABLE guardianships (
  parent_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  student_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  legal_guardian  INTEGER NOT NULL CHECK (legal_guardian IN (0, 1)),
  relationship    TEXT NOT NULL DEFAULT '',   -- mère, père, tuteur, ...
  PRIMARY KEY (parent_id, student_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX guardianships_by_student ON guardianships(student_id, parent_id);

-- A teacher teaches a subject to one class or one group.
CREATE TABLE teaching_assignments (
  id            INTEGER PRIMARY KEY,
  teacher_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  subject_id    INTEGER NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
  class_id      INTEGER REFERENCES classes(id) ON DELETE CASCADE,
  group_id      INTEGER REFERENCES groups(id) ON DELETE CASCADE,
  main_teacher  INTEGER NOT NULL DEFAULT 0 CHECK (main_teacher IN (0, 1)),  -- professeur principal
  CHECK ((class_id IS NULL) <> (group_id IS NULL))
) STRICT;
-- NULLs are distinct in a UNIQUE constraint, so uniqueness goes through an
-- expression index where the absent side counts as 0.
CREATE UNIQUE INDEX teaching_unique ON teaching_assignments(
  teacher_id, subject_id, ifnull(class_id, 0), ifnull(group_id, 0));
CREATE INDEX teaching_by_teacher ON teaching_assignments(teacher_id);
CREATE INDEX teaching_by_class ON teaching_assignments(class_id);
CREATE INDEX teaching_by_group ON teaching_assignments(group_id);
