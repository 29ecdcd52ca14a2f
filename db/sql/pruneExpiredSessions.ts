import type { Db } from '../pool.ts';

/** Deletes up to `limit` sessions past their expiry; returns how many went. */
export async function pruneExpiredSessions(db: Db, limit: number): Promise<number> {
  const r = await db.query(
    `DELETE FROM sessions WHERE ctid = ANY (ARRAY(
       SELECT ctid FROM sessions WHERE expires_at <= now() ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED))`,
    [limit],
  );
  return r.rowCount ?? 0;
}
