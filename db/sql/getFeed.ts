import type { Db } from '../pool.ts';
import type { FeedRow } from '../rows.ts';

export async function getFeed(db: Db, feedId: string): Promise<FeedRow | null> {
  const r = await db.query<FeedRow>('SELECT * FROM feeds WHERE id = $1', [feedId]);
  return r.rows[0] ?? null;
}
