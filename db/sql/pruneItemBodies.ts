import type { Db } from '../pool.ts';

/**
 * Drops the body (and its translation) of up to `limit` items fetched before `cutoff`, oldest first, and
 * stamps body_pruned_at. One short statement: rows a worker holds are skipped (SKIP LOCKED) rather than
 * waited for, and an item not yet analyzed keeps its text. Titles, mentions and alerts with their
 * snippets stay. Returns how many rows it pruned; fewer than `limit` means nothing older is left.
 */
export async function pruneItemBodies(db: Db, cutoff: Date, limit: number): Promise<number> {
  const r = await db.query(
    `WITH batch AS (
       SELECT id FROM items
        WHERE body IS NOT NULL AND fetched_at < $1 AND analyzed_revision >= revision
        ORDER BY fetched_at, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED
     )
     UPDATE items SET body = NULL, body_en = NULL, body_pruned_at = now()
       FROM batch WHERE items.id = batch.id`,
    [cutoff, limit],
  );
  return r.rowCount ?? 0;
}
