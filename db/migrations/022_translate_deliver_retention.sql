-- Retention of the translation cache (by last use) and of finished deliveries (by age).
-- now() is evaluated once here: existing rows count as used today, and the column is added without a rewrite.
ALTER TABLE translations ADD COLUMN last_used_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX translations_last_used ON translations (last_used_at);
CREATE INDEX deliveries_finished ON deliveries (updated_at) WHERE status <> 'pending';
