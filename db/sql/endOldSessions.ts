import type { Db } from '../pool.ts';

/** Ends an account's sessions beyond the newest `keep` (and its expired ones); returns the ended hashes. */
export async function endOldSessions(db: Db, userId: number, keep: number): Promise<string[]> {
  const r = await db.query<{ id_hash: string }>(
    `DELETE FROM sessions
      WHERE user_id = $1
        AND (expires_at <= now()
             OR id_hash IN (SELECT id_hash FROM sessions WHERE user_id = $1 ORDER BY created_at DESC, id_hash OFFSET $2))
      RETURNING id_hash`,
    [userId, keep],
  );
  return r.rows.map((x) => x.id_hash);
}
