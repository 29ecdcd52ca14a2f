import type { Db } from '../pool.ts';

/** Deletes up to `limit` API tokens expired or revoked before `cutoff` (kept until then for `raqib users tokens`). */
export async function pruneExpiredTokens(db: Db, cutoff: Date, limit: number): Promise<number> {
  const r = await db.query(
    `DELETE FROM api_tokens WHERE id IN (
       SELECT id FROM api_tokens WHERE expires_at < $1 OR revoked_at < $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    [cutoff, limit],
  );
  return r.rowCount ?? 0;
}
