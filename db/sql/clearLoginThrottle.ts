import type { Db } from '../pool.ts';

/** Forgets failures and lifts locks of these keys (a successful login, or ops unlocking); returns how many. */
export async function clearLoginThrottle(db: Db, keys: string[]): Promise<number> {
  const r = await db.query('DELETE FROM login_throttle WHERE key = ANY($1::text[])', [keys]);
  return r.rowCount ?? 0;
}
