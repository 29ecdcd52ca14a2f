import type { Db } from '../pool.ts';

/** Deletes up to `limit` daily fetch counts of days before `cutoff`; returns how many went. */
export async function pruneFetchRunDays(db: Db, cutoff: Date, limit: number): Promise<number> {
  const r = await db.query(
    `DELETE FROM fetch_run_days WHERE ctid = ANY (ARRAY(
       SELECT ctid FROM fetch_run_days WHERE day < ($1::timestamptz AT TIME ZONE 'UTC')::date ORDER BY day LIMIT $2))`,
    [cutoff, limit],
  );
  return r.rowCount ?? 0;
}
