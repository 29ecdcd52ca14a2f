import type { Db } from '../pool.ts';

/** Takes back one counted attempt of a key (the attempt succeeded: it was no failure). */
export async function forgiveLoginAttempt(db: Db, key: string): Promise<void> {
  await db.query('UPDATE login_throttle SET failures = greatest(failures - 1, 0), updated_at = now() WHERE key = $1', [key]);
}
