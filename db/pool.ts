import pg from 'pg';
import { settings } from '../config/settings.ts';

// bigint ids and counts come back as JS numbers: ours stay far below 2^53
pg.types.setTypeParser(20, (v) => Number(v));

export type Db = pg.Pool | pg.PoolClient | pg.Client;

export interface PoolOptions {
  /**
   * `synchronous_commit = off` for this pool's sessions. Safe for the pipeline stages: a Postgres crash can
   * only lose the last few hundred milliseconds of commits, always a suffix (the WAL is written in order), and
   * every stage is idempotent with the sweeper re-enqueueing what a lost commit leaves undone; it saves the
   * flush wait on each of the many small commits. Not for the web app, whose writes are people's changes.
   */
  asyncCommit?: boolean;
}

/** One pool per process, sized by RAQIB_PG_POOL so many worker processes do not exhaust Postgres. */
export function createPool(url = settings().DATABASE_URL, max = settings().RAQIB_PG_POOL, opts: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 10_000,
    ...(opts.asyncCommit ? { options: '-c synchronous_commit=off' } : {}),
  });
  // an idle client losing its connection (Postgres restart) must not crash the process
  pool.on('error', () => {});
  return pool;
}

/** Runs fn inside one transaction on a client of its own. */
export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

/** "postgres://…/raqib" without a password, for messages. */
export function describeDbUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return 'DATABASE_URL';
  }
}
