import type { Db } from '../pool.ts';

export async function createApiToken(db: Db, userId: number, tokenHash: string, label: string, expiresAt: Date | null): Promise<number> {
  const r = await db.query<{ id: number }>('INSERT INTO api_tokens (user_id, token_hash, label, expires_at) VALUES ($1, $2, $3, $4) RETURNING id', [
    userId,
    tokenHash,
    label,
    expiresAt,
  ]);
  return r.rows[0].id;
}
