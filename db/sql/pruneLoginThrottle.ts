import type { Db } from '../pool.ts';

/** Deletes up to `limit` throttle rows with no lock in force and no failure for a day; returns how many. */
export async function pruneLoginThrottle(db: Db, limit: number): Promise<number> {
  const r = await db.query(
    `DELETE FROM login_throttle WHERE key IN (
       SELECT key FROM login_throttle
        WHERE (locked_until IS NULL OR locked_until <= now())
          AND (last_failure_at IS NULL OR last_failure_at < now() - interval '1 day')
        LIMIT $1 FOR UPDATE SKIP LOCKED)`,
    [limit],
  );
  return r.rowCount ?? 0;
}
