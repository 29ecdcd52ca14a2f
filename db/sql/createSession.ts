import type { Db } from '../pool.ts';

/** Stores a login session under the hash of its cookie value. */
export async function createSession(db: Db, idHash: string, userId: number, csrfToken: string, expiresAt: Date): Promise<void> {
  await db.query('INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [idHash, userId, csrfToken, expiresAt]);
}
