-- Retention prunes item bodies oldest first in small batches. This partial index holds only rows whose body
-- is still there, so each batch finds its rows without walking past everything pruned before.
CREATE INDEX items_body_unpruned ON items (fetched_at, id) WHERE body IS NOT NULL;
