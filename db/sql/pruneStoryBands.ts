import type { Db } from '../pool.ts';

/**
 * Deletes up to `limit` story bands not touched since `cutoff`, oldest first (bands past the matching window
 * are never read again). Small batches keep each statement's locks short; returns how many went.
 */
export async function pruneStoryBands(db: Db, cutoff: Date, limit = 5000): Promise<number> {
  const r = await db.query(
    `DELETE FROM story_bands WHERE ctid = ANY (ARRAY(SELECT ctid FROM story_bands WHERE created_at < $1 ORDER BY created_at LIMIT $2))`,
    [cutoff, limit],
  );
  return r.rowCount ?? 0;
}
