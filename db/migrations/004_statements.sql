-- Statements, stories and figure watch (issue 6).

-- A band hit only proposes a story; the item's MinHash confirms it. Kept per story item so a story is
-- matched by any of its wordings, not only the first one.
ALTER TABLE story_items ADD COLUMN minhash integer[];
ALTER TABLE story_items ADD COLUMN shingles integer NOT NULL DEFAULT 0;
-- bands older than the matching window are never read again; this index lets them be pruned in batches
CREATE INDEX story_bands_created ON story_bands (created_at);

-- the open surge wave: started_at names it (alert dedupe key), surge_until is when it closes unless counts stay up
ALTER TABLE figure_state ADD COLUMN surge_started_at timestamptz;
-- the open silence: since when he has not been seen (alert dedupe key); NULL when he is not silent
ALTER TABLE figure_state ADD COLUMN silence_since timestamptz;

-- sightings (appearance/whereabouts) per figure in time order, for last seen and usual gap
CREATE INDEX item_signals_figure_type ON item_signals (figure_id, type);
