import type { Db } from '../pool.ts';
import type { UserRow } from './webRows.ts';

export async function getUserByName(db: Db, name: string): Promise<UserRow | null> {
  const r = await db.query<UserRow>('SELECT * FROM users WHERE name = $1', [name]);
  return r.rows[0] ?? null;
}
