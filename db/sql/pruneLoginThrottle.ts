import type { Db } from '../pool.ts';

/** Deletes throttle rows with no lock in force and no failure for a day; returns how many. */
export async function pruneLoginThrottle(db: Db): Promise<number> {
  const r = await db.query(
    `DELETE FROM login_throttle
      WHERE (locked_until IS NULL OR locked_until <= now())
        AND (last_failure_at IS NULL OR last_failure_at < now() - interval '1 day')`,
  );
  return r.rowCount ?? 0;
}
