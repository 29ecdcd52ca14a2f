import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';

const ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `raqib_mig_${randomBytes(4).toString('hex')}`;
const url = `postgres://postgres@127.0.0.1:5432/${name}`;

afterAll(async () => {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
});

describe('migrate', () => {
  it('creates the database, applies every migration once when run concurrently, and is a no-op the second time', async () => {
    const files = readdirSync('db/migrations')
      .filter((f) => f.endsWith('.sql'))
      .map((f) => f.replace(/\.sql$/, ''))
      .sort();
    const [a, b, c] = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    expect([...a.applied, ...b.applied, ...c.applied].sort()).toEqual(files);
    const again = await migrate(url);
    expect(again.applied).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = (await client.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
    await client.end();
    expect(rows).toEqual(files);
  }, 60_000);
});
