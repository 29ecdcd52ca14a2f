import type { Db } from '../pool.ts';
import type { Role } from './webRows.ts';

export interface SessionUser {
  userId: number;
  name: string;
  role: Role;
  csrfToken: string;
}

/** The live account behind a session cookie hash; null when unknown, expired or the account is disabled. */
export async function getSessionUser(db: Db, idHash: string): Promise<SessionUser | null> {
  const r = await db.query<SessionUser>(
    `SELECT u.id AS "userId", u.name, u.role, s.csrf_token AS "csrfToken"
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
    [idHash],
  );
  return r.rows[0] ?? null;
}
