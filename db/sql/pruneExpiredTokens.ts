import type { Db } from '../pool.ts';

/** Deletes API tokens expired or revoked more than `keepDays` ago (kept that long for `raqib users tokens`). */
export async function pruneExpiredTokens(db: Db, keepDays = 30): Promise<number> {
  const r = await db.query(
    `DELETE FROM api_tokens
      WHERE expires_at < now() - make_interval(days => $1) OR revoked_at < now() - make_interval(days => $1)`,
    [keepDays],
  );
  return r.rowCount ?? 0;
}
