import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, run, type BuiltApp } from './helpers/build.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { waitFor } from './helpers/pipeline.ts';

// Production runs the compiled CLI under plain node, laid out as the Docker image is (dist/ and config/ only).
let app: BuiltApp;
let db: TestDb;
const prefix = `{raqib-build-${randomBytes(4).toString('hex')}}`;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

beforeAll(async () => {
  app = await buildApp();
  db = await freshDatabase();
}, 120_000);

afterAll(async () => {
  app?.remove();
  await db?.drop();
  const r = new Redis(REDIS_URL);
  const keys = await r.keys(`${prefix}*`);
  if (keys.length) await r.del(...keys);
  r.disconnect();
});

const env = () => ({ ...process.env, DATABASE_URL: db.url, RAQIB_QUEUE_PREFIX: prefix, RAQIB_METRICS_PORT: '-1', LOG_LEVEL: 'info' });

describe('the built CLI (node dist/scripts/raqib.js)', () => {
  it('answers --help with every command and exits 0', async () => {
    const { stdout: out } = await run(process.execPath, [app.cli, '--help'], { cwd: app.dir, encoding: 'utf8', timeout: 30_000 });
    for (const cmd of ['migrate', 'start', 'worker', 'scheduler', 'feeds', 'prune', 'analyze', 'web']) expect(out).toContain(cmd);
  });

  it('migrates a database and analyzes text with nothing but dist/ and config/', async () => {
    await run(process.execPath, [app.cli, 'migrate'], { cwd: app.dir, env: env(), encoding: 'utf8', timeout: 60_000 });
    const out = await analyzeWithBuiltCli(JSON.stringify({ id: '1', text: 'استقبل الشيخ قيس الخزعلي في بغداد وفداً من شيوخ العشائر' }) + '\n');
    const line = JSON.parse(out.trim().split('\n')[0]) as { mentions: Array<{ figureId: string }> };
    expect(line.mentions.map((m) => m.figureId)).toContain('qais-al-khazali');
  }, 90_000);

  it('exits 0 when its whole process group gets SIGTERM (as systemd and Ctrl-C send it)', async () => {
    // its own process group, as a service manager starts it; the signal goes to the group, not only the pid
    const child = spawn(process.execPath, [app.cli, 'worker', 'watch'], {
      cwd: app.dir,
      env: env(),
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
      child.on('exit', (code, signal) => r({ code, signal })),
    );
    await waitFor('the worker to be running', async () => stderr.includes('raqib running'), 30_000);
    process.kill(-child.pid!, 'SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    // every line it wrote is a JSON log line, the last ones saying it finished on SIGTERM
    const lines = stderr.trim().split('\n');
    for (const l of lines) expect(() => JSON.parse(l), l).not.toThrow();
    expect(stderr).toContain('SIGTERM: finishing the jobs in hand');
  }, 60_000);
});

/** `raqib analyze` of the built CLI with `input` on stdin; resolves with its stdout. */
function analyzeWithBuiltCli(input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [app.cli, 'analyze'], { cwd: app.dir, env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`raqib analyze exited ${code}: ${err}`))));
    child.stdin.end(input);
  });
}
