-- "No model" is a state of a language, recorded once, not an error of every item: the translate stage writes
-- one row per language it has been asked for (ready, or no_model with why), and finds the language's waiting
-- items again when a model appears. Deliver, `raqib status` and the API read it.
CREATE TABLE translation_languages (
  lang        text PRIMARY KEY,
  -- the configured model (route key: id, plus the codes of a multilingual model); NULL when none is configured
  model       text,
  state       text NOT NULL CHECK (state IN ('ready', 'no_model')),
  -- why a configured model is not usable (files missing, load error)
  detail      text,
  changed_at  timestamptz NOT NULL DEFAULT now()
);

-- the items a language's model will translate once it appears, newest first
CREATE INDEX items_awaiting_model ON items (lang, id) WHERE translation_status = 'no_model';

-- items an earlier version left as `model_missing` (a failed job, retried) wait for their model like the rest
UPDATE items SET translation_status = 'no_model' WHERE translation_status = 'model_missing';
