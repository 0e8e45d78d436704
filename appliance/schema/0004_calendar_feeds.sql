-- Private iCalendar subscriptions: one secret token per person, stored only
-- as its hash; revoking deletes the row.
CREATE TABLE calendar_feeds (
  user_id         INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  token_hash      BLOB NOT NULL UNIQUE,
  created_at      INTEGER NOT NULL
) STRICT;
