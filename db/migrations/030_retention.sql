-- Bounded storage (lib/retention.ts): every table that grows with time has a rule run in small batches.

-- fetch_runs past RAQIB_FETCH_RUNS_DAYS are rolled up into one row per feed and day (in the same statement
-- that deletes them), so feed health keeps its history at about 1/100 of the rows
CREATE TABLE fetch_run_days (
  feed_id          text NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  -- UTC day of started_at
  day              date NOT NULL,
  runs             integer NOT NULL,
  errors           integer NOT NULL,
  -- 304 Not Modified, or a body identical to the last one
  unchanged        integer NOT NULL,
  items_seen       bigint NOT NULL,
  items_new        bigint NOT NULL,
  items_updated    bigint NOT NULL,
  items_dropped    bigint NOT NULL,
  -- a sum, not a median: medians do not add up; the median stays with the recent runs
  duration_ms_sum  bigint NOT NULL,
  PRIMARY KEY (feed_id, day)
);
CREATE INDEX fetch_run_days_day ON fetch_run_days (day);

-- each rule's batch starts at its oldest remaining row instead of scanning the table (story_bands has its
-- index on created_at since 004)
CREATE INDEX fetch_runs_started ON fetch_runs (started_at);
-- minhash signatures are read only within the story matching window; the partial index holds only those left
CREATE INDEX story_items_minhash_added ON story_items (added_at) WHERE minhash IS NOT NULL;
