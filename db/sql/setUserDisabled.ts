import type { Db } from '../pool.ts';
import type { UserRow } from './webRows.ts';

/** Disables or re-enables an account by name; null when there is none. */
export async function setUserDisabled(db: Db, name: string, disabled: boolean): Promise<UserRow | null> {
  const r = await db.query<UserRow>('UPDATE users SET disabled = $2 WHERE name = $1 RETURNING *', [name, disabled]);
  return r.rows[0] ?? null;
}
