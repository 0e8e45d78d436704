-- The documents space: each person's personal folders, each class's folders
-- where its teachers publish, the documents in them with every version
-- uploaded, and what owners share with a class, a group or people.

-- A folder of a tree. Every folder carries its space (a person's, or a
-- class's), copied from its root, so that a rights check reads one row.
CREATE TABLE document_folders (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('personal', 'class')),
  owner_id        INTEGER REFERENCES users(id) ON DELETE CASCADE,    -- personal space
  class_id        INTEGER REFERENCES classes(id) ON DELETE CASCADE,  -- class space
  parent_id       INTEGER REFERENCES document_folders(id) ON DELETE CASCADE,  -- NULL: the root
  name            TEXT NOT NULL,
  name_key        TEXT NOT NULL,          -- the name case-folded: siblings' keys differ
  subject_id      INTEGER REFERENCES subjects(id) ON DELETE SET NULL,  -- a class's subject folder
  created_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at      INTEGER NOT NULL,
  CHECK ((kind = 'personal') = (owner_id IS NOT NULL)),
  CHECK ((kind = 'class') = (class_id IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX document_folders_personal_root ON document_folders(owner_id)
  WHERE parent_id IS NULL AND kind = 'personal';
CREATE UNIQUE INDEX document_folders_class_root ON document_folders(class_id)
  WHERE parent_id IS NULL AND kind = 'class';
CREATE UNIQUE INDEX document_folders_siblings ON document_folders(parent_id, name_key)
  WHERE parent_id IS NOT NULL;

-- A document: a name in a folder; its content is its newest version.
CREATE TABLE documents (
  id              INTEGER PRIMARY KEY,
  folder_id       INTEGER NOT NULL REFERENCES document_folders(id) ON DELETE CASCADE,
  name            TEXT NOT NULL,
  name_key        TEXT NOT NULL,
  created_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,  -- who published it
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  UNIQUE (folder_id, name_key)
) STRICT;
CREATE INDEX documents_by_creator ON documents(created_by);

-- Every upload of a document, numbered from 1. The bytes are a file of the
-- store; deleting the document lets the sweep remove them.
CREATE TABLE document_versions (
  document_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  number          INTEGER NOT NULL CHECK (number >= 1),
  file_id         INTEGER NOT NULL REFERENCES files(id),
  size            INTEGER NOT NULL CHECK (size >= 0),  -- counted against the quotas
  uploaded_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  uploaded_at     INTEGER NOT NULL,
  PRIMARY KEY (document_id, number)
) STRICT, WITHOUT ROWID;
CREATE INDEX document_versions_by_file ON document_versions(file_id);
CREATE INDEX document_versions_by_uploader ON document_versions(uploaded_by, size);

-- A read-only share of a personal document or folder (and what it holds)
-- with a class's students, a group's members or one person.
CREATE TABLE document_shares (
  id              INTEGER PRIMARY KEY,
  document_id     INTEGER REFERENCES documents(id) ON DELETE CASCADE,
  folder_id       INTEGER REFERENCES document_folders(id) ON DELETE CASCADE,
  class_id        INTEGER REFERENCES classes(id) ON DELETE CASCADE,
  group_id        INTEGER REFERENCES groups(id) ON DELETE CASCADE,
  user_id         INTEGER REFERENCES users(id) ON DELETE CASCADE,
  shared_by       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at      INTEGER NOT NULL,
  CHECK ((document_id IS NULL) <> (folder_id IS NULL)),
  CHECK ((class_id IS NOT NULL) + (group_id IS NOT NULL) + (user_id IS NOT NULL) = 1)
) STRICT;
CREATE UNIQUE INDEX document_shares_unique ON document_shares(
  ifnull(document_id, 0), ifnull(folder_id, 0), ifnull(class_id, 0), ifnull(group_id, 0),
  ifnull(user_id, 0));
CREATE INDEX document_shares_by_document ON document_shares(document_id);
CREATE INDEX document_shares_by_folder ON document_shares(folder_id);
CREATE INDEX document_shares_by_user ON document_shares(user_id);
CREATE INDEX document_shares_by_class ON document_shares(class_id);
CREATE INDEX document_shares_by_group ON document_shares(group_id);
