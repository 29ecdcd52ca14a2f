import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { startLocalServer, type LocalServer } from './helpers/httpServer.ts';
import { fetchFeedNow, startTestPipeline, waitFor, type TestPipeline } from './helpers/pipeline.ts';
import { insertFeed } from '../db/sql/insertFeed.ts';
import { FeedConfig } from '../config/feedsSchema.ts';

// fetch -> store -> analyze -> alert against the real Postgres and Redis, with feeds served from 127.0.0.1.

function rss(items: Array<{ guid: string; title: string; body: string }>): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>http://example.invalid/</link><description>d</description>${items
    .map(
      (i) =>
        `<item><title>${esc(i.title)}</title><link>http://example.invalid/${i.guid}</link><guid>${i.guid}</guid><description>${esc(i.body)}</description></item>`,
    )
    .join('')}</channel></rss>`;
}

const FEED_A = [
  {
    guid: 'a1',
    title: 'مكتب الشيخ قيس الخزعلي ينفي أنباء مقتله',
    body: 'نفى مكتب الأمين العام قيس الخزعلي الأنباء عن مقتله وأكد أنه بصحة جيدة في قم.',
  },
  { guid: 'a2', title: 'ليث الخزعلي يلتقي وفداً في بغداد', body: 'استقبل ليث الخزعلي وفداً عشائرياً.' },
  { guid: 'a3', title: 'أسعار الطماطم ترتفع', body: 'ارتفعت الأسعار في الأسواق.' },
];
const FEED_B = [{ guid: 'b1', title: 'Muqtada al-Sadr calls for calm', body: 'Shiite cleric Muqtada al-Sadr urged his followers to stay calm.' }];

let db: TestDb;
let server: LocalServer;
let p: TestPipeline;
const conditional: string[] = [];
let slowResponses = 0;

async function addFeed(id: string, path: string) {
  await insertFeed(db.pool, FeedConfig.parse({ id, name: id, kind: 'rss', url: `${server.origin}${path}`, intervalSeconds: 60 }));
}

const fetchNow = (feedId: string) => fetchFeedNow(p, feedId);

async function settled() {
  await waitFor('pipeline settled', async () => {
    const r = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE alerted_revision < revision');
    const waiting = (await p.queues.analyze.getJobCounts('waiting', 'active', 'delayed')) as Record<string, number>;
    const waiting2 = (await p.queues.alert.getJobCounts('waiting', 'active', 'delayed')) as Record<string, number>;
    return r.rows[0].n === 0 && Object.values(waiting).every((x) => x === 0) && Object.values(waiting2).every((x) => x === 0);
  });
}

const count = async (sql: string) => (await db.pool.query<{ n: number }>(sql)).rows[0].n;

beforeAll(async () => {
  db = await freshDatabase();
  server = await startLocalServer({
    '/a.xml': (req, res) => {
      if (req.headers['if-none-match'] === '"a-v1"') {
        conditional.push('304');
        res.statusCode = 304;
        return res.end();
      }
      res.setHeader('etag', '"a-v1"');
      res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
      res.end(rss(FEED_A));
    },
    '/b.xml': (_req, res) => {
      res.setHeader('content-type', 'application/rss+xml');
      res.end(rss(FEED_B));
    },
    '/cp1256.xml': (_req, res) => {
      res.setHeader('content-type', 'application/rss+xml');
      res.end(readFileSync('scripts/demo/iraq-news-cp1256.xml'));
    },
    '/malformed.xml': (_req, res) => res.end('<rss><channel><item><title>broken'),
    '/robots.txt': (_req, res) => res.end('User-agent: *\nDisallow: /private/\n'),
    '/private/feed.xml': (_req, res) => {
      res.setHeader('content-type', 'application/rss+xml');
      res.end(rss(FEED_B.map((i) => ({ ...i, guid: 'private-' + i.guid }))));
    },
    '/500.xml': (_req, res) => {
      res.statusCode = 500;
      res.end('oops');
    },
    '/slow.xml': (_req, res) => {
      slowResponses++;
      res.setHeader('content-type', 'application/rss+xml');
      res.write('<?xml version="1.0"?><rss><channel>');
      setTimeout(() => res.end('</channel></rss>'), 5000);
    },
    '/dates.xml': (_req, res) => {
      res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
      res.end(readFileSync('lib/fetch/testdata/feeds/empty-content-encoded.xml'));
    },
    '/huge.xml': (_req, res) => {
      res.setHeader('content-type', 'application/rss+xml');
      res.end(rss([{ guid: 'h', title: 'h', body: 'x'.repeat(300_000) }]));
    },
  });
  p = await startTestPipeline(db, ['fetch', 'analyze', 'alert'], {
    RAQIB_FETCH_ALLOW: server.hostPort,
    RAQIB_FETCH_TIMEOUT_MS: '1500',
    RAQIB_FETCH_MAX_BYTES: '200000',
  });
  for (const [id, path] of [
    ['a', '/a.xml'],
    ['b', '/b.xml'],
    ['cp1256', '/cp1256.xml'],
    ['malformed', '/malformed.xml'],
    ['err500', '/500.xml'],
    ['slow', '/slow.xml'],
    ['huge', '/huge.xml'],
  ])
    await addFeed(id, path);
  await insertFeed(
    db.pool,
    FeedConfig.parse({ id: 'tehran', name: 'tehran', kind: 'rss', url: `${server.origin}/dates.xml`, timezone: 'Asia/Tehran' }),
  );
}, 120_000);

afterAll(async () => {
  await p?.close();
  await server?.close();
  await db?.drop();
});

describe('pipeline', () => {
  it('turns feed items into stored items and one alert per item × figure, with the mention marked', async () => {
    await fetchNow('a');
    await fetchNow('b');
    await settled();
    expect(await count(`SELECT count(*)::int AS n FROM items WHERE feed_id IN ('a','b')`)).toBe(4);
    const alerts = (
      await db.pool.query<{ figure_id: string; kind: string; snippet: string; snippet_marks: Array<[number, number]>; feed_id: string }>(
        `SELECT figure_id, kind, snippet, snippet_marks, feed_id FROM alerts ORDER BY figure_id`,
      )
    ).rows;
    expect(alerts.map((a) => a.figure_id).sort()).toEqual(['laith-al-khazali', 'muqtada-al-sadr', 'qais-al-khazali']);
    const qais = alerts.find((a) => a.figure_id === 'qais-al-khazali')!;
    expect(qais.kind).toBe('debunk');
    expect(qais.snippet_marks.length).toBeGreaterThan(0);
    expect(qais.snippet.slice(...qais.snippet_marks[0])).toMatch(/قيس الخزعلي|الخزعلي/);
    // laith's item never raises an alert for qais (longest match wins)
    expect(await count(`SELECT count(*)::int AS n FROM alert_sources s JOIN items i ON i.id = s.item_id WHERE i.guid = 'a2'`)).toBe(1);
    // languages were detected
    expect(await count(`SELECT count(*)::int AS n FROM items WHERE feed_id = 'b' AND lang = 'eng'`)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM items WHERE feed_id = 'a' AND lang = 'arb'`)).toBe(3);
  });

  it('adds nothing on a second cycle, and a 304 costs no parse', async () => {
    const before = await count('SELECT count(*)::int AS n FROM items');
    const alertsBefore = await count('SELECT count(*)::int AS n FROM alerts');
    await fetchNow('a');
    await fetchNow('b');
    await settled();
    expect(await count('SELECT count(*)::int AS n FROM items')).toBe(before);
    expect(await count('SELECT count(*)::int AS n FROM alerts')).toBe(alertsBefore);
    expect(conditional).toContain('304');
    const runs = (
      await db.pool.query<{ outcome: string; items_seen: number }>(`SELECT outcome, items_seen FROM fetch_runs WHERE feed_id = 'a' ORDER BY id`)
    ).rows;
    expect(runs.at(-1)).toEqual({ outcome: 'not_modified', items_seen: 0 });
    const rb = (await db.pool.query<{ outcome: string }>(`SELECT outcome FROM fetch_runs WHERE feed_id = 'b' ORDER BY id DESC LIMIT 1`)).rows[0];
    expect(rb.outcome).toBe('unchanged');
  });

  it('decodes a windows-1256 feed into correct Arabic', async () => {
    await fetchNow('cp1256');
    await settled();
    const titles = (await db.pool.query<{ title: string }>(`SELECT title FROM items WHERE feed_id = 'cp1256' ORDER BY guid`)).rows.map(
      (r) => r.title,
    );
    expect(titles).toContain('مصدر مقرب من الخزعلي: الشيخ قيس على قيد الحياة ويمارس نشاطه');
    expect(await count(`SELECT count(*)::int AS n FROM alerts WHERE feed_id = 'cp1256' AND figure_id = 'qais-al-khazali'`)).toBeGreaterThanOrEqual(0);
  });

  it('records malformed XML, a 500, a timeout and an oversized body as fetch runs with clear errors, touching nothing else', async () => {
    const itemsBefore = await count('SELECT count(*)::int AS n FROM items');
    for (const id of ['malformed', 'err500', 'slow', 'huge']) {
      const job = await fetchNow(id);
      expect(await job.isCompleted(), `fetch job of ${id} ends without a retry storm`).toBe(true);
    }
    const runs = (
      await db.pool.query<{ feed_id: string; error_kind: string; error: string; http_status: number | null }>(
        `SELECT feed_id, error_kind, error, http_status FROM fetch_runs WHERE outcome = 'error' ORDER BY feed_id`,
      )
    ).rows;
    const by = Object.fromEntries(runs.map((r) => [r.feed_id, r]));
    expect(by.malformed.error_kind).toBe('malformed');
    expect(by.err500.error_kind).toBe('http');
    expect(by.err500.http_status).toBe(500);
    expect(by.slow.error_kind).toBe('timeout');
    expect(by.huge.error_kind).toBe('too_large');
    for (const r of runs) expect(r.error).toContain(server.origin);
    const feed = (
      await db.pool.query<{ last_error: string; consecutive_failures: number }>(
        `SELECT last_error, consecutive_failures FROM feeds WHERE id = 'err500'`,
      )
    ).rows[0];
    expect(feed.consecutive_failures).toBe(1);
    expect(feed.last_error).toContain('500');
    expect(await count('SELECT count(*)::int AS n FROM items')).toBe(itemsBefore);
    expect(slowResponses).toBe(1);
  });

  it('honours robots.txt unless the feed opts out', async () => {
    await insertFeed(db.pool, FeedConfig.parse({ id: 'private', name: 'private', kind: 'rss', url: `${server.origin}/private/feed.xml` }));
    await fetchNow('private');
    const run = (await db.pool.query<{ error_kind: string; error: string }>(`SELECT error_kind, error FROM fetch_runs WHERE feed_id = 'private'`))
      .rows[0];
    expect(run.error_kind).toBe('robots');
    expect(run.error).toContain('robots.txt');
    expect(server.requests.filter((r) => r.startsWith('/private/'))).toEqual([]);
    await insertFeed(
      db.pool,
      FeedConfig.parse({ id: 'private', name: 'private', kind: 'rss', url: `${server.origin}/private/feed.xml`, respectRobots: false }),
    );
    await fetchNow('private');
    expect(await count(`SELECT count(*)::int AS n FROM items WHERE feed_id = 'private'`)).toBe(1);
  });

  it('is idempotent: the same analyze and alert jobs run again create no duplicate mention or alert', async () => {
    // the test before ends when its fetch does; its item's analysis may still be running
    await settled();
    const ids = (await db.pool.query<{ id: number }>('SELECT id FROM items')).rows.map((r) => r.id);
    const mentions = await count('SELECT count(*)::int AS n FROM mentions');
    const alerts = await count('SELECT count(*)::int AS n FROM alerts');
    // force the items back to "not analyzed" as if a worker crashed after its commit, then replay both stages
    await db.pool.query('UPDATE items SET analyzed_revision = 0, alerted_revision = 0');
    await p.queues.analyze.add('again', { itemIds: ids });
    await p.queues.analyze.add('again', { itemIds: ids });
    await settled();
    expect(await count('SELECT count(*)::int AS n FROM mentions')).toBe(mentions);
    expect(await count('SELECT count(*)::int AS n FROM alerts')).toBe(alerts);
    expect(await count('SELECT count(*)::int AS n FROM (SELECT item_id, figure_id FROM alert_sources GROUP BY 1, 2 HAVING count(*) > 1) d')).toBe(0);
  });

  it('re-analyzes an edited item without a second alert for a figure already alerted', async () => {
    const alerts = await count('SELECT count(*)::int AS n FROM alerts');
    FEED_A[1] = { ...FEED_A[1], body: 'استقبل ليث الخزعلي وفداً عشائرياً في مكتبه، بحضور شيوخ من حزام بغداد.' };
    server.route('/a.xml', (_req, res) => {
      res.setHeader('content-type', 'application/rss+xml');
      res.end(rss(FEED_A));
    });
    await fetchNow('a');
    await settled();
    const it = (await db.pool.query<{ revision: number; body: string }>(`SELECT revision, body FROM items WHERE guid = 'a2'`)).rows[0];
    expect(it.revision).toBe(2);
    expect(it.body).toContain('بحضور');
    expect(await count('SELECT count(*)::int AS n FROM alerts')).toBe(alerts);
  });

  it('stores the richest body, reads zone-less dates in the feed zone, and falls back to first-seen time with a flag', async () => {
    const before = new Date();
    await fetchNow('tehran');
    const rows = (
      await db.pool.query<{ guid: string; title: string; body: string; published_at: Date; published_unknown: boolean; fetched_at: Date }>(
        `SELECT guid, title, body, published_at, published_unknown, fetched_at FROM items WHERE feed_id = 'tehran' ORDER BY guid`,
      )
    ).rows;
    expect(rows.map((r) => r.guid)).toEqual(['news-1001', 'news-1002', 'news-1003', 'news-1004']);
    // an empty <content:encoded/> never wins over a full <description>
    expect(rows.every((r) => r.body.length > 0)).toBe(true);
    expect(rows[0].title).toBe('سخنگوی دولت: نشست آینده در بغداد برگزار می‌شود');
    // 2024-05-01 10:58 without a zone, in Asia/Tehran (+03:30)
    expect(rows[0].published_at.toISOString()).toBe('2024-05-01T07:28:00.000Z');
    expect(rows[0].published_unknown).toBe(false);
    // 1970-01-01 is not believed: the first-seen time stands in, flagged
    expect(rows[2].published_unknown).toBe(true);
    expect(rows[2].published_at.getTime()).toBe(rows[2].fetched_at.getTime());
    expect(rows[2].published_at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    // «منذ ساعتين» is two hours before the fetch
    expect(Math.abs(rows[3].published_at.getTime() - (rows[3].fetched_at.getTime() - 2 * 3600_000))).toBeLessThan(60_000);
    const run = (await db.pool.query<{ notes: string }>(`SELECT notes FROM fetch_runs WHERE feed_id = 'tehran'`)).rows[0];
    expect(run.notes).toContain('1 date before 1990 left empty');
  });
});
