import type { Db } from '../pool.ts';

/**
 * Deletes up to `limit` cached translations not used since `cutoff` (last_used_at, touched on cache hits),
 * least recently used first. Rows another run holds are skipped. Returns how many it deleted; fewer than
 * `limit` means none older is left.
 */
export async function pruneTranslationCache(db: Db, cutoff: Date, limit: number): Promise<number> {
  const r = await db.query(
    `WITH batch AS (
       SELECT content_hash, model FROM translations WHERE last_used_at < $1 ORDER BY last_used_at LIMIT $2 FOR UPDATE SKIP LOCKED
     )
     DELETE FROM translations t USING batch WHERE t.content_hash = batch.content_hash AND t.model = batch.model`,
    [cutoff, limit],
  );
  return r.rowCount ?? 0;
}
