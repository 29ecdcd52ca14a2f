import type { Db } from '../pool.ts';

/** Logs a session out; expired sessions of anyone are swept at the same time. */
export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id_hash = $1 OR expires_at < now()', [idHash]);
}
