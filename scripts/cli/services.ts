import pg from 'pg';
import { Redis } from 'ioredis';
import { settings } from '../../config/settings.ts';
import { createPool, describeDbUrl } from '../../db/pool.ts';

const START_PG = 'start it: `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` (Debian), or `docker compose up -d postgres`';
const START_REDIS =
  'start it: `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`, or `docker compose up -d redis`';

/** One line saying which service is down, where we looked, and how to start it. */
export async function checkPostgres(url = settings().DATABASE_URL): Promise<void> {
  const u = new URL(url);
  u.pathname = '/postgres';
  const c = new pg.Client({ connectionString: u.toString(), connectionTimeoutMillis: 3000 });
  c.on('error', () => {});
  try {
    await c.connect();
  } catch (e) {
    throw new Error(`Postgres is not reachable at ${describeDbUrl(url)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); ${START_PG}`);
  } finally {
    await c.end().catch(() => {});
  }
}

export async function checkRedis(url = settings().REDIS_URL): Promise<void> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
  r.on('error', () => {});
  try {
    await r.connect();
    await r.ping();
  } catch (e) {
    throw new Error(`Redis is not reachable at ${url} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); ${START_REDIS}`);
  } finally {
    r.disconnect();
  }
}

/** For short-lived commands: a small pool of their own after a reachability check with its clear message. */
export async function withPool<T>(fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  await checkPostgres();
  const pool = createPool(undefined, 2);
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}
