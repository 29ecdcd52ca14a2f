-- Raqib core schema: feeds -> items -> mentions/signals -> stories -> alerts, plus fetch runs.
-- Idempotency is enforced here (unique constraints), not by timing in the workers.

CREATE TABLE feeds (
  id                          text PRIMARY KEY,
  name                        text NOT NULL,
  kind                        text NOT NULL CHECK (kind IN ('rss', 'html', 'telegram')),
  url                         text NOT NULL,
  -- the whole validated FeedConfig (selectors, channel, translate mode, ...)
  config                      jsonb NOT NULL,
  enabled                     boolean NOT NULL DEFAULT true,
  -- what ops configured, and what the adaptive cadence / health backoff currently uses
  interval_seconds            integer NOT NULL CHECK (interval_seconds >= 10),
  effective_interval_seconds  integer,
  -- conditional GET and change detection state
  etag                        text,
  last_modified               text,
  body_hash                   text,
  -- source-specific position, e.g. the newest Telegram post id seen
  cursor                      text,
  -- health
  last_fetched_at             timestamptz,
  last_success_at             timestamptz,
  last_error                  text,
  last_error_kind             text,
  last_error_at               timestamptz,
  consecutive_failures        integer NOT NULL DEFAULT 0,
  failure_score               real NOT NULL DEFAULT 0,
  healthy                     boolean NOT NULL DEFAULT true,
  -- set when the server asked us to wait (Retry-After) or the feed backs off
  not_before                  timestamptz,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE fetch_runs (
  id             bigserial PRIMARY KEY,
  feed_id        text NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  started_at     timestamptz NOT NULL,
  finished_at    timestamptz NOT NULL DEFAULT now(),
  duration_ms    integer NOT NULL,
  http_status    integer,
  -- ok | not_modified | unchanged | error
  outcome        text NOT NULL,
  items_seen     integer NOT NULL DEFAULT 0,
  items_new      integer NOT NULL DEFAULT 0,
  items_updated  integer NOT NULL DEFAULT 0,
  -- items or text cut by the per-fetch caps, said here rather than dropped silently
  items_dropped  integer NOT NULL DEFAULT 0,
  error_kind     text,
  error          text,
  notes          text
);
CREATE INDEX fetch_runs_feed_time ON fetch_runs (feed_id, started_at DESC);

CREATE TABLE items (
  id               bigserial PRIMARY KEY,
  feed_id          text NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  -- the source's GUID, or the canonical URL when it has none
  guid             text NOT NULL,
  url              text,
  title            text NOT NULL DEFAULT '',
  -- NULL once retention has pruned it; alerts keep their snippets
  body             text,
  content_hash     text NOT NULL,
  lang             text,
  published_at     timestamptz,
  fetched_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz,
  -- media, forwardedFrom, views, edited ... as the source reports them
  meta             jsonb NOT NULL DEFAULT '{}',
  -- bumped when an edit changes the text, so analysis runs again
  revision         integer NOT NULL DEFAULT 1,
  analyzed_revision integer NOT NULL DEFAULT 0,
  analyzed_at      timestamptz,
  title_en         text,
  body_en          text,
  translation_model text,
  translation_status text,
  translated_at    timestamptz,
  body_pruned_at   timestamptz,
  UNIQUE (feed_id, guid)
);
CREATE INDEX items_fetched ON items (fetched_at);
CREATE INDEX items_unanalyzed ON items (id) WHERE analyzed_revision < revision;

-- tracked figures, seeded from config/watchlist.yaml and edited by ops at run time
CREATE TABLE figures (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  -- the whole validated watchlist entry
  spec        jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mentions (
  id         bigserial PRIMARY KEY,
  item_id    bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  figure_id  text NOT NULL,
  -- UTF-16 offsets into the item's analyzed text (title, blank line, body)
  start_pos  integer NOT NULL,
  end_pos    integer NOT NULL,
  text       text NOT NULL,
  alias      text,
  revision   integer NOT NULL DEFAULT 1,
  UNIQUE (item_id, figure_id, start_pos)
);
CREATE INDEX mentions_figure ON mentions (figure_id, item_id);

CREATE TABLE item_places (
  item_id    bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  place_id   text NOT NULL,
  start_pos  integer NOT NULL,
  end_pos    integer NOT NULL,
  PRIMARY KEY (item_id, place_id, start_pos)
);

-- statement signals tied to the figure they concern
CREATE TABLE item_signals (
  item_id    bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  figure_id  text NOT NULL,
  type       text NOT NULL CHECK (type IN ('debunk', 'harm_claim', 'whereabouts', 'appearance')),
  place_id   text NOT NULL DEFAULT '',
  PRIMARY KEY (item_id, figure_id, type, place_id)
);

-- near-duplicate items across outlets form one story
CREATE TABLE stories (
  id            bigserial PRIMARY KEY,
  first_item_id bigint NOT NULL,
  title         text NOT NULL DEFAULT '',
  item_count    integer NOT NULL DEFAULT 1,
  source_count  integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE story_items (
  item_id   bigint PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  story_id  bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
  feed_id   text NOT NULL,
  added_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX story_items_story ON story_items (story_id);
-- locality-sensitive hash bands: items sharing a band are candidates for the same story
CREATE TABLE story_bands (
  band      bigint NOT NULL,
  story_id  bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (band, story_id)
);

CREATE TABLE alerts (
  id           bigserial PRIMARY KEY,
  -- what makes an alert unique: story:<id>:<figure> for item alerts, surge:/silence:<figure>:<wave> otherwise
  dedupe_key   text NOT NULL UNIQUE,
  figure_id    text NOT NULL,
  -- mention | debunk | harm_claim | whereabouts | appearance | surge | silence
  kind         text NOT NULL,
  priority     text NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'high')),
  story_id     bigint REFERENCES stories(id) ON DELETE SET NULL,
  -- the item that raised it (first source); NULL for surge/silence
  item_id      bigint REFERENCES items(id) ON DELETE SET NULL,
  feed_id      text,
  lang         text,
  place_id     text,
  snippet      text NOT NULL DEFAULT '',
  -- [start, end] pairs in the snippet marking the mention(s)
  snippet_marks jsonb NOT NULL DEFAULT '[]',
  snippet_en   text,
  detail       jsonb NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alerts_created ON alerts (created_at DESC, id DESC);
CREATE INDEX alerts_figure_created ON alerts (figure_id, created_at DESC);
CREATE INDEX alerts_kind_created ON alerts (kind, created_at DESC);

-- every (item, figure) pair belongs to exactly one alert
CREATE TABLE alert_sources (
  item_id    bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  figure_id  text NOT NULL,
  alert_id   bigint NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  feed_id    text NOT NULL,
  added_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (item_id, figure_id)
);
CREATE INDEX alert_sources_alert ON alert_sources (alert_id);

-- per figure: where and when last seen, and the open surge/silence waves
CREATE TABLE figure_state (
  figure_id          text PRIMARY KEY,
  last_seen_at       timestamptz,
  last_seen_place    text,
  last_seen_item_id  bigint,
  last_mention_at    timestamptz,
  silence_alert_id   bigint,
  surge_until        timestamptz,
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- translation cache: the same text through the same model is translated once
CREATE TABLE translations (
  content_hash text NOT NULL,
  model        text NOT NULL,
  source_text  text NOT NULL,
  translation  text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (content_hash, model)
);

-- listeners (web SSE, deliver) learn of new and updated alerts at once
CREATE FUNCTION raqib_notify_alert() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('raqib_alerts', json_build_object('id', NEW.id, 'op', lower(TG_OP), 'kind', NEW.kind, 'figureId', NEW.figure_id)::text);
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER alerts_notify AFTER INSERT OR UPDATE ON alerts FOR EACH ROW EXECUTE FUNCTION raqib_notify_alert();

CREATE FUNCTION raqib_notify_feeds() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('raqib_feeds', coalesce(NEW.id, OLD.id));
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER feeds_notify_change AFTER INSERT OR DELETE ON feeds
  FOR EACH ROW EXECUTE FUNCTION raqib_notify_feeds();
-- only what the schedule depends on: a fetch that merely records its state must not wake the scheduler
CREATE TRIGGER feeds_notify_update AFTER UPDATE ON feeds FOR EACH ROW
  WHEN (OLD.enabled IS DISTINCT FROM NEW.enabled
     OR OLD.interval_seconds IS DISTINCT FROM NEW.interval_seconds
     OR OLD.effective_interval_seconds IS DISTINCT FROM NEW.effective_interval_seconds)
  EXECUTE FUNCTION raqib_notify_feeds();
