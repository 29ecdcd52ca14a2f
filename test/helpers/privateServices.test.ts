import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivatePostgres, startPrivateRedis, type PrivatePostgres, type PrivateRedis } from './privateServices.ts';

let redis: PrivateRedis;
let postgres: PrivatePostgres;

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startPrivateRedis(), startPrivatePostgres()]);
});
afterAll(async () => {
  await redis?.close();
  await postgres?.close();
});

async function pgQuery(sql: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: postgres.url() });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

describe('private services', () => {
  it('runs on ports of their own, never the shared ones', () => {
    expect(redis.port).not.toBe(6379);
    expect(postgres.port).not.toBe(5432);
  });

  it('restarts Redis keeping its data, and a client reconnects by itself', async () => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
    client.on('error', () => {});
    await client.set('k', 'v1');
    await redis.restart({ keepData: true });
    expect(await client.get('k')).toBe('v1');
    await redis.restart({ keepData: false });
    expect(await client.get('k')).toBeNull();
    client.disconnect();
  });

  it('restarts Postgres (fast and crash) keeping committed rows', async () => {
    await pgQuery('CREATE TABLE t (x int)');
    await pgQuery('INSERT INTO t VALUES (1)');
    const held = new pg.Client({ connectionString: postgres.url() });
    held.on('error', () => {});
    await held.connect();
    await postgres.restart({ mode: 'fast' });
    // a connection open across the restart is dead; new ones work
    await expect(held.query('SELECT 1')).rejects.toThrow();
    await pgQuery('INSERT INTO t VALUES (2)');
    await postgres.restart({ mode: 'immediate' });
    const r = await pgQuery('SELECT count(*)::int AS n FROM t');
    expect(r.rows[0].n).toBe(2);
  });
});
