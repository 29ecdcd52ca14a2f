import type { Db } from '../pool.ts';

/** Open rumors with no claim or answer for `quietDays` become `stale`: they take no more claims or answers. */
export async function expireStaleRumors(db: Db, quietDays: number, now: Date = new Date()): Promise<number> {
  const r = await db.query(
    `UPDATE rumors SET status = 'stale', updated_at = now()
      WHERE status = 'open' AND last_activity_at < $2::timestamptz - make_interval(days => $1)`,
    [quietDays, now.toISOString()],
  );
  return r.rowCount ?? 0;
}
