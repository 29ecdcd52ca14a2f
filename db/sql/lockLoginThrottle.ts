import type { Db } from '../pool.ts';

/** A lock that lasts until ops lift it: stored as 'infinity', read back as the latest date JavaScript has. */
export const LOCKED_FOREVER = new Date(8.64e15);
/** pg reads timestamptz 'infinity' as the number Infinity */
export const lockDate = (v: Date | number | null): Date | null => (v === null ? null : typeof v === 'number' ? LOCKED_FOREVER : v);
export const lockParam = (d: Date | null): Date | string | null => (d && d.getTime() >= LOCKED_FOREVER.getTime() ? 'infinity' : d);

export interface LoginThrottleRow {
  key: string;
  failures: number;
  last_failure_at: Date | null;
  locked_until: Date | null;
}

/**
 * The throttle rows of these keys, created when missing and row-locked until the transaction ends, in key
 * order (so two logins never wait on each other in a circle). Call inside BEGIN ... COMMIT.
 */
export async function lockLoginThrottle(db: Db, keys: string[]): Promise<LoginThrottleRow[]> {
  const r = await db.query<LoginThrottleRow>(
    `INSERT INTO login_throttle (key) SELECT k FROM unnest($1::text[]) AS k ORDER BY k
     ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key
     RETURNING key, failures, last_failure_at, locked_until`,
    [keys],
  );
  return r.rows.map((x) => ({ ...x, locked_until: lockDate(x.locked_until) }));
}
