-- The unread notices of one person, counted on every dashboard and on every
-- live delivery: a partial index holds only the unread ones, so the count no
-- longer reads a person's whole history.
CREATE INDEX notifications_unread_by_user ON notifications(user_id) WHERE read_at IS NULL;
