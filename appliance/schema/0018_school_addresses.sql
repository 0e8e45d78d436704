-- Hub: where each school's people reach it (its profile's `url`, from the
-- school's `mail.public_url`), sent to every school with its keys so that a
-- person with accounts at two schools is shown the way to the other.
ALTER TABLE federation_schools ADD COLUMN public_url TEXT NOT NULL DEFAULT '';
