-- Follow-up plans for a student in difficulty (like a PPRE): goals, actions
-- with who does them and by when, a review date, dated notes, and an outcome
-- when closed. Teachers' short recommendations to a student. Differentiated
-- pathways: a teacher's grouping of one class's students by need for a
-- subject; what each group is given is ordinary homework, quizzes or shares
-- chosen for those students.

CREATE TABLE follow_up_plans (
  id              INTEGER PRIMARY KEY,
  student_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title           TEXT NOT NULL,
  reason          TEXT NOT NULL DEFAULT '',  -- why it was opened (an alert, a council...)
  review_on       TEXT,                      -- YYYY-MM-DD
  state           TEXT NOT NULL CHECK (state IN ('open', 'closed')),
  outcome         TEXT CHECK (outcome IN ('goals_met', 'partly_met', 'not_met')),
  outcome_comment TEXT NOT NULL DEFAULT '',
  opened_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  closed_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  closed_at       INTEGER,
  CHECK ((state = 'closed') = (outcome IS NOT NULL))
) STRICT;
CREATE INDEX follow_up_plans_by_student ON follow_up_plans(student_id, state);

CREATE TABLE follow_up_goals (
  plan_id         INTEGER NOT NULL REFERENCES follow_up_plans(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL CHECK (position >= 1),
  text            TEXT NOT NULL,
  PRIMARY KEY (plan_id, position)
) STRICT, WITHOUT ROWID;

-- `actor` says who does it (a role of the plan); `actor_id` may name the person.
CREATE TABLE follow_up_actions (
  plan_id         INTEGER NOT NULL REFERENCES follow_up_plans(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL CHECK (position >= 1),
  what            TEXT NOT NULL,
  actor           TEXT NOT NULL CHECK (actor IN ('teacher', 'staff', 'student', 'parent')),
  actor_id        INTEGER REFERENCES users(id) ON DELETE SET NULL,
  due_on          TEXT,                      -- YYYY-MM-DD
  done            INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
  PRIMARY KEY (plan_id, position)
) STRICT, WITHOUT ROWID;

-- Appended, never edited.
CREATE TABLE follow_up_notes (
  id              INTEGER PRIMARY KEY,
  plan_id         INTEGER NOT NULL REFERENCES follow_up_plans(id) ON DELETE CASCADE,
  author_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  text            TEXT NOT NULL,
  created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX follow_up_notes_by_plan ON follow_up_notes(plan_id, id);

CREATE TABLE teacher_recommendations (
  id              INTEGER PRIMARY KEY,
  student_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  author_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  plan_id         INTEGER REFERENCES follow_up_plans(id) ON DELETE SET NULL,
  text            TEXT NOT NULL,
  created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX teacher_recommendations_by_student ON teacher_recommendations(student_id, id);

-- A teacher's grouping of class `class_id` by need in `subject_id`.
CREATE TABLE need_groupings (
  id              INTEGER PRIMARY KEY,
  teacher_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  class_id        INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
  subject_id      INTEGER NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
  title           TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX need_groupings_by_class ON need_groupings(class_id);

CREATE TABLE need_groups (
  grouping_id     INTEGER NOT NULL REFERENCES need_groupings(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL CHECK (position >= 1),
  label           TEXT NOT NULL,
  PRIMARY KEY (grouping_id, position)
) STRICT, WITHOUT ROWID;

-- A student is in at most one group of a grouping. `basis` is the figure
-- that placed them (a mean on 20, in hundredths) when suggested.
CREATE TABLE need_group_members (
  grouping_id     INTEGER NOT NULL REFERENCES need_groupings(id) ON DELETE CASCADE,
  student_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  basis           INTEGER,
  PRIMARY KEY (grouping_id, student_id),
  FOREIGN KEY (grouping_id, position) REFERENCES need_groups(grouping_id, position)
    ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- Methodological guides (fiches méthode): documents of the documents space
-- placed in this category, which students browse; reading each still follows
-- the document's own rights.
CREATE TABLE method_guides (
  document_id     INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  topic           TEXT NOT NULL,             -- e.g. "Apprendre une leçon"
  subject_id      INTEGER REFERENCES subjects(id) ON DELETE SET NULL,
  added_by        INTEGER REFERENCES users(id) ON DELETE SET NULL,
  added_at        INTEGER NOT NULL
) STRICT;
