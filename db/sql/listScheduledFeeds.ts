import type { Db } from '../pool.ts';

export interface ScheduledFeed {
  id: string;
  enabled: boolean;
  /** effective interval: adaptive cadence / backoff when set, else what ops configured */
  interval_seconds: number;
}

/** What the scheduler mirrors into BullMQ job schedulers. */
export async function listScheduledFeeds(db: Db): Promise<ScheduledFeed[]> {
  const r = await db.query<ScheduledFeed>(
    'SELECT id, enabled, coalesce(effective_interval_seconds, interval_seconds) AS interval_seconds FROM feeds ORDER BY id',
  );
  return r.rows;
}
