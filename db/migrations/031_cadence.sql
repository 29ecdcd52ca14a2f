-- Cadence ops can see (lib/feeds/cadence.ts): the interval adapted to yield is kept apart from the effective
-- one (which bursts, backoff, Crawl-delay and Retry-After override), with the reason the effective one is what
-- it is, and when the feed last stored a new item (bursts start there).
ALTER TABLE feeds ADD COLUMN adapted_interval_seconds integer;
ALTER TABLE feeds ADD COLUMN cadence_reason text;
ALTER TABLE feeds ADD COLUMN last_new_item_at timestamptz;
