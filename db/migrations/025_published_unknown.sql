-- An item whose source gave no believable date (none, unreadable, before 1990, more than a day ahead) gets the
-- time we first saw it as published_at, so every item sorts and windows by one column; this flag says so.
ALTER TABLE items ADD COLUMN published_unknown boolean NOT NULL DEFAULT false;
UPDATE items SET published_at = fetched_at, published_unknown = true WHERE published_at IS NULL;
