import type { Db } from '../pool.ts';

/** Deletes sessions past their expiry; returns how many. */
export async function pruneExpiredSessions(db: Db): Promise<number> {
  const r = await db.query('DELETE FROM sessions WHERE expires_at <= now()');
  return r.rowCount ?? 0;
}
