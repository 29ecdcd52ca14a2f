-- A pushed alert waits (a bounded time) for its English, and a receiver that got it without English gets the
-- English later as an `alert.updated` event: its own delivery row, with its own id, retries and log entry.
ALTER TABLE deliveries ADD COLUMN event text NOT NULL DEFAULT 'alert' CHECK (event IN ('alert', 'alert.updated'));
-- planned while the alert's item is being translated: next_attempt_at is the end of the wait, and the
-- translate stage brings it forward when the English lands
ALTER TABLE deliveries ADD COLUMN awaiting_en boolean NOT NULL DEFAULT false;
-- whether what was sent carried the complete English (NULL until sent)
ALTER TABLE deliveries ADD COLUMN sent_en boolean;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_alert_id_subscription_id_kind_key;
-- an alert (of one kind) reaches a subscription at most once per event, however often its job runs
ALTER TABLE deliveries ADD CONSTRAINT deliveries_once UNIQUE (alert_id, subscription_id, kind, event);
