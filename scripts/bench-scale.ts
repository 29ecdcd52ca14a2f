/**
 * Items per second through fetch → analyze → alert with 1, 2 and 4 worker processes per stage on this
 * machine, with real Redis and Postgres (127.0.0.1:6379/5432, a database and a queue prefix of its own)
 * and feeds served from 127.0.0.1, plus the peak RSS of each process. Item texts are real Arabic news
 * sentences from ../shared/bench/ar-persons.jsonl with tracked figures' names mixed in.
 *
 *   npx tsx scripts/bench-scale.ts [--feeds 100] [--items 40] [--procs 1,2,4]
 *
 * The 1-process run is the baseline: each larger run prints its ratio to it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { FeedConfig } from '../config/feedsSchema.ts';
import { createPool } from '../db/pool.ts';
import { migrateAndSeed } from '../db/setup.ts';
import { insertFeed } from '../db/sql/insertFeed.ts';
import { startGrowingFeeds, type FeedItemSpec } from '../test/helpers/growingFeeds.ts';
import { superviseRaqib } from '../test/helpers/raqibProcesses.ts';

const BENCH = '../shared/bench/ar-persons.jsonl';
if (!existsSync(BENCH)) {
  console.log('skipped: ../shared/bench not found');
  process.exit(0);
}

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const FEEDS = Number(arg('feeds', '100'));
const ITEMS = Number(arg('items', '40'));
const PROCS = arg('procs', '1,2,4')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const ADMIN = process.env.RAQIB_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.RAQIB_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const STAGES = ['fetch', 'analyze', 'alert'] as const;

const sentences = readFileSync(BENCH, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { text: string }).text);
const NAMES: Array<{ text: string; figure: string | null }> = [
  { text: 'وقال قيس الخزعلي إن', figure: 'qais-al-khazali' },
  { text: 'وأكد مقتدى الصدر أن', figure: 'muqtada-al-sadr' },
  { text: 'وذكر مصدر مطلع أن', figure: null },
  { text: 'وأضاف ليث الخزعلي أن', figure: 'laith-al-khazali' },
];

/** A ~1 KB item: five real sentences, one of them introduced by a tracked figure (or by nobody). */
function benchItem(runTag: string) {
  return (feed: number, index: number): FeedItemSpec => {
    const n = feed * 1000 + index;
    const s = (k: number) => sentences[(n * 5 + k) % sentences.length];
    const who = NAMES[n % NAMES.length];
    return {
      feed,
      index,
      guid: `bench-${runTag}-${feed}-${index}`,
      title: s(0).slice(0, 90),
      body: [s(1), `${who.text} ${s(2)}`, s(3), s(4)].join(' '),
      figures: who.figure ? [who.figure] : [],
    };
  };
}

const usedMemory = (info: string) => Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (b: number) => (b / 1048576).toFixed(0);

interface RunResult {
  procs: number;
  items: number;
  seconds: number;
  /** Seconds after the start at which every item was stored, and analyzed. */
  stages: { stored?: number; analyzed?: number };
  itemsPerSecond: number;
  alerts: number;
  /** Postgres bytes (tables and indexes) per item stored, with its mentions, stories and alerts. */
  bytesPerItem: number;
  peakRss: Map<string, number>;
}

async function run(procs: number): Promise<RunResult> {
  const tag = randomBytes(3).toString('hex');
  const dbName = `raqib_bench_scale_${tag}`;
  const u = new URL(ADMIN);
  u.pathname = `/${dbName}`;
  const dbUrl = u.toString();
  const prefix = `{bench-scale-${tag}}`;
  await migrateAndSeed(dbUrl, 'config/watchlist.yaml');
  const pool = createPool(dbUrl, 2);
  const feeds = await startGrowingFeeds({ feeds: FEEDS, everyMs: 3_600_000, initialItems: ITEMS, maxItems: ITEMS, makeItem: benchItem(tag) });
  const redis = new Redis(REDIS, { maxRetriesPerRequest: null });
  const queues = STAGES.map((s) => new Queue(s, { connection: redis, prefix }));
  // long intervals and no scheduler process: the benchmark enqueues each feed's one fetch itself
  for (let f = 0; f < FEEDS; f++) {
    await insertFeed(
      pool,
      FeedConfig.parse({ id: `b${f}`, name: `B ${f}`, kind: 'rss', url: feeds.url(f), intervalSeconds: 86_400, respectRobots: false }),
    );
  }
  const specs = STAGES.flatMap((stage) => Array.from({ length: procs }, (_, i) => ({ label: `${stage}#${i + 1}`, args: ['worker', stage] })));
  const sup = superviseRaqib(specs, {
    env: {
      DATABASE_URL: dbUrl,
      REDIS_URL: REDIS,
      RAQIB_QUEUE_PREFIX: prefix,
      RAQIB_FETCH_ALLOW: feeds.server.hostPort,
      RAQIB_METRICS_PORT: '-1',
      RAQIB_PG_POOL: '4',
      LOG_LEVEL: 'warn',
      // the local feeds stand in for many outlets: the per-host politeness limit (1 request/s) would
      // otherwise be all this measures
      RAQIB_HOST_CONCURRENCY: '64',
      RAQIB_HOST_INTERVAL_MS: '0',
    },
    rssSampleMs: 250,
  });
  try {
    // wait until every process has its worker connected, so start-up is not timed
    for (;;) {
      const counts = await Promise.all(queues.map((q) => q.getWorkersCount()));
      if (counts.every((c) => c >= procs)) break;
      if (sup.processes.some((p) => p.crashes.length))
        throw new Error(`a worker exited: ${sup.processes.map((p) => `${p.label} ${p.crashes}`).join(', ')}`);
      await sleep(200);
    }
    const expected = FEEDS * ITEMS;
    const t0 = process.hrtime.bigint();
    await queues[0].addBulk(Array.from({ length: FEEDS }, (_, f) => ({ name: 'fetch', data: { feedId: `b${f}` } })));
    // when each stage finished its last item shows which one bounds the throughput
    const finished: { stored?: number; analyzed?: number } = {};
    const elapsed = () => Number(process.hrtime.bigint() - t0) / 1e9;
    for (;;) {
      await sleep(100);
      const r = await pool.query<{ n: number; analyzed: number; done: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE analyzed_revision = revision)::int AS analyzed,
                count(*) FILTER (WHERE alerted_revision = revision)::int AS done FROM items`,
      );
      if (r.rows[0].n >= expected) finished.stored ??= elapsed();
      if (r.rows[0].analyzed >= expected) finished.analyzed ??= elapsed();
      if (r.rows[0].done >= expected) break;
      if (elapsed() > 300) throw new Error(`not done after 300 s: ${r.rows[0].done}/${expected}`);
    }
    const seconds = elapsed();
    const alerts = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM alert_sources')).rows[0].n;
    const size = await pool.query<{ bytes: number }>(
      `SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c
        WHERE c.relkind = 'r' AND c.relname IN ('items', 'mentions', 'item_places', 'item_signals', 'stories', 'story_items', 'story_bands', 'alerts', 'alert_sources', 'fetch_runs')`,
    );
    const bytesPerItem = size.rows[0].bytes / expected;
    return {
      procs,
      items: expected,
      seconds,
      stages: finished,
      itemsPerSecond: expected / seconds,
      alerts,
      bytesPerItem,
      peakRss: new Map(sup.peakRss()),
    };
  } finally {
    await sup.stopAll(10_000);
    for (const q of queues) await q.obliterate({ force: true }).catch(() => {});
    for (const q of queues) await q.close();
    redis.disconnect();
    await pool.end();
    await feeds.close();
    const admin = new pg.Client({ connectionString: ADMIN });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  }
}

console.log(
  `bench-scale: ${FEEDS} local feeds × ${ITEMS} items, fetch → analyze → alert, N processes per stage; ${(await import('node:os')).cpus().length} cores`,
);
const results: RunResult[] = [];
for (const n of PROCS) {
  const r = await run(n);
  results.push(r);
  const base = results[0];
  const rss = [...r.peakRss.entries()].map(([label, b]) => `${label} ${mb(b)}`).join(', ');
  console.log(
    `${n} process(es)/stage: ${r.items} items in ${r.seconds.toFixed(2)} s = ${r.itemsPerSecond.toFixed(0)} items/s` +
      ` (all stored at ${r.stages.stored?.toFixed(1)} s, analyzed at ${r.stages.analyzed?.toFixed(1)} s)` +
      ` (×${(r.itemsPerSecond / base.itemsPerSecond).toFixed(2)} vs ${base.procs}/stage), ${r.alerts} alert sources,` +
      ` ${(r.bytesPerItem / 1024).toFixed(1)} KiB of Postgres per item; peak RSS MiB: ${rss}`,
  );
}

// what 10,000 feeds cost the scheduler: one BullMQ job scheduler each, synced every 30 s
const SCHEDULERS = Number(arg('schedulers', '10000'));
if (SCHEDULERS > 0) {
  const redis = new Redis(REDIS, { maxRetriesPerRequest: null });
  const q = new Queue('fetch', { connection: redis, prefix: `{bench-sched-${randomBytes(3).toString('hex')}}` });
  const memBefore = usedMemory(await redis.info('memory'));
  let t = process.hrtime.bigint();
  const BATCH = 200;
  for (let i = 0; i < SCHEDULERS; i += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, SCHEDULERS - i) }, (_, k) =>
        q.upsertJobScheduler(`feed:f${i + k}`, { every: 300_000 + ((i + k) % 97) * 1000 }, { name: 'fetch', data: { feedId: `f${i + k}` } }),
      ),
    );
  }
  const upsertS = Number(process.hrtime.bigint() - t) / 1e9;
  const memAfter = usedMemory(await redis.info('memory'));
  t = process.hrtime.bigint();
  const listed = await q.getJobSchedulers(0, -1);
  const listS = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(
    `${SCHEDULERS} feed schedules: upserted in ${upsertS.toFixed(2)} s (${(SCHEDULERS / upsertS).toFixed(0)}/s, ${BATCH} in flight), ` +
      `Redis +${mb(memAfter - memBefore)} MiB (${((memAfter - memBefore) / SCHEDULERS).toFixed(0)} B each with its next job), ` +
      `listing all ${listed.length} took ${(listS * 1000).toFixed(0)} ms`,
  );
  await q.obliterate({ force: true });
  await q.close();
  redis.disconnect();
}
process.exit(0);
