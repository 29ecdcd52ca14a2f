import type { Db } from '../pool.ts';

/**
 * Deletes up to `limit` finished deliveries (delivered or failed) last written before `cutoff`, oldest
 * first; pending ones are never touched. Their alerts stay. Returns how many it deleted.
 */
export async function pruneDeliveries(db: Db, cutoff: Date, limit: number): Promise<number> {
  const r = await db.query(
    `WITH batch AS (
       SELECT id FROM deliveries WHERE status <> 'pending' AND updated_at < $1 ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED
     )
     DELETE FROM deliveries d USING batch WHERE d.id = batch.id`,
    [cutoff, limit],
  );
  return r.rowCount ?? 0;
}
