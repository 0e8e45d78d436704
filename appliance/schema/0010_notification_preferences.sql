-- What each person wants to be told, per category of notice and channel, and
-- the outbox of emails the mailer hands to the school's SMTP relay.

-- A row only for a category where the person changed the defaults (feed on,
-- email off).
CREATE TABLE notification_preferences (
  user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  category        TEXT NOT NULL CHECK (category IN ('timetable', 'homework', 'grades',
                    'attendance', 'message', 'announcement', 'document', 'helpdesk')),
  feed            INTEGER NOT NULL CHECK (feed IN (0, 1)),
  email           INTEGER NOT NULL CHECK (email IN (0, 1)),
  updated_at      INTEGER NOT NULL,
  PRIMARY KEY (user_id, category)
) STRICT, WITHOUT ROWID;

-- One email per notice and person, written in the transaction of the event.
-- The address is read when sending, so a changed or removed address is
-- honoured; the notice text is copied because the feed row may be muted.
CREATE TABLE mail_outbox (
  id              INTEGER PRIMARY KEY,
  user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind            TEXT NOT NULL,
  title           TEXT NOT NULL,
  body            TEXT NOT NULL,
  link            TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,      -- Unix time; pending rows only
  message_id      TEXT,                  -- Message-ID header, kept across retries
  last_error      TEXT,                  -- the relay's last refusal, or why it was given up
  finished_at     INTEGER,               -- sent or given up
  CHECK ((state = 'pending') = (finished_at IS NULL))
) STRICT;
CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE state = 'pending';
CREATE INDEX mail_outbox_finished ON mail_outbox(finished_at) WHERE state <> 'pending';
CREATE INDEX mail_outbox_by_user ON mail_outbox(user_id);
