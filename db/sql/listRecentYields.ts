import type { Db } from '../pool.ts';

/** New-item counts of a feed's last fetch runs, newest first, for the adaptive cadence. */
export async function listRecentYields(db: Db, feedId: string, limit = 10): Promise<number[]> {
  const r = await db.query<{ items_new: number }>(
    `SELECT items_new FROM fetch_runs WHERE feed_id = $1 AND outcome <> 'error' ORDER BY started_at DESC LIMIT $2`,
    [feedId, limit],
  );
  return r.rows.map((x) => x.items_new);
}
