import type { Db } from '../pool.ts';

export interface ScheduledFeed {
  id: string;
  enabled: boolean;
  /** effective interval: adaptive cadence / backoff when set, else what ops configured */
  interval_seconds: number;
  last_fetched_at: Date | null;
}

/** What the scheduler mirrors into BullMQ job schedulers: every feed, or those of `ids`. */
export async function listScheduledFeeds(db: Db, ids: string[] | null = null): Promise<ScheduledFeed[]> {
  const r = await db.query<ScheduledFeed>(
    `SELECT id, enabled, coalesce(effective_interval_seconds, interval_seconds) AS interval_seconds, last_fetched_at
       FROM feeds WHERE $1::text[] IS NULL OR id = ANY($1) ORDER BY id`,
    [ids],
  );
  return r.rows;
}
