import type { Db } from '../pool.ts';

/**
 * Drops the MinHash signature (about 0.5 KB) of up to `limit` story items added before `cutoff`. Story
 * matching reads signatures only of stories touched within its window and skips items without one, so an old
 * wording costs nothing once its signature is gone; the item stays in its story.
 */
export async function pruneStoryMinhash(db: Db, cutoff: Date, limit: number): Promise<number> {
  const r = await db.query(
    `WITH batch AS (
       SELECT item_id FROM story_items WHERE minhash IS NOT NULL AND added_at < $1 ORDER BY added_at LIMIT $2 FOR UPDATE SKIP LOCKED
     )
     UPDATE story_items s SET minhash = NULL FROM batch WHERE s.item_id = batch.item_id`,
    [cutoff, limit],
  );
  return r.rowCount ?? 0;
}
