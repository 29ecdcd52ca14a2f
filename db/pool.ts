import pg from 'pg';
import { settings } from '../config/settings.ts';

// bigint ids and counts come back as JS numbers: ours stay far below 2^53
pg.types.setTypeParser(20, (v) => Number(v));

export type Db = pg.Pool | pg.PoolClient | pg.Client;

/** One pool per process, sized by RAQIB_PG_POOL so many worker processes do not exhaust Postgres. */
export function createPool(url = settings().DATABASE_URL, max = settings().RAQIB_PG_POOL): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
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
