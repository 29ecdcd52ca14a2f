import type { Db } from '../pool.ts';
import type { Role, UserRow } from './webRows.ts';

/** Adds an account, or replaces the role and password of an existing one with the same name. */
export async function createUser(db: Db, name: string, role: Role, passwordHash: string): Promise<UserRow> {
  const r = await db.query<UserRow>(
    `INSERT INTO users (name, role, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash, disabled = false
     RETURNING *`,
    [name, role, passwordHash],
  );
  return r.rows[0];
}
