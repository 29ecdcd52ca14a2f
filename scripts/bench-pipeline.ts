/**
 * Items per second through fetch -> analyze -> alert with the real Redis and Postgres: 20,000 items across
 * 200 feeds served from 127.0.0.1, one worker process per stage (as in docker-compose), p50/p95 latency from
 * an item's storage to its alert row, and peak memory (VmHWM) per worker process; beside the raw throughput
 * of BullMQ no-op jobs in the same run (the queue's own ceiling here).
 *
 *   npx tsx scripts/bench-pipeline.ts [--feeds 200] [--items 100] [--mention-rate 0.25] [--steady-rate 500] [--steady-seconds 20]
 *
 * A second phase feeds items at a steady rate and reports the latency an analyst sees at that load (the
 * burst phase's latency is mostly time spent waiting behind 20,000 items enqueued at once).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Queue, Worker } from 'bullmq';
import pg from 'pg';
import { FeedConfig } from '../config/feedsSchema.ts';
import { migrateAndSeed } from '../db/setup.ts';
import { insertFeed } from '../db/sql/insertFeed.ts';
import { redisConnection } from '../queues/connection.ts';
import { startLocalServer } from '../test/helpers/httpServer.ts';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const FEEDS = arg('feeds', 200);
const PER_FEED = arg('items', 100);
const MENTION_RATE = arg('mention-rate', 0.25);
/** second phase: items per second fed steadily (feeds of STEADY_FEED_ITEMS fetched on a clock), for latency */
const STEADY_RATE = arg('steady-rate', 500);
const STEADY_SECONDS = arg('steady-seconds', 20);
const STEADY_FEED_ITEMS = 50;
const ADMIN = process.env.RAQIB_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const NAMES = ['قيس الخزعلي', 'ليث الخزعلي', 'مقتدى الصدر', 'محمد الطباطبائي', 'غدير شريف'];
const WORDS = (
  'وقال مصدر أمني إن القوات الأمنية نفذت عملية تفتيش في المنطقة بعد ورود معلومات عن تحركات مشبوهة فيما أكدت وزارة ' +
  'الداخلية أن الأوضاع تحت السيطرة وأن التحقيقات مستمرة لمعرفة ملابسات الحادث البرلمان الحكومة الموازنة الكهرباء النفط ' +
  'المحافظة الانتخابات الحشد العشائر الحدود الأسواق الأسعار الطلبة الجامعة المستشفى الطريق الجسر المطار الميناء الزراعة'
).split(' ');

// real Arabic newswire sentences when ../shared/bench is there (research data, read in place, never copied)
const REAL = (() => {
  try {
    return readFileSync('../shared/bench/ar-persons.jsonl', 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text);
  } catch {
    return null;
  }
})();

/** A different text for every item, so items are mostly distinct stories, as real news mostly is. */
function filler(n: number): string {
  if (REAL) return `${REAL[(n * 7) % REAL.length]} ${REAL[(n * 13 + 5) % REAL.length]}`.replace(/[<&]/g, ' ');
  let x = n * 2654435761;
  const out: string[] = [];
  for (let i = 0; i < 30; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out.push(WORDS[x % WORDS.length]);
  }
  return out.join(' ') + '.';
}

function feedXml(f: number, perFeed = PER_FEED, base = 0): string {
  let items = '';
  for (let i = 0; i < perFeed; i++) {
    const n = base + f * perFeed + i;
    const who = (n * 7919) % 1000 < MENTION_RATE * 1000 ? `${NAMES[n % NAMES.length]} ` : '';
    items += `<item><title>خبر رقم ${n} ${who}</title><guid>g-${n}</guid><link>http://bench.invalid/${n}</link><description>${who}${filler(n)}</description></item>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>f${f}</title><link>http://bench.invalid/</link><description>b</description>${items}</channel></rss>`;
}

function peakKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

async function noopBaseline(jobs: number): Promise<number> {
  const prefix = `{bench-noop-${randomBytes(3).toString('hex')}}`;
  const q = new Queue('noop', { connection: redisConnection(REDIS), prefix });
  for (let i = 0; i < jobs; i += 1000)
    await q.addBulk(Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({ name: 'n', data: { i: i + k } })));
  let done = 0;
  const t0 = Date.now();
  const w = new Worker('noop', async () => {}, { connection: redisConnection(REDIS), prefix, concurrency: 10 });
  await new Promise<void>((resolve) => w.on('completed', () => ++done === jobs && resolve()));
  const rate = jobs / ((Date.now() - t0) / 1000);
  await w.close();
  await q.obliterate({ force: true });
  await q.close();
  return rate;
}

async function main() {
  const dbName = `raqib_bench_${randomBytes(3).toString('hex')}`;
  const u = new URL(ADMIN);
  u.pathname = `/${dbName}`;
  const url = u.toString();
  await migrateAndSeed(url, 'config/watchlist.yaml');
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const server = await startLocalServer();
  const bodies = Array.from({ length: FEEDS }, (_, f) => feedXml(f));
  for (let f = 0; f < FEEDS; f++) {
    server.route(`/f${f}.xml`, (_q, r) => {
      r.setHeader('content-type', 'application/rss+xml; charset=utf-8');
      r.end(bodies[f]);
    });
    await insertFeed(
      pool,
      FeedConfig.parse({ id: `f${f}`, name: `Feed ${f}`, kind: 'rss', url: `${server.origin}/f${f}.xml`, intervalSeconds: 86400 }),
    );
  }
  const total = FEEDS * PER_FEED;
  console.log(
    `bench-pipeline: ${FEEDS} feeds × ${PER_FEED} items = ${total} items, ~${Math.round(MENTION_RATE * 100)}% mention a tracked figure; text: ${REAL ? 'real Arabic newswire sentences (../shared/bench)' : 'synthetic Arabic'}`,
  );

  const baseline = await noopBaseline(20_000);
  console.log(`BullMQ no-op jobs (concurrency 10, same Redis): ${baseline.toFixed(0)} jobs/s`);

  const prefix = `{raqib-bench-${randomBytes(3).toString('hex')}}`;
  const env = {
    ...process.env,
    DATABASE_URL: url,
    REDIS_URL: REDIS,
    RAQIB_QUEUE_PREFIX: prefix,
    RAQIB_FETCH_ALLOW: server.hostPort,
    RAQIB_FETCH_MAX_ITEMS: String(PER_FEED),
    RAQIB_METRICS_PORT: '-1',
    LOG_LEVEL: 'warn',
    RAQIB_MAX_BACKLOG: '100000',
    RAQIB_HOST_INTERVAL_MS: '0',
    RAQIB_HOST_CONCURRENCY: '1000',
  };
  const procs: Record<string, ChildProcess> = {};
  const peaks: Record<string, number> = {};
  for (const stage of ['fetch', 'analyze', 'alert']) {
    procs[stage] = spawn(process.execPath, ['--import', 'tsx', 'scripts/raqib.ts', 'worker', stage], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  await new Promise((r) => setTimeout(r, 4000));
  const fetchQ = new Queue('fetch', { connection: redisConnection(REDIS), prefix });
  const t0 = Date.now();
  await fetchQ.addBulk(Array.from({ length: FEEDS }, (_, f) => ({ name: 'fetch', data: { feedId: `f${f}` } })));
  const sampler = setInterval(() => {
    for (const [s, c] of Object.entries(procs)) peaks[s] = Math.max(peaks[s] ?? 0, peakKb(c.pid!));
  }, 250);
  let done = 0;
  while (Date.now() - t0 < 600_000) {
    const r = await pool.query<{ stored: number; done: number }>(
      `SELECT count(*)::int AS stored, count(*) FILTER (WHERE alerted_revision = revision AND revision > 0)::int AS done FROM items`,
    );
    done = r.rows[0].done;
    if (done >= total) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  const lat = (
    await pool.query<{ p50: number; p95: number; n: number }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95, count(*)::int AS n
         FROM (SELECT extract(epoch FROM s.added_at - i.fetched_at) * 1000 AS ms FROM alert_sources s JOIN items i ON i.id = s.item_id) x`,
    )
  ).rows[0];
  const rate = done / seconds;
  const stages = (
    await pool.query<{ fetch_s: number; analyze_s: number; alert_s: number }>(
      `SELECT extract(epoch FROM max(fetched_at) - min(fetched_at)) AS fetch_s,
              extract(epoch FROM max(analyzed_at) - min(fetched_at)) AS analyze_s,
              (SELECT extract(epoch FROM max(added_at)) FROM alert_sources) - extract(epoch FROM min(fetched_at)) AS alert_s FROM items`,
    )
  ).rows[0];
  console.log(
    `stage ends after the first store: fetch ${Number(stages.fetch_s).toFixed(1)} s, analyze ${Number(stages.analyze_s).toFixed(1)} s, last alert ${Number(stages.alert_s).toFixed(1)} s`,
  );
  console.log(`pipeline: ${done}/${total} items fetched, stored, analyzed and alerted in ${seconds.toFixed(1)} s = ${rate.toFixed(0)} items/s`);
  console.log(`(item, figure) alerts written: ${lat.n}; storage -> alert row latency p50 ${Math.round(lat.p50)} ms, p95 ${Math.round(lat.p95)} ms`);
  for (const [s, kb] of Object.entries(peaks)) console.log(`peak memory, ${s} worker process: ${(kb / 1024).toFixed(0)} MiB`);
  console.log(`ratio: pipeline items/s ÷ BullMQ no-op jobs/s = ${(rate / baseline).toFixed(3)}`);

  // phase 2: a steady load, as feeds bring items in production; latency is what an analyst waits
  if (STEADY_RATE > 0) {
    const steadyFeeds = Math.ceil((STEADY_RATE * STEADY_SECONDS) / STEADY_FEED_ITEMS);
    const base = total;
    for (let f = 0; f < steadyFeeds; f++) {
      const body = feedXml(f, STEADY_FEED_ITEMS, base);
      server.route(`/s${f}.xml`, (_q, r) => {
        r.setHeader('content-type', 'application/rss+xml; charset=utf-8');
        r.end(body);
      });
      await insertFeed(
        pool,
        FeedConfig.parse({ id: `s${f}`, name: `Steady ${f}`, kind: 'rss', url: `${server.origin}/s${f}.xml`, intervalSeconds: 86400 }),
      );
    }
    const every = (1000 * STEADY_FEED_ITEMS) / STEADY_RATE;
    const t1 = Date.now();
    for (let f = 0; f < steadyFeeds; f++) {
      await fetchQ.add('fetch', { feedId: `s${f}` });
      const wait = t1 + (f + 1) * every - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const steadyTotal = steadyFeeds * STEADY_FEED_ITEMS;
    while (Date.now() - t1 < 300_000) {
      const r = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM items WHERE feed_id LIKE 's%' AND alerted_revision = revision AND revision > 0`,
      );
      if (r.rows[0].n >= steadyTotal) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const sl = (
      await pool.query<{ p50: number; p95: number; n: number }>(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95, count(*)::int AS n
           FROM (SELECT extract(epoch FROM s.added_at - i.fetched_at) * 1000 AS ms FROM alert_sources s JOIN items i ON i.id = s.item_id WHERE i.feed_id LIKE 's%') x`,
      )
    ).rows[0];
    console.log(
      `steady load: ${steadyTotal} items fed at ${STEADY_RATE} items/s over ${STEADY_SECONDS} s; storage -> alert row latency p50 ${Math.round(sl.p50)} ms, p95 ${Math.round(sl.p95)} ms (${sl.n} alerts)`,
    );
  }

  for (const c of Object.values(procs)) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1500));
  await fetchQ.obliterate({ force: true }).catch(() => {});
  for (const n of ['analyze', 'alert', 'translate', 'deliver', 'watch']) {
    const q = new Queue(n, { connection: redisConnection(REDIS), prefix });
    await q.obliterate({ force: true }).catch(() => {});
    await q.close();
  }
  await fetchQ.close();
  await pool.end();
  await server.close();
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  process.exit(0);
}

main().catch((e) => {
  console.error(`bench-pipeline: ${(e as Error).stack}`);
  process.exit(1);
});
