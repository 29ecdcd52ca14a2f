import type { Db } from '../pool.ts';
import type { Role } from './webRows.ts';

export interface TokenUser {
  userId: number;
  name: string;
  role: Role;
}

/** The account behind a bearer token hash, if the token is neither revoked nor expired; stamps last use. */
export async function getTokenUser(db: Db, tokenHash: string): Promise<TokenUser | null> {
  const r = await db.query<TokenUser>(
    `UPDATE api_tokens t SET last_used_at = now()
       FROM users u
      WHERE t.token_hash = $1 AND u.id = t.user_id AND NOT u.disabled AND t.revoked_at IS NULL
        AND (t.expires_at IS NULL OR t.expires_at > now())
      RETURNING u.id AS "userId", u.name, u.role`,
    [tokenHash],
  );
  return r.rows[0] ?? null;
}
