import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Command } from 'commander';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetSettings } from '../../config/settings.ts';
import { freshDatabase, type TestDb } from '../../test/helpers/db.ts';
import { formatStatus, gatherStatus, register, type StatusReport } from './status.ts';

const prefix = `{raqib-status-${randomBytes(4).toString('hex')}}`;
const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
let db: TestDb;
let worker: Worker;
const queues: Queue[] = [];

beforeAll(async () => {
  db = await freshDatabase();
  await db.pool.query(
    `INSERT INTO feeds (id, name, kind, url, config, interval_seconds, enabled, healthy, last_fetched_at) VALUES
       ('a', 'A', 'rss', 'http://127.0.0.1:1/a', '{}', 60, true, true, now()),
       ('b', 'B', 'rss', 'http://127.0.0.1:1/b', '{}', 60, true, false, now() - interval '1 hour'),
       ('c', 'C', 'rss', 'http://127.0.0.1:1/c', '{}', 60, false, true, NULL)`,
  );
  await db.pool.query(`INSERT INTO translation_languages (lang, model, state, detail) VALUES
    ('arb', 'Xenova/opus-mt-ar-en', 'ready', NULL),
    ('ckb', NULL, 'no_model', NULL),
    ('pes', 'Xenova/nllb-200-distilled-600M:pes_Arab>eng_Latn', 'no_model', 'missing config.json in /models/Xenova/nllb-200-distilled-600M')`);
  await db.pool.query(
    `INSERT INTO items (feed_id, guid, title, content_hash, lang, translation_status) SELECT 'a', 'fa' || g, 't', 'h' || g, 'pes', 'no_model' FROM generate_series(1, 3) g`,
  );
  const fetchQ = new Queue('fetch', { connection: redis, prefix });
  const analyzeQ = new Queue('analyze', { connection: redis, prefix });
  const alertQ = new Queue('alert', { connection: redis, prefix });
  queues.push(fetchQ, analyzeQ, alertQ);
  await fetchQ.add('fetch', { feedId: 'a' }, { timestamp: Date.now() - 120_000 });
  await fetchQ.add('fetch', { feedId: 'b' });
  await analyzeQ.add('analyze', { itemIds: [1] }, { delay: 600_000 });
  // a worker on the alert queue whose job fails for good
  worker = new Worker('alert', async (): Promise<unknown> => Promise.reject(new Error('boom')), {
    connection: new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null }),
    prefix,
    name: 'alert-host-1',
  });
  const failed = new Promise((r) => worker.once('failed', r));
  await alertQ.add('alert', { itemIds: [1] }, { attempts: 1 });
  await failed;
});

afterAll(async () => {
  await worker?.close();
  for (const q of queues) await q.obliterate({ force: true }).catch(() => {});
  for (const q of queues) await q.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await db?.drop();
});

describe('raqib status', () => {
  let report: StatusReport;
  beforeAll(async () => {
    report = await gatherStatus({ redis, pool: db.pool, prefix });
  });

  it('reports depths per stage', () => {
    const by = Object.fromEntries(report.stages.map((s) => [s.stage, s]));
    expect(by.fetch).toMatchObject({ waiting: 2, active: 0, delayed: 0, failed: 0 });
    expect(by.analyze).toMatchObject({ waiting: 0, delayed: 1 });
    expect(by.alert).toMatchObject({ waiting: 0, failed: 1 });
    expect(by.translate).toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 0 });
  });

  it('lists the live workers of each queue', () => {
    const by = Object.fromEntries(report.stages.map((s) => [s.stage, s]));
    expect(by.alert.workers).toHaveLength(1);
    expect(by.alert.workers[0].name).toContain('alert-host-1');
    expect(by.fetch.workers).toHaveLength(0);
  });

  it('gives the oldest waiting job and the lag', () => {
    const fetch = report.stages.find((s) => s.stage === 'fetch')!;
    expect(fetch.oldestWaiting?.name).toBe('fetch');
    expect(fetch.oldestWaiting!.ageSeconds).toBeGreaterThanOrEqual(119);
    expect(fetch.lagSeconds).toBeGreaterThanOrEqual(119);
    const analyze = report.stages.find((s) => s.stage === 'analyze')!;
    expect(analyze.oldestWaiting).toBeNull();
    expect(analyze.lagSeconds).toBe(0);
  });

  it('counts feeds by health from Postgres', () => {
    expect(report.feeds).toMatchObject({ enabled: 2, healthy: 1, unhealthy: 1, disabled: 1, overdue: 1 });
    expect(report.errors).toEqual([]);
  });

  it('says per language whether it has a usable translation model, what waits, and the fix', () => {
    expect(report.translation.map((t) => [t.lang, t.state, t.waitingItems, t.fix])).toEqual([
      ['arb', 'ready', 0, null],
      ['ckb', 'no_model', 0, 'map ckb to a model in config/translation.yaml, then raqib models fetch'],
      ['pes', 'no_model', 3, 'raqib models fetch (where there is internet), then raqib models check'],
    ]);
    const text = formatStatus(report);
    expect(text).toContain('translation arb: ready (Xenova/opus-mt-ar-en)');
    expect(text).toContain(
      'translation pes: no_model (Xenova/nllb-200-distilled-600M:pes_Arab>eng_Latn: missing config.json in /models/Xenova/nllb-200-distilled-600M), 3 items waiting; fix: raqib models fetch',
    );
  });

  it('prints a table for people', () => {
    const text = formatStatus(report);
    expect(text).toMatch(/^fetch\s+2\s+0\s+0\s+0\s+0\s+fetch #\d+, 2m old\s+2m$/m);
    expect(text).toMatch(/^alert\s+0\s+0\s+0\s+1\s+1\s+-\s+0s$/m);
    expect(text).toContain('feeds: 2 enabled (1 healthy, 1 unhealthy, 1 overdue), 1 disabled');
  });

  it('runs as a command with --json against the configured prefix and databases', async () => {
    const env = { ...process.env };
    Object.assign(process.env, { DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:6379', RAQIB_QUEUE_PREFIX: prefix });
    resetSettings();
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    try {
      const program = new Command().exitOverride();
      register(program);
      await program.parseAsync(['node', 'raqib', 'status', '--json']);
    } finally {
      spy.mockRestore();
      process.env = env;
      resetSettings();
    }
    const parsed = JSON.parse(out.join('')) as StatusReport;
    expect(parsed.prefix).toBe(prefix);
    expect(parsed.stages.find((s) => s.stage === 'fetch')?.waiting).toBe(2);
    expect(parsed.feeds?.enabled).toBe(2);
  });

  it('still reports the queues when Postgres is down, and names it', async () => {
    const down = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/raqib', max: 1 });
    down.on('error', () => {});
    try {
      const r = await gatherStatus({ redis, pool: down, prefix, dbLabel: 'postgres://postgres@127.0.0.1:1/raqib' });
      expect(r.stages.find((s) => s.stage === 'fetch')?.waiting).toBe(2);
      expect(r.feeds).toBeNull();
      expect(r.errors).toEqual(['status: postgres postgres://postgres@127.0.0.1:1/raqib: unreachable (ECONNREFUSED)']);
    } finally {
      await down.end();
    }
  });

  it('names Redis in one line when it is unreachable', async () => {
    const env = { ...process.env };
    Object.assign(process.env, { DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:1' });
    resetSettings();
    try {
      const program = new Command().exitOverride();
      register(program);
      await expect(program.parseAsync(['node', 'raqib', 'status'])).rejects.toThrow(
        /^status: redis redis:\/\/127\.0\.0\.1:1 unreachable \(ECONNREFUSED\)$/,
      );
    } finally {
      process.env = env;
      resetSettings();
    }
  });
});
