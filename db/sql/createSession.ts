import type { Db } from '../pool.ts';

/** Where a login came from, shown to ops beside the session (bounded: both are client-supplied). */
export interface SessionOrigin {
  address: string | null;
  userAgent: string | null;
}

/** Stores a login session under the hash of its cookie value. */
export async function createSession(
  db: Db,
  idHash: string,
  userId: number,
  csrfToken: string,
  expiresAt: Date,
  origin: SessionOrigin = { address: null, userAgent: null },
): Promise<void> {
  await db.query('INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at, address, user_agent) VALUES ($1, $2, $3, $4, $5, $6)', [
    idHash,
    userId,
    csrfToken,
    expiresAt,
    origin.address?.slice(0, 100) ?? null,
    origin.userAgent?.slice(0, 300) ?? null,
  ]);
}
