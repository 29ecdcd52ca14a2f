import type pg from 'pg';
import type { Db } from '../../db/pool.ts';
import { clearLoginThrottle } from '../../db/sql/clearLoginThrottle.ts';
import { forgiveLoginAttempt } from '../../db/sql/forgiveLoginAttempt.ts';
import { LOCKED_FOREVER, lockLoginThrottle, type LoginThrottleRow } from '../../db/sql/lockLoginThrottle.ts';
import { saveLoginThrottle } from '../../db/sql/saveLoginThrottle.ts';

/**
 * Login throttling kept in Postgres, so every web process and `raqib users unlock` see the same state. Each
 * attempt is counted as a failure BEFORE its password is hashed (a successful login then clears its name),
 * so a burst of parallel guesses meets the delay as surely as a sequence does, and a refused attempt costs
 * one short transaction, never a hash.
 */
export interface ThrottlePolicy {
  /** failures allowed before any delay */
  freeFailures: number;
  /** delay after the first failure past the free ones; it doubles with each further failure */
  baseDelayMs: number;
  maxDelayMs: number;
  /** failures after which the key is locked; null: never */
  lockAfter: number | null;
  /** how long a lock lasts; null: until ops unlock it */
  lockMs: number | null;
  /** failures older than this are forgotten */
  forgetAfterMs: number;
}

export interface LoginPolicies {
  /** per account name, known or unknown alike */
  name: ThrottlePolicy;
  /** per client address */
  address: ThrottlePolicy;
}

export function loginPolicies(lockAfter: number, lockMinutes: number): LoginPolicies {
  return {
    name: {
      freeFailures: 3,
      baseDelayMs: 1000,
      maxDelayMs: 15 * 60_000,
      lockAfter,
      lockMs: lockMinutes === 0 ? null : lockMinutes * 60_000,
      forgetAfterMs: 24 * 3_600_000,
    },
    // an office behind one address shares this: more free failures, no lock, a capped delay
    address: { freeFailures: 10, baseDelayMs: 1000, maxDelayMs: 5 * 60_000, lockAfter: null, lockMs: null, forgetAfterMs: 3_600_000 },
  };
}

export type Verdict = { allowed: true } | { allowed: false; retryAfterMs: number; locked: boolean };

/** Whether an attempt may go on now, from a key's row (pure). */
export function verdict(row: LoginThrottleRow, policy: ThrottlePolicy, now: number): Verdict {
  if (row.locked_until && row.locked_until.getTime() > now)
    return { allowed: false, locked: true, retryAfterMs: row.locked_until >= LOCKED_FOREVER ? Infinity : row.locked_until.getTime() - now };
  const failures = currentFailures(row, policy, now);
  if (failures < policy.freeFailures || !row.last_failure_at) return { allowed: true };
  const wait = Math.min(policy.baseDelayMs * 2 ** (failures - policy.freeFailures), policy.maxDelayMs);
  const readyAt = row.last_failure_at.getTime() + wait;
  return readyAt <= now ? { allowed: true } : { allowed: false, locked: false, retryAfterMs: readyAt - now };
}

const currentFailures = (row: LoginThrottleRow, policy: ThrottlePolicy, now: number): number =>
  row.last_failure_at && now - row.last_failure_at.getTime() > policy.forgetAfterMs ? 0 : row.failures;

/** The row after one more (presumed) failure at `now`, locked when it reaches the policy's limit (pure). */
export function afterFailure(row: LoginThrottleRow, policy: ThrottlePolicy, now: number): LoginThrottleRow {
  const failures = currentFailures(row, policy, now) + 1;
  const lock = policy.lockAfter !== null && failures >= policy.lockAfter;
  return {
    ...row,
    failures,
    last_failure_at: new Date(now),
    locked_until: lock ? (policy.lockMs === null ? LOCKED_FOREVER : new Date(now + policy.lockMs)) : null,
  };
}

export const nameKey = (name: string) => `name:${name}`;
export const addressKey = (address: string) => `addr:${address}`;

/**
 * Counts a login attempt for an account name and a client address, or refuses it without counting. The
 * refusal with the longest wait wins; a locked name says so.
 */
export async function claimLoginAttempt(pool: pg.Pool, name: string, address: string, policies: LoginPolicies, now = Date.now()): Promise<Verdict> {
  const policyOf = (key: string) => (key.startsWith('name:') ? policies.name : policies.address);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const rows = await lockLoginThrottle(client, [nameKey(name), addressKey(address)]);
    const refusals = rows.map((r) => verdict(r, policyOf(r.key), now)).filter((v): v is Extract<Verdict, { allowed: false }> => !v.allowed);
    if (refusals.length > 0) {
      await client.query('ROLLBACK');
      return refusals.reduce((a, b) => (a.locked !== b.locked ? (a.locked ? a : b) : a.retryAfterMs >= b.retryAfterMs ? a : b));
    }
    for (const r of rows) await saveLoginThrottle(client, afterFailure(r, policyOf(r.key), now));
    await client.query('COMMIT');
    return { allowed: true };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/**
 * A successful login: the name's failures are forgotten, and the address's count loses this one attempt
 * (counted before the hash) but keeps earlier failures: one good account must not reset the count of
 * guesses at others.
 */
export async function loginSucceeded(pool: Db, name: string, address: string): Promise<void> {
  await clearLoginThrottle(pool, [nameKey(name)]);
  await forgiveLoginAttempt(pool, addressKey(address));
}

/** Ops lifting a lock: `raqib users unlock <name>` and the users page. */
export const unlockName = (pool: Db, name: string): Promise<number> => clearLoginThrottle(pool, [nameKey(name)]);
