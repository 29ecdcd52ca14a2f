-- The Signal contract's optional fields (lib/statements/classifyStatement.ts), stored as the classifier gives
-- them; each is NULL (or false) when the classifier does not say. start/end mark the words that said it and
-- the speaker is who the text credits with the statement: the evidence a figure's dossier cites.
ALTER TABLE item_signals
  ADD COLUMN harm              text CHECK (harm IN ('death', 'injury', 'strike', 'arrest', 'illness', 'flight')),
  ADD COLUMN basis             text CHECK (basis IN ('denial', 'assurance', 'sighting')),
  ADD COLUMN answers_rumor     boolean NOT NULL DEFAULT false,
  ADD COLUMN start_pos         integer,
  ADD COLUMN end_pos           integer,
  ADD COLUMN speaker_text      text,
  ADD COLUMN speaker_figure_id text,
  ADD COLUMN speaker_start     integer,
  ADD COLUMN speaker_end       integer;
-- "what did his spokesmen say": statements credited to a tracked figure
CREATE INDEX item_signals_speaker ON item_signals (speaker_figure_id) WHERE speaker_figure_id IS NOT NULL;
