import type { Db } from '../pool.ts';

export interface SessionListRow {
  /** first 12 hex digits of the cookie hash: enough to tell sessions apart, useless to log in */
  id: string;
  created_at: Date;
  expires_at: Date;
  address: string | null;
  user_agent: string | null;
}

/** An account's live sessions, newest first. */
export async function listSessions(db: Db, userId: number): Promise<SessionListRow[]> {
  const r = await db.query<SessionListRow>(
    `SELECT left(id_hash, 12) AS id, created_at, expires_at, address, user_agent
       FROM sessions WHERE user_id = $1 AND expires_at > now() ORDER BY created_at DESC`,
    [userId],
  );
  return r.rows;
}
