import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDb } from '../../test/helpers/db.ts';

const run = promisify(execFile);
let db: TestDb;

beforeAll(async () => {
  db = await freshDatabase();
  await db.pool.query(`INSERT INTO feeds (id, name, kind, url, config, interval_seconds) VALUES ('f1', 'f1', 'rss', 'http://127.0.0.1/x', '{}', 60)`);
  const item = async (daysAgo: number, figure: string, signal?: { type: string; place: string }) => {
    const at = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    const id = (
      await db.pool.query<{ id: number }>(
        `INSERT INTO items (feed_id, guid, content_hash, fetched_at, published_at) VALUES ('f1', md5(random()::text), 'h', $1, $1) RETURNING id`,
        [at],
      )
    ).rows[0].id;
    await db.pool.query(`INSERT INTO mentions (item_id, figure_id, start_pos, end_pos, text) VALUES ($1, $2, 0, 1, 'x')`, [id, figure]);
    if (signal)
      await db.pool.query(`INSERT INTO item_signals (item_id, figure_id, type, place_id) VALUES ($1, $2, $3, $4)`, [
        id,
        figure,
        signal.type,
        signal.place,
      ]);
  };
  await item(0.1, 'qais-al-khazali');
  await item(3, 'qais-al-khazali', { type: 'whereabouts', place: 'qom' });
  await item(10, 'qais-al-khazali');
});
afterAll(async () => {
  await db?.drop();
});

describe('raqib figures', () => {
  it('prints each figure with mentions, last seen where, and days silent', async () => {
    const env = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' };
    const { stdout } = await run('npx', ['tsx', 'scripts/raqib.ts', 'figures', '--json'], { env, cwd: process.cwd() });
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const qais = rows.find((r) => r.id === 'qais-al-khazali');
    expect(qais).toMatchObject({ mentions24h: 1, mentions7d: 2, lastSeenPlace: 'qom', daysSilent: 3, silenceAlertId: null });
    expect(rows.find((r) => r.id === 'laith-al-khazali')).toMatchObject({ mentions7d: 0, lastSeenAt: null, daysSilent: null });
    const table = (await run('npx', ['tsx', 'scripts/raqib.ts', 'figures'], { env, cwd: process.cwd() })).stdout;
    expect(table).toMatch(/qais-al-khazali\s+1\s+2\s+\S+ \S+\s+qom\s+3/);
  });

  it('fails with one line naming the database when Postgres is not there', async () => {
    const env = { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/raqib', LOG_LEVEL: 'silent' };
    const err = await run('npx', ['tsx', 'scripts/raqib.ts', 'figures'], { env, cwd: process.cwd() }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr.trim().split('\n')).toHaveLength(1);
    expect(err?.stderr).toContain('127.0.0.1:1');
  });
});
