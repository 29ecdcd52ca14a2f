import type { Db } from '../pool.ts';

/** Replaces an account's password hash; false when there is no such account. */
export async function setUserPassword(db: Db, name: string, passwordHash: string): Promise<boolean> {
  const r = await db.query('UPDATE users SET password_hash = $2 WHERE name = $1', [name, passwordHash]);
  return r.rowCount === 1;
}
