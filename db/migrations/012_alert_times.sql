-- Alert times and sources (issue 17): when the first outlet published, when anything last happened to the
-- alert (created, upgraded, a new outlet, an answer to its rumor), how many outlets carry it and which was first.

ALTER TABLE alerts
  -- the first source's publication time (a future one clamped to its fetch), else its first fetch
  ADD COLUMN published_at   timestamptz,
  -- bumped when it is upgraded, when a new outlet joins, when its rumor gets an answer
  ADD COLUMN activity_at    timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN outlet_count   integer NOT NULL DEFAULT 1,
  -- the earliest published source
  ADD COLUMN first_item_id  bigint REFERENCES items(id) ON DELETE SET NULL,
  ADD COLUMN first_feed_id  text,
  -- set when a stronger statement upgraded it (a mention that became a debunk)
  ADD COLUMN upgraded_at    timestamptz,
  ADD COLUMN upgraded_from  text,
  -- the event that gives it its kind, and the rumor it opens or answers
  ADD COLUMN event_id       bigint REFERENCES events(id) ON DELETE SET NULL,
  ADD COLUMN rumor_id       bigint REFERENCES rumors(id) ON DELETE SET NULL;

-- each source's publication time, so an alert's first source and its spread need no join with items
ALTER TABLE alert_sources ADD COLUMN at timestamptz;

UPDATE alerts SET activity_at = created_at;
UPDATE alert_sources s SET at = least(coalesce(i.published_at, i.fetched_at), i.fetched_at) FROM items i WHERE i.id = s.item_id;
UPDATE alerts a SET outlet_count = x.outlets, published_at = x.first_at, first_item_id = x.first_item, first_feed_id = x.first_feed
  FROM (SELECT alert_id, count(DISTINCT feed_id)::int AS outlets, min(at) AS first_at,
               (array_agg(item_id ORDER BY at, item_id))[1] AS first_item, (array_agg(feed_id ORDER BY at, item_id))[1] AS first_feed
          FROM alert_sources GROUP BY alert_id) x
 WHERE a.id = x.alert_id;

-- the list sorted by latest activity, keyset-paged like the one by creation
CREATE INDEX alerts_activity ON alerts (activity_at DESC, id DESC);
CREATE INDEX alerts_figure_activity ON alerts (figure_id, activity_at DESC, id DESC);
