import type { Db } from '../pool.ts';

/**
 * Deletes up to `batch` story bands older than `before` (bands past the matching window are never read
 * again). Small batches keep each statement's locks short; returns how many went.
 */
export async function pruneStoryBands(db: Db, before: Date, batch = 5000): Promise<number> {
  const r = await db.query(`DELETE FROM story_bands WHERE ctid = ANY (ARRAY(SELECT ctid FROM story_bands WHERE created_at < $1 LIMIT $2))`, [
    before,
    batch,
  ]);
  return r.rowCount ?? 0;
}
