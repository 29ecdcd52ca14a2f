import type { Db } from '../pool.ts';
import { lockDate } from './lockLoginThrottle.ts';
import type { Role } from './webRows.ts';

export interface UserListRow {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
  created_at: Date;
  /** live sessions */
  sessions: number;
  /** tokens neither revoked nor expired */
  tokens: number;
  failed_logins: number;
  /** set while the name is locked by login throttling ('infinity': until unlocked) */
  locked_until: Date | null;
}

/** Every account with its live sessions and tokens and its login lock, by name (or the one named). */
export async function listUsers(db: Db, name: string | null = null): Promise<UserListRow[]> {
  const r = await db.query<UserListRow>(
    `SELECT u.id::int AS id, u.name, u.role, u.disabled, u.created_at,
            (SELECT count(*)::int FROM sessions s WHERE s.user_id = u.id AND s.expires_at > now()) AS sessions,
            (SELECT count(*)::int FROM api_tokens t
              WHERE t.user_id = u.id AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())) AS tokens,
            coalesce(l.failures, 0) AS failed_logins,
            CASE WHEN l.locked_until > now() THEN l.locked_until END AS locked_until
       FROM users u LEFT JOIN login_throttle l ON l.key = 'name:' || u.name
      WHERE $1::text IS NULL OR u.name = $1
      ORDER BY u.name`,
    [name],
  );
  return r.rows.map((x) => ({ ...x, locked_until: lockDate(x.locked_until) }));
}
