-- Progress markers so a stage crashed between its commit and its enqueue is found and resumed by the sweeper.
ALTER TABLE items ADD COLUMN alerted_revision integer NOT NULL DEFAULT 0;
CREATE INDEX items_unalerted ON items (id) WHERE alerted_revision < analyzed_revision;
-- the kind last handed to the deliver stage; differs from kind when an enqueue was lost or the alert was upgraded
ALTER TABLE alerts ADD COLUMN notified_kind text;
CREATE INDEX alerts_unnotified ON alerts (id) WHERE notified_kind IS DISTINCT FROM kind;

-- mirrors KIND_RANK in lib/alerts/alertKind.ts: an alert is only ever upgraded to a stronger kind
CREATE FUNCTION raqib_kind_rank(kind text) RETURNS integer IMMUTABLE LANGUAGE sql AS $$
  SELECT CASE kind WHEN 'mention' THEN 1 WHEN 'appearance' THEN 2 WHEN 'whereabouts' THEN 3
    WHEN 'harm_claim' THEN 4 WHEN 'debunk' THEN 5 WHEN 'silence' THEN 6 WHEN 'surge' THEN 7 ELSE 0 END
$$;
