/**
 * Postgres bytes per item and per fetch after a month and after a year at 10,000 feeds, with the retention
 * rules of lib/retention.ts and, as the same run's baseline, without them.
 *
 *   npx tsx scripts/bench-storage.ts [--items 4000] [--mention-rate 0.05] [--runs 20000]
 *                                    [--items-per-day 1000000] [--feeds 10000] [--interval 300]
 *
 * What is measured and what is extrapolated:
 * - MEASURED: a sample of items goes through the real analyze and alert stages (mentions, places, signals,
 *   stories with their bands and signatures, alerts and their sources), and a sample of fetch runs is written;
 *   the tables (heap, TOAST and indexes) are measured after VACUUM FULL in three states, by ageing the rows'
 *   timestamps into the past and running the retention rules: fresh, past story matching (bands and
 *   signatures gone), past body retention (bodies gone); and fetch runs raw and rolled up per feed and day.
 * - EXTRAPOLATED: those per-row sizes times the rows a deployment of `--feeds` feeds polled every `--interval`
 *   seconds and storing `--items-per-day` items holds after 30 and 365 days. Real tables also carry free space
 *   that VACUUM (not FULL) leaves for reuse, so expect somewhat more on disk.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { parseSettings, resetSettings } from '../config/settings.ts';
import { migrateAndSeed } from '../db/setup.ts';
import { log } from '../lib/log.ts';
import { runRetention } from '../lib/retention.ts';
import { enqueueItemBatches } from '../queues/enqueue.ts';
import { openQueues } from '../queues/connection.ts';
import { runWorkers } from '../workers/runWorkers.ts';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const ITEMS = arg('items', 4000);
const MENTION_RATE = arg('mention-rate', 0.05);
const RUNS = arg('runs', 20_000);
const SAMPLE_FEEDS = 100;
const AT_FEEDS = arg('feeds', 10_000);
const ITEMS_PER_DAY = arg('items-per-day', 1_000_000);
const INTERVAL_S = arg('interval', 300);
const ADMIN = process.env.RAQIB_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const NAMES = ['قيس الخزعلي', 'ليث الخزعلي', 'مقتدى الصدر', 'هادي العامري', 'أبو فدك المحمداوي'];
const STATEMENTS = [
  'ونفى مكتبه الأنباء التي تحدثت عن مقتله بغارة بطائرة مسيرة، مؤكداً أنه بصحة جيدة.',
  'وأفادت مصادر بأنه موجود في مدينة قم لمتابعة دراسته الدينية.',
  'وظهر في مقطع مصور في كربلاء اليوم.',
  'وأشارت تقارير إلى إصابته في قصف استهدف موقعاً قرب الحدود.',
];
const WORDS = (
  'وقال مصدر أمني إن القوات الأمنية نفذت عملية تفتيش في المنطقة بعد ورود معلومات عن تحركات مشبوهة فيما أكدت وزارة ' +
  'الداخلية أن الأوضاع تحت السيطرة وأن التحقيقات مستمرة لمعرفة ملابسات الحادث البرلمان الحكومة الموازنة الكهرباء النفط ' +
  'المحافظة الانتخابات الحشد العشائر الحدود الأسواق الأسعار الطلبة الجامعة المستشفى الطريق الجسر المطار الميناء الزراعة'
).split(' ');

// real Arabic newswire sentences when the shared bench data is there (research data, read in place, never
// copied): RAQIB_BENCH_DATA, or /work/shared/bench
const REAL = (() => {
  try {
    return readFileSync(join(process.env.RAQIB_BENCH_DATA ?? '/work/shared/bench', 'ar-persons.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text);
  } catch {
    return null;
  }
})();

/** About 1 KB of body text, different for every item (news is mostly distinct stories). */
function body(n: number): string {
  const parts: string[] = [];
  let x = (n + 1) * 2654435761;
  while (parts.join(' ').length < 1000) {
    x = (x * 1103515245 + 12345) >>> 0;
    if (REAL) parts.push(REAL[x % REAL.length]);
    else parts.push(Array.from({ length: 12 }, (_, i) => WORDS[(x >>> i) % WORDS.length]).join(' ') + '.');
  }
  const named = (n * 7919) % 1000 < MENTION_RATE * 1000;
  return named ? `${NAMES[n % NAMES.length]} ${STATEMENTS[n % STATEMENTS.length]} ${parts.join(' ')}` : parts.join(' ');
}

/** The first words of a text, up to about 90 characters, as a headline. */
function headline(text: string): string {
  const cut = text.slice(0, 90);
  return cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : 90);
}

const ITEM_TABLES = ['items', 'mentions', 'item_places', 'item_signals', 'stories', 'story_items', 'story_bands', 'alerts', 'alert_sources'];
const FETCH_TABLES = ['fetch_runs', 'fetch_run_days'];

async function tableBytes(pool: pg.Pool, tables: string[]): Promise<Record<string, { bytes: number; rows: number }>> {
  const out: Record<string, { bytes: number; rows: number }> = {};
  for (const t of tables) {
    const r = await pool.query<{ bytes: string; rows: string }>(
      `SELECT pg_total_relation_size($1::regclass) AS bytes, (SELECT count(*) FROM ${t}) AS rows`,
      [t],
    );
    out[t] = { bytes: Number(r.rows[0].bytes), rows: Number(r.rows[0].rows) };
  }
  return out;
}

const sumBytes = (m: Record<string, { bytes: number }>) => Object.values(m).reduce((a, x) => a + x.bytes, 0);

async function compact(pool: pg.Pool): Promise<void> {
  await pool.query('VACUUM FULL ANALYZE');
}

async function main() {
  const dbName = `raqib_bench_storage_${randomBytes(3).toString('hex')}`;
  const u = new URL(ADMIN);
  u.pathname = `/${dbName}`;
  const url = u.toString();
  await migrateAndSeed(url, 'config/watchlist.yaml');
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const admin = new pg.Client({ connectionString: ADMIN });
  try {
    console.log(
      `bench-storage: ${ITEMS} items (~${Math.round(MENTION_RATE * 100)}% name a tracked figure, ~1 KB of ${REAL ? 'real Arabic newswire (shared bench data)' : 'synthetic Arabic'} each) through analyze and alert; ${RUNS} fetch runs`,
    );
    for (let f = 0; f < SAMPLE_FEEDS; f++)
      await pool.query(`INSERT INTO feeds (id, name, kind, url, config, interval_seconds) VALUES ($1, $1, 'rss', $2, '{}', $3)`, [
        `f${f}`,
        `https://outlet${f}.example/rss`,
        INTERVAL_S,
      ]);
    const ids: number[] = [];
    for (let i = 0; i < ITEMS; i += 500) {
      const n = Array.from({ length: Math.min(500, ITEMS - i) }, (_, k) => i + k);
      const r = await pool.query<{ id: number }>(
        // a guid and URL as outlets write them (about 70 characters), a headline from the text's first words
        `INSERT INTO items (feed_id, guid, url, title, body, content_hash, published_at, meta)
         SELECT 'f' || (n % ${SAMPLE_FEEDS}), u, u, t, b, md5(b), now(), '{}'
           FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) AS x(n, b, t, u) RETURNING id`,
        [
          n,
          n.map(body),
          n.map((k) => headline(body(k))),
          n.map((k) => `https://www.outlet${k % SAMPLE_FEEDS}.example/news/2026/11/24/${100000 + k}-security-politics`),
        ],
      );
      ids.push(...r.rows.map((x) => x.id));
    }

    // the real analyze and alert stages write what they write for these items
    Object.assign(process.env, {
      DATABASE_URL: url,
      RAQIB_QUEUE_PREFIX: `{raqib-bench-storage-${randomBytes(3).toString('hex')}}`,
      RAQIB_METRICS_PORT: '-1',
    });
    resetSettings();
    const queues = openQueues();
    const workers = await runWorkers(['analyze', 'alert'], pool, log);
    const t0 = Date.now();
    await enqueueItemBatches(queues, 'analyze', ids);
    for (;;) {
      const r = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM items WHERE alerted_revision < revision`);
      if (r.rows[0].n === 0) break;
      if (Date.now() - t0 > 20 * 60_000) throw new Error(`analyze and alert did not finish within 20 minutes (${r.rows[0].n} left)`);
      await new Promise((res) => setTimeout(res, 500));
    }
    await workers.close();
    await Promise.all(queues.all.map((q) => q.obliterate({ force: true }).catch(() => {})));
    await queues.close();

    // fetch runs as a feed polled every few minutes writes them: mostly 304s, some new items, a few errors
    await pool.query(
      `INSERT INTO fetch_runs (feed_id, started_at, duration_ms, http_status, outcome, items_seen, items_new, error_kind, error)
       SELECT 'f' || (g % ${SAMPLE_FEEDS}), now() - (g % 30) * interval '1 day' - (g % 86400) * interval '1 second', 150 + g % 900,
              CASE WHEN g % 10 = 0 THEN 503 WHEN g % 10 < 8 THEN 304 ELSE 200 END,
              CASE WHEN g % 10 = 0 THEN 'error' WHEN g % 10 < 8 THEN 'not_modified' ELSE 'ok' END,
              CASE WHEN g % 10 >= 8 THEN 30 ELSE 0 END, CASE WHEN g % 10 >= 8 THEN 2 ELSE 0 END,
              CASE WHEN g % 10 = 0 THEN 'http' END, CASE WHEN g % 10 = 0 THEN 'HTTP 503 from https://outlet.example/rss' END
         FROM generate_series(1, $1) g`,
      [RUNS],
    );

    const s = parseSettings(process.env);
    await compact(pool);
    const fresh = await tableBytes(pool, ITEM_TABLES);
    const runsRaw = await tableBytes(pool, ['fetch_runs']);

    // past story matching: bands and signatures go (the items are 10 days old)
    await pool.query(`UPDATE items SET fetched_at = now() - interval '10 days'`);
    await pool.query(`UPDATE story_items SET added_at = now() - interval '10 days'`);
    await pool.query(`UPDATE story_bands SET created_at = now() - interval '10 days'`);
    await runRetention(pool, s, { only: ['story_matching', 'item_bodies'] });
    await compact(pool);
    const pastMatching = await tableBytes(pool, ITEM_TABLES);

    // past body retention (100 days old)
    await pool.query(`UPDATE items SET fetched_at = now() - interval '100 days'`);
    await runRetention(pool, s, { only: ['item_bodies'] });
    await compact(pool);
    const pastBodies = await tableBytes(pool, ITEM_TABLES);

    // fetch runs past their own retention: rolled up per feed and day
    await pool.query(`UPDATE fetch_runs SET started_at = started_at - interval '60 days'`);
    const rolled = await runRetention(pool, s, { only: ['fetch_runs'] });
    await compact(pool);
    const days = await tableBytes(pool, ['fetch_run_days']);

    const perItem = { fresh: sumBytes(fresh) / ITEMS, pastMatching: sumBytes(pastMatching) / ITEMS, pastBodies: sumBytes(pastBodies) / ITEMS };
    const perRun = runsRaw.fetch_runs.bytes / RUNS;
    const perFeedDay = days.fetch_run_days.bytes / Math.max(1, days.fetch_run_days.rows);

    console.log('\nmeasured, per item (tables, TOAST and indexes after VACUUM FULL):');
    console.log('table            fresh   past matching (7 d)   past body retention (90 d)');
    for (const t of ITEM_TABLES)
      console.log(
        `${t.padEnd(15)} ${fmt(fresh[t].bytes / ITEMS).padStart(7)}   ${fmt(pastMatching[t].bytes / ITEMS).padStart(19)}   ${fmt(pastBodies[t].bytes / ITEMS).padStart(26)}`,
      );
    console.log(
      `${'total'.padEnd(15)} ${fmt(perItem.fresh).padStart(7)}   ${fmt(perItem.pastMatching).padStart(19)}   ${fmt(perItem.pastBodies).padStart(26)}`,
    );
    console.log(
      `measured, fetches: ${fmt(perRun)} per fetch run kept raw; ${fmt(perFeedDay)} per feed and day rolled up (${rolled[0].pruned} runs into ${days.fetch_run_days.rows} rows)`,
    );

    // extrapolation at AT_FEEDS feeds
    const fetchesPerDay = (AT_FEEDS * 86400) / INTERVAL_S;
    console.log(
      `\nextrapolated to ${AT_FEEDS.toLocaleString('en')} feeds polled every ${INTERVAL_S} s (${Math.round(fetchesPerDay).toLocaleString('en')} fetches a day) ` +
        `and ${ITEMS_PER_DAY.toLocaleString('en')} items a day, from the per-row sizes above:`,
    );
    console.log('after     what                     with retention (defaults)        everything kept (baseline)');
    for (const d of [30, 365]) {
      const itemBytes = itemsBytes(d, perItem, s);
      const keepAll = d * ITEMS_PER_DAY * perItem.fresh;
      const runDays = s.RAQIB_FETCH_RUNS_DAYS || d;
      const fetchBytes =
        Math.min(d, runDays) * fetchesPerDay * perRun + Math.max(0, Math.min(d, s.RAQIB_FETCH_HISTORY_DAYS || d) - runDays) * AT_FEEDS * perFeedDay;
      const fetchKeepAll = d * fetchesPerDay * perRun;
      const items = d * ITEMS_PER_DAY;
      const fetches = d * fetchesPerDay;
      console.log(
        `${String(d).padStart(3)} days  items (per item)         ${gb(itemBytes).padStart(9)} (${fmt(itemBytes / items).padStart(7)})       ${gb(keepAll).padStart(9)} (${fmt(perItem.fresh).padStart(7)})`,
      );
      console.log(
        `          fetches (per fetch)      ${gb(fetchBytes).padStart(9)} (${fmt(fetchBytes / fetches).padStart(7)})       ${gb(fetchKeepAll).padStart(9)} (${fmt(perRun).padStart(7)})`,
      );
    }
  } finally {
    await pool.end();
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  }
}

/** Bytes the items of `days` days take: each day's items in the state their age puts them in. */
function itemsBytes(days: number, perItem: { fresh: number; pastMatching: number; pastBodies: number }, s: ReturnType<typeof parseSettings>): number {
  const matching = s.RAQIB_STORY_MATCH_DAYS || Infinity;
  const bodies = s.RAQIB_RETENTION_DAYS || Infinity;
  let total = 0;
  for (let age = 0; age < days; age++) {
    total += ITEMS_PER_DAY * (age < matching ? perItem.fresh : age < bodies ? perItem.pastMatching : perItem.pastBodies);
  }
  return total;
}

const fmt = (bytes: number) => (bytes >= 1024 ? `${(bytes / 1024).toFixed(2)} KiB` : `${Math.round(bytes)} B`);
const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(`bench-storage: ${e.message}`);
    process.exit(1);
  },
);
