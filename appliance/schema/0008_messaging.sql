-- Messaging: conversations, their participants and messages, attachments,
-- reports of abusive messages, and the school's policy of who may write to whom.

-- `replies`: 'everyone' lets every participant write to all; 'author' (a
-- broadcast, e.g. to all parents of a class) sends the others' replies to a
-- private conversation with the author, whose `origin_id` is the broadcast.
CREATE TABLE conversations (
  id               INTEGER PRIMARY KEY,
  subject          TEXT NOT NULL,
  started_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  replies          TEXT NOT NULL CHECK (replies IN ('everyone', 'author')),
  origin_id        INTEGER REFERENCES conversations(id) ON DELETE SET NULL,
  created_at       INTEGER NOT NULL,
  last_message_id  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX conversations_by_origin ON conversations(origin_id, started_by);

-- A participant reads messages up to `last_read_id`; one who left receives
-- nothing after `left_after_id` (the conversation's last message when they left).
CREATE TABLE conversation_participants (
  conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  user_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  last_read_id     INTEGER NOT NULL DEFAULT 0,
  left_at          INTEGER,
  left_after_id    INTEGER,
  PRIMARY KEY (conversation_id, user_id),
  CHECK ((left_at IS NULL) = (left_after_id IS NULL))
) STRICT, WITHOUT ROWID;
CREATE INDEX participants_by_user ON conversation_participants(user_id, conversation_id);

CREATE TABLE messages (
  id               INTEGER PRIMARY KEY,
  conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  author_id        INTEGER REFERENCES users(id) ON DELETE SET NULL,
  text             TEXT NOT NULL CHECK (length(text) >= 1),
  forwarded_from   INTEGER REFERENCES messages(id) ON DELETE SET NULL,
  created_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX messages_by_conversation ON messages(conversation_id, id);

CREATE TABLE message_attachments (
  message_id       INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  file_id          INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  position         INTEGER NOT NULL,
  PRIMARY KEY (message_id, file_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX message_attachments_by_file ON message_attachments(file_id);

-- A participant's report of a message; the admins handle it.
CREATE TABLE message_reports (
  id               INTEGER PRIMARY KEY,
  message_id       INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  reported_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  reason           TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  handled_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  handled_at       INTEGER,
  UNIQUE (message_id, reported_by)
) STRICT;
CREATE INDEX message_reports_by_state ON message_reports(handled_at, id);

-- Who may start a conversation with whom: named rules, each on or off.
CREATE TABLE messaging_policy (
  rule             TEXT PRIMARY KEY,
  allowed          INTEGER NOT NULL CHECK (allowed IN (0, 1))
) STRICT, WITHOUT ROWID;
INSERT INTO messaging_policy (rule, allowed) VALUES
  ('student_teacher', 1), ('student_staff', 1), ('student_classmates', 0),
  ('parent_teacher', 1), ('parent_staff', 1), ('teacher_student', 1),
  ('teacher_parent', 1), ('teacher_teacher', 1), ('teacher_staff', 1),
  ('staff_everyone', 1);

-- Full-text search over each message's text and its conversation's subject,
-- accents folded (French), kept in step by triggers.
CREATE VIRTUAL TABLE message_search USING fts5(
  subject, text, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER message_search_insert AFTER INSERT ON messages BEGIN
  INSERT INTO message_search (rowid, subject, text)
  VALUES (new.id, (SELECT subject FROM conversations WHERE id = new.conversation_id), new.text);
END;
CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
  DELETE FROM message_search WHERE rowid = old.id;
END;
