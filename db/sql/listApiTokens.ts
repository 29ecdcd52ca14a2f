import type { Db } from '../pool.ts';

export interface ApiTokenListRow {
  id: number;
  label: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** An account's API tokens, live or not (never the token or its hash), oldest first. */
export async function listApiTokens(db: Db, userId: number): Promise<ApiTokenListRow[]> {
  const r = await db.query<ApiTokenListRow>(
    'SELECT id::int AS id, label, created_at, expires_at, revoked_at, last_used_at FROM api_tokens WHERE user_id = $1 ORDER BY id',
    [userId],
  );
  return r.rows;
}
