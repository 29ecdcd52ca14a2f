import type { Db } from '../pool.ts';

/**
 * Revokes a token by id (of one account when `userId` is given); returns its hash, to end its live streams,
 * or null when there is no such live token.
 */
export async function revokeApiToken(db: Db, id: number, userId: number | null = null): Promise<{ tokenHash: string; userId: number } | null> {
  const r = await db.query<{ token_hash: string; user_id: string }>(
    `UPDATE api_tokens SET revoked_at = now()
      WHERE id = $1 AND revoked_at IS NULL AND ($2::bigint IS NULL OR user_id = $2)
      RETURNING token_hash, user_id`,
    [id, userId],
  );
  const row = r.rows[0];
  return row ? { tokenHash: row.token_hash, userId: Number(row.user_id) } : null;
}
