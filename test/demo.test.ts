import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { waitFor } from './helpers/pipeline.ts';

// The demo serves its sample feeds from a port of its own that closes with it: it must not leave them enabled,
// or whoever opens the same database next sees three failing feeds.
const dbs: TestDb[] = [];
afterAll(async () => {
  for (const db of dbs) await db.drop();
});

function runDemo(db: TestDb) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
    env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out, exit };
}

const sampleFeeds = async (db: TestDb) =>
  (await db.pool.query<{ id: string; enabled: boolean }>(`SELECT id, enabled FROM feeds WHERE id LIKE 'demo-%' ORDER BY id`)).rows;

describe('npm run demo', () => {
  it('prints the alerts, then disables its sample feeds; their items and alerts stay', async () => {
    const db = await freshDatabase();
    dbs.push(db);
    const demo = runDemo(db);
    expect(await demo.exit, demo.out.stderr).toBe(0);
    expect(demo.out.stdout).toMatch(/=== \d+ alerts in Postgres/);
    expect(await sampleFeeds(db)).toEqual([
      { id: 'demo-baghdadtoday', enabled: false },
      { id: 'demo-iraqnews-cp1256', enabled: false },
      { id: 'demo-shafaq', enabled: false },
    ]);
    expect(demo.out.stderr).toContain('sample feeds disabled');
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM alerts`)).rows[0].n).toBeGreaterThan(0);
  }, 120_000);

  it('disables them too when interrupted with Ctrl-C', async () => {
    const db = await freshDatabase();
    dbs.push(db);
    const demo = runDemo(db);
    await waitFor('the demo pipeline to run', async () => demo.out.stderr.includes('pipeline running'), 60_000);
    demo.child.kill('SIGINT');
    expect(await demo.exit).toBe(130);
    expect((await sampleFeeds(db)).map((f) => f.enabled)).toEqual([false, false, false]);
  }, 120_000);
});
