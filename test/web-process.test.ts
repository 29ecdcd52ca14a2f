import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { waitFor } from './helpers/pipeline.ts';

// `raqib web` as compose runs it: the app on its port, /metrics and /healthz on the ops port, SIGTERM exits 0.
let db: TestDb;
beforeAll(async () => {
  db = await freshDatabase();
}, 60_000);
afterAll(async () => db?.drop());

describe('raqib web process', () => {
  it('serves the app, /healthz and /metrics, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/raqib.ts', 'web', '--no-queues'], {
      env: { ...process.env, DATABASE_URL: db.url, RAQIB_WEB_PORT: '0', RAQIB_METRICS_PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exit = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    const line = await waitFor('the web app to listen', async () => err.split('\n').find((l) => l.includes('"web app listening"')), 30_000);
    const { port, ops } = JSON.parse(line) as { port: number; ops: string };
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/alerts`, { redirect: 'manual' })).status).toBe(303);
    expect(await (await fetch(`${ops}/healthz`)).json()).toMatchObject({ ok: true });
    expect(await (await fetch(`${ops}/metrics`)).text()).toContain('raqib_process_cpu_seconds_total');
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 60_000);
});
