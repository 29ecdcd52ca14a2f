import type { Db } from '../pool.ts';
import { lockParam, type LoginThrottleRow } from './lockLoginThrottle.ts';

export async function saveLoginThrottle(db: Db, row: LoginThrottleRow): Promise<void> {
  await db.query('UPDATE login_throttle SET failures = $2, last_failure_at = $3, locked_until = $4, updated_at = now() WHERE key = $1', [
    row.key,
    row.failures,
    row.last_failure_at,
    lockParam(row.locked_until),
  ]);
}
