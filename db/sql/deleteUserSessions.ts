import type { Db } from '../pool.ts';

/** Ends every session of an account (revoke-sessions, disable); returns the ended hashes. */
export async function deleteUserSessions(db: Db, userId: number): Promise<string[]> {
  const r = await db.query<{ id_hash: string }>('DELETE FROM sessions WHERE user_id = $1 RETURNING id_hash', [userId]);
  return r.rows.map((x) => x.id_hash);
}
