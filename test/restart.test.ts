import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedConfig } from '../config/feedsSchema.ts';
import { createPool } from '../db/pool.ts';
import { migrateAndSeed } from '../db/setup.ts';
import { insertFeed } from '../db/sql/insertFeed.ts';
import { startPrivatePostgres, startPrivateRedis, type PrivatePostgres, type PrivateRedis } from './helpers/privateServices.ts';
import { superviseRaqib, type Supervisor } from './helpers/raqibProcesses.ts';

/**
 * The scheduler killed and restarted, Redis restarted, Postgres crashed and restarted: the feed schedules
 * stay one per enabled feed, each fires once per interval (not twice), and a change ops make after the
 * restarts still reaches the schedules (the LISTEN connection came back).
 */

const INTERVAL_S = 10;
let redis: PrivateRedis;
let postgres: PrivatePostgres;
let pool: pg.Pool;
let client: Redis;
let supervisor: Supervisor | undefined;
const prefix = `{restart-${randomBytes(3).toString('hex')}}`;
const logDir = mkdtempSync(join(tmpdir(), 'raqib-restart-'));
const logFile = join(logDir, 'processes.log');
// the processes' log is kept for a look only when the test failed
let passed = false;

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startPrivateRedis(), startPrivatePostgres()]);
  await migrateAndSeed(postgres.url('raqib_restart'), 'config/watchlist.yaml');
  pool = createPool(postgres.url('raqib_restart'), 2);
  for (let f = 0; f < 5; f++) {
    // the feeds are never fetched here (no fetch worker runs): their URLs only have to be valid
    await insertFeed(
      pool,
      FeedConfig.parse({
        id: `r${f}`,
        name: `R ${f}`,
        kind: 'rss',
        url: `http://127.0.0.1:9/feed/${f}.xml`,
        intervalSeconds: INTERVAL_S,
        enabled: f !== 4,
      }),
    );
  }
  client = new Redis(redis.url, { maxRetriesPerRequest: null });
  client.on('error', () => {});
}, 120_000);

afterAll(async () => {
  await supervisor?.stopAll(5_000);
  client?.disconnect();
  await pool?.end().catch(() => {});
  await redis?.close();
  await postgres?.close();
  if (passed) rmSync(logDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ScheduleView {
  feedSchedulers: Array<{ key: string; every: number }>;
  /** delayed fetch jobs per scheduler key: the next occurrence, one each */
  nextPerScheduler: Map<string, number>;
  /** fetch jobs fired (waiting, none consumed) per feed id */
  firedPerFeed: Map<string, number>;
}

async function view(): Promise<ScheduleView> {
  const q = new Queue('fetch', { connection: client, prefix });
  try {
    const schedulers = await q.getJobSchedulers(0, -1);
    const feedSchedulers = schedulers
      .filter((s) => s.key.startsWith('feed:'))
      .map((s) => ({ key: s.key, every: Number(s.every) }))
      .sort((a, b) => a.key.localeCompare(b.key));
    const nextPerScheduler = new Map<string, number>();
    for (const j of await q.getDelayed()) {
      const key = String(j.repeatJobKey ?? '');
      if (key) nextPerScheduler.set(key, (nextPerScheduler.get(key) ?? 0) + 1);
    }
    const firedPerFeed = new Map<string, number>();
    for (const j of await q.getWaiting()) firedPerFeed.set(j.data.feedId, (firedPerFeed.get(j.data.feedId) ?? 0) + 1);
    return { feedSchedulers, nextPerScheduler, firedPerFeed };
  } finally {
    await q.close();
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(500);
  }
}

describe('restarts do not double schedules', () => {
  it('keeps one schedule per enabled feed through scheduler, Redis and Postgres restarts', async () => {
    const t0 = Date.now();
    supervisor = superviseRaqib([{ label: 'scheduler', args: ['scheduler'] }], {
      env: {
        DATABASE_URL: postgres.url('raqib_restart'),
        REDIS_URL: redis.url,
        RAQIB_QUEUE_PREFIX: prefix,
        RAQIB_METRICS_PORT: '0',
        LOG_LEVEL: 'info',
      },
      logFile,
      respawnDelayMs: 500,
    });
    const scheduler = supervisor.processes[0];
    const wanted = ['feed:r0', 'feed:r1', 'feed:r2', 'feed:r3'];
    await waitFor('first sync', async () => ((await view()).feedSchedulers.length === 4 ? true : undefined), 30_000);

    // the scheduler killed three times and respawned, then Redis and Postgres restarted under it
    for (let i = 0; i < 3; i++) {
      await sleep(1500);
      supervisor.kill(scheduler);
      await waitFor('respawn', async () => (scheduler.child && scheduler.starts === i + 2 ? true : undefined), 10_000);
    }
    await sleep(3000);
    await redis.restart({ keepData: true, downMs: 1000 });
    await sleep(3000);
    await postgres.restart({ mode: 'immediate', downMs: 1000 });
    await sleep(4000);

    const v = await view();
    expect(v.feedSchedulers.map((s) => s.key)).toEqual(wanted);
    expect(v.feedSchedulers.every((s) => s.every === INTERVAL_S * 1000)).toBe(true);
    for (const key of wanted) expect(v.nextPerScheduler.get(key) ?? 0, `next occurrences of ${key}`).toBeLessThanOrEqual(1);

    // each feed fired about once per interval since the start: a doubled schedule would fire twice as often
    const elapsedS = (Date.now() - t0) / 1000;
    const bound = Math.ceil(elapsedS / INTERVAL_S) + 2; // + the first fetch of a new feed, + one at the edge
    for (let f = 0; f < 4; f++) {
      const fired = v.firedPerFeed.get(`r${f}`) ?? 0;
      expect(fired, `fetch jobs of r${f} in ${elapsedS.toFixed(0)} s`).toBeGreaterThanOrEqual(1);
      expect(fired, `fetch jobs of r${f} in ${elapsedS.toFixed(0)} s`).toBeLessThanOrEqual(bound);
    }
    expect(v.firedPerFeed.get('r4') ?? 0).toBe(0);

    // after the restarts an ops change still reaches the schedules, through NOTIFY or the periodic resync
    await waitFor(
      'interval change applied',
      async () => {
        await pool.query(`UPDATE feeds SET interval_seconds = 20 WHERE id = 'r1' AND interval_seconds <> 20`);
        const r1 = (await view()).feedSchedulers.find((s) => s.key === 'feed:r1');
        return r1?.every === 20_000 ? true : undefined;
      },
      40_000,
    );
    // reconnecting left exactly one LISTEN connection, not one per failed attempt
    await sleep(3000);
    const listeners = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query ILIKE 'LISTEN%'`);
    expect(listeners.rows[0].n, 'LISTEN connections of the scheduler').toBe(1);
    await pool.query(`UPDATE feeds SET enabled = false WHERE id = 'r2'`);
    await waitFor('disabled feed unscheduled', async () => ((await view()).feedSchedulers.length === 3 ? true : undefined), 40_000);

    const crashes = scheduler.crashes;
    process.stderr.write(
      `restart: scheduler started ${scheduler.starts} times (${supervisor.kills()} SIGKILLs, ${crashes.length} unplanned exits), 1 Redis restart, 1 Postgres restart; log ${logFile}\n`,
    );
    await supervisor.stopAll(15_000);
    // it said in its log that it lost Postgres and came back, rather than dying
    expect(readFileSync(logFile, 'utf8')).toMatch(/reconnect|retrying/i);
    passed = true;
  }, 180_000);
});
