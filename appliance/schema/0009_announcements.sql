-- Announcements (actualités) to audiences of the school, who read them, and
-- the help desk: tickets users open for the school's admins.

CREATE TABLE announcements (
  id              INTEGER PRIMARY KEY,
  author_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  title           TEXT NOT NULL,
  body            TEXT NOT NULL,          -- plain text; clients escape it
  publish_at      INTEGER NOT NULL,       -- Unix time; later than creation: scheduled
  expires_at      INTEGER,                -- Unix time; NULL: never
  pinned          INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
  announced       INTEGER NOT NULL DEFAULT 0 CHECK (announced IN (0, 1)),  -- audience notified
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  CHECK (expires_at IS NULL OR expires_at > publish_at)
) STRICT;
CREATE INDEX announcements_by_publication ON announcements(publish_at);
CREATE INDEX announcements_by_author ON announcements(author_id);
CREATE INDEX announcements_to_announce ON announcements(publish_at) WHERE announced = 0;

-- Who an announcement addresses: the whole school, the staff (staff, admins,
-- teachers), or a class's students, its parents, or both ('class').
CREATE TABLE announcement_audiences (
  announcement_id INTEGER NOT NULL REFERENCES announcements(id) ON DELETE CASCADE,
  kind            TEXT NOT NULL
                  CHECK (kind IN ('school', 'staff', 'class', 'class_students', 'class_parents')),
  class_id        INTEGER REFERENCES classes(id) ON DELETE CASCADE,
  CHECK ((class_id IS NULL) = (kind IN ('school', 'staff')))
) STRICT;
CREATE UNIQUE INDEX announcement_audiences_unique
  ON announcement_audiences(announcement_id, kind, ifnull(class_id, 0));
CREATE INDEX announcement_audiences_by_class ON announcement_audiences(class_id, kind);

CREATE TABLE announcement_reads (
  announcement_id INTEGER NOT NULL REFERENCES announcements(id) ON DELETE CASCADE,
  user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  read_at         INTEGER NOT NULL,
  PRIMARY KEY (announcement_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX announcement_reads_by_user ON announcement_reads(user_id);

CREATE TABLE announcement_attachments (
  announcement_id INTEGER NOT NULL REFERENCES announcements(id) ON DELETE CASCADE,
  file_id         INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  PRIMARY KEY (announcement_id, file_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX announcement_attachments_by_file ON announcement_attachments(file_id);

-- A help desk ticket, handled by the school's admins.
CREATE TABLE helpdesk_tickets (
  id              INTEGER PRIMARY KEY,
  reporter_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  category        TEXT NOT NULL CHECK (category IN ('account', 'timetable', 'homework', 'grades',
                                                    'attendance', 'messaging', 'documents',
                                                    'other')),
  subject         TEXT NOT NULL,
  text            TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'open'
                  CHECK (status IN ('open', 'in_progress', 'waiting_for_user', 'resolved',
                                    'closed')),
  assignee_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  screenshot_id   INTEGER REFERENCES files(id) ON DELETE SET NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX helpdesk_tickets_by_reporter ON helpdesk_tickets(reporter_id, updated_at);
CREATE INDEX helpdesk_tickets_by_status ON helpdesk_tickets(status, updated_at);
CREATE INDEX helpdesk_tickets_by_screenshot ON helpdesk_tickets(screenshot_id);

-- The conversation on a ticket; internal notes are shown to admins only.
CREATE TABLE helpdesk_comments (
  id              INTEGER PRIMARY KEY,
  ticket_id       INTEGER NOT NULL REFERENCES helpdesk_tickets(id) ON DELETE CASCADE,
  author_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  text            TEXT NOT NULL,
  internal        INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1)),
  created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX helpdesk_comments_by_ticket ON helpdesk_comments(ticket_id, id);
