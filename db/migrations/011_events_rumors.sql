-- Events and rumors (issue 12). See lib/events/ for the rules; the alert stage writes all of it in its
-- transaction (workers/alert/).
--
-- An *event* is one statement about one figure as every outlet carried it: the same signal type (and place,
-- for whereabouts) within RAQIB_EVENT_WINDOW_HOURS, whatever the wording or language. Near-duplicate stories
-- stay as they are; an event holds items of any number of stories. Each event has one alert.
--
-- A *rumor* is a claim of harm to a figure (death, injury, strike, arrest, illness, flight) with its first
-- source; later statements that he is alive, well, somewhere or seen are its answers. Editors mark it
-- confirmed or denied; it goes stale after RAQIB_RUMOR_QUIET_DAYS without a new claim or answer.

CREATE TABLE rumors (
  id                bigserial PRIMARY KEY,
  figure_id         text NOT NULL,
  -- NULL while no claim has said which harm
  harm              text CHECK (harm IN ('death', 'injury', 'strike', 'arrest', 'illness', 'flight')),
  status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'denied', 'stale')),
  -- the earliest claim (by publication time), with how that time is known: published | posted | fetched
  first_item_id     bigint REFERENCES items(id) ON DELETE SET NULL,
  first_feed_id     text,
  first_at          timestamptz NOT NULL,
  first_basis       text NOT NULL,
  last_claim_at     timestamptz NOT NULL,
  -- latest claim or answer: the quiet period runs from here
  last_activity_at  timestamptz NOT NULL,
  claim_items       integer NOT NULL DEFAULT 0,
  claim_outlets     integer NOT NULL DEFAULT 0,
  answer_count      integer NOT NULL DEFAULT 0,
  answered_at       timestamptz,
  -- an editor's judgement
  status_by         text,
  status_at         timestamptz,
  status_note       text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rumors_figure_status ON rumors (figure_id, status, last_activity_at DESC);
CREATE INDEX rumors_status_activity ON rumors (status, last_activity_at DESC, id DESC);

CREATE TABLE events (
  id             bigserial PRIMARY KEY,
  figure_id      text NOT NULL,
  type           text NOT NULL CHECK (type IN ('debunk', 'harm_claim', 'whereabouts', 'appearance')),
  -- whereabouts only; '' otherwise
  place_id       text NOT NULL DEFAULT '',
  -- publication times of its earliest and latest item (never more than the window apart)
  first_at       timestamptz NOT NULL,
  last_at        timestamptz NOT NULL,
  first_item_id  bigint REFERENCES items(id) ON DELETE SET NULL,
  first_feed_id  text,
  first_basis    text,
  item_count     integer NOT NULL DEFAULT 0,
  outlet_count   integer NOT NULL DEFAULT 0,
  -- the alert new items of this event join (an alert may carry several events of its figure)
  alert_id       bigint REFERENCES alerts(id) ON DELETE SET NULL,
  -- harm_claim: the rumor it claims; debunk: the rumor it answers
  rumor_id       bigint REFERENCES rumors(id) ON DELETE SET NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_key_time ON events (figure_id, type, place_id, last_at DESC);
CREATE INDEX events_alert ON events (alert_id);
CREATE INDEX events_rumor ON events (rumor_id);

-- each item of an event, with the evidence of when it was first seen: the spread of a claim in time order
CREATE TABLE event_items (
  event_id    bigint NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  item_id     bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  feed_id     text NOT NULL,
  story_id    bigint,
  -- publication time (a future one clamped to the fetch), and how it is known: published | posted | fetched
  at          timestamptz NOT NULL,
  basis       text NOT NULL,
  fetched_at  timestamptz NOT NULL,
  -- a debunk inferred because the item answers an open rumor without a denial word
  derived     boolean NOT NULL DEFAULT false,
  -- harm_claim: the rumor this item claims; debunk: the first rumor it answers
  rumor_id    bigint,
  added_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, item_id)
);
CREATE INDEX event_items_time ON event_items (event_id, at, item_id);
CREATE INDEX event_items_item ON event_items (item_id);
CREATE INDEX event_items_rumor ON event_items (rumor_id, at) WHERE rumor_id IS NOT NULL;

-- each answer to a rumor: a denial, an assurance, a sighting, or a text that names the rumor
CREATE TABLE rumor_answers (
  rumor_id     bigint NOT NULL REFERENCES rumors(id) ON DELETE CASCADE,
  item_id      bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  feed_id      text NOT NULL,
  event_id     bigint REFERENCES events(id) ON DELETE SET NULL,
  alert_id     bigint REFERENCES alerts(id) ON DELETE SET NULL,
  at           timestamptz NOT NULL,
  basis        text NOT NULL,
  -- the item's signal types that answered (debunk, whereabouts, appearance)
  via          text[] NOT NULL,
  -- the text itself names the rumor ("days after reports of his death")
  names_rumor  boolean NOT NULL DEFAULT false,
  added_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rumor_id, item_id)
);
CREATE INDEX rumor_answers_item ON rumor_answers (item_id);

-- the alert a (story, figure) joins: plain mentions stay per story and figure
CREATE TABLE story_alerts (
  story_id   bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
  figure_id  text NOT NULL,
  alert_id   bigint NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  PRIMARY KEY (story_id, figure_id)
);
INSERT INTO story_alerts (story_id, figure_id, alert_id)
SELECT story_id, figure_id, id FROM alerts WHERE story_id IS NOT NULL AND dedupe_key LIKE 'story:%'
ON CONFLICT DO NOTHING;

-- when the last mention was seen (the alert stage writes it, with last_seen_*)
ALTER TABLE figure_state ADD COLUMN last_mention_item_id bigint;
