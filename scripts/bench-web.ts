/**
 * Alerts page load time with 100,000 alerts. Fills a fresh database (COPY), starts the web app on 127.0.0.1,
 * logs in, then times repeated loads: server time (the app's Server-Timing header) and the full fetch as a
 * client sees it, p50/p95, for the first page, filtered pages, a page deep in the keyset, the JSON API, and
 * /healthz as the baseline measured in the same run.
 *
 *   npx tsx scripts/bench-web.ts [--alerts 100000] [--loads 40]
 *
 * Snippets are real Arabic newswire sentences from ../shared/bench/ar-persons.jsonl.
 */
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { freshDatabase } from '../test/helpers/db.ts';
import { buildWebApp } from '../web/server.ts';
import { addUser, seedFeed, seedFigure } from '../web/testSupport.ts';

const DATA = '../shared/bench/ar-persons.jsonl';
if (!existsSync(DATA)) {
  console.log('skipped: ../shared/bench not found');
  process.exit(0);
}
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg('alerts', 100_000);
const LOADS = arg('loads', 40);
const FIGURES = 50;
const FEEDS = 30;
const KINDS: Array<[string, number]> = [
  ['mention', 0.7],
  ['whereabouts', 0.1],
  ['debunk', 0.1],
  ['harm_claim', 0.05],
  ['silence', 0.05],
];

const sentences = readFileSync(DATA, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { text: string }).text)
  .filter((t) => t.length > 40);

const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, ' ').replace(/\n/g, ' ').replace(/\r/g, ' ');
let seed = 42;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pickKind = () => {
  let r = rand();
  for (const [k, p] of KINDS) if ((r -= p) < 0) return k;
  return 'mention';
};

const db = await freshDatabase('raqib_bench_web');
try {
  const t0 = performance.now();
  for (let f = 0; f < FEEDS; f++) await seedFeed(db.pool, `feed-${f}`, `Outlet ${f}`);
  for (let g = 0; g < FIGURES; g++) await seedFigure(db.pool, `figure-${g}`, `شخصية ${g}`, [`شخصية ${g}`]);
  const now = Date.now();
  const client = await db.pool.connect();
  try {
    // items first (alerts link to them for the URL), then alerts; ids are 1..N in both
    await pipeline(
      Readable.from(
        (function* () {
          for (let i = 1; i <= N; i++) {
            const text = sentences[i % sentences.length];
            yield `feed-${i % FEEDS}\tg-${i}\thttps://news.example/${i}\t${esc(text.slice(0, 80))}\t${esc(text)}\th${i}\tar\n`;
          }
        })(),
      ),
      client.query(copyFrom('COPY items (feed_id, guid, url, title, body, content_hash, lang) FROM STDIN')),
    );
    await pipeline(
      Readable.from(
        (function* () {
          for (let i = 1; i <= N; i++) {
            const text = sentences[i % sentences.length];
            const at = Math.floor(rand() * Math.max(1, text.length - 20));
            const created = new Date(now - (N - i) * ((90 * 86_400_000) / N) - Math.floor(rand() * 1000)).toISOString();
            yield `k-${i}\tfigure-${i % FIGURES}\t${pickKind()}\t${i}\tfeed-${i % FEEDS}\tar\t${esc(text.slice(0, 280))}\t[[${at},${at + 12}]]\t${created}\n`;
          }
        })(),
      ),
      client.query(copyFrom('COPY alerts (dedupe_key, figure_id, kind, item_id, feed_id, lang, snippet, snippet_marks, created_at) FROM STDIN')),
    );
    await client.query('ANALYZE');
  } finally {
    client.release();
  }
  const fillMs = performance.now() - t0;
  const count = (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM alerts')).rows[0].n;
  const mid = (
    await db.pool.query<{ ts: string; id: number }>(
      'SELECT created_at::text AS ts, id FROM alerts ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1',
      [Math.floor(count / 2)],
    )
  ).rows[0];

  await addUser(db.pool, 'bench', 'analyst', 'bench-password-123');
  const web = await buildWebApp({ pool: db.pool, databaseUrl: db.url, log: (await import('pino')).default({ level: 'warn' }, process.stderr) });
  await web.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (web.app.server.address() as { port: number }).port;

  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{
      status: number;
      serverMs: number;
      totalMs: number;
      bytes: number;
      headers: Record<string, string | string[] | undefined>;
      body: string;
    }>((resolve, reject) => {
      const start = performance.now();
      const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const st = /dur=([\d.]+)/.exec(String(res.headers['server-timing'] ?? ''));
          resolve({
            status: res.statusCode ?? 0,
            serverMs: st ? Number(st[1]) : NaN,
            totalMs: performance.now() - start,
            bytes: body.length,
            headers: res.headers,
            body: body.toString('utf8'),
          });
        });
      });
      req.on('error', reject);
      req.end();
    });
  const post = (path: string, body: string, headers: Record<string, string>) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const loginPage = await get('/login');
  const loginCookie = String(loginPage.headers['set-cookie']).split(';')[0];
  const token = /name="_csrf" value="([^"]+)"/.exec(loginPage.body)![1];
  const loggedIn = await post('/login', new URLSearchParams({ _csrf: token, name: 'bench', password: 'bench-password-123' }).toString(), {
    cookie: loginCookie,
  });
  const cookie = ([] as string[])
    .concat(loggedIn.headers['set-cookie'] as string[])
    .find((c) => c.startsWith('raqib_session='))!
    .split(';')[0];

  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
  const cases: Array<[string, string, Record<string, string>]> = [
    ['baseline /healthz', '/healthz', {}],
    ['alerts page, first page', '/alerts', { cookie }],
    ['alerts page, kind=debunk', '/alerts?kind=debunk', { cookie }],
    ['alerts page, figure + outlet', '/alerts?figure=figure-7&feed=feed-7', { cookie }],
    ['alerts page, kind + last 7 days', `/alerts?kind=harm_claim&since=${new Date(now - 7 * 86_400_000).toISOString().slice(0, 10)}`, { cookie }],
    ['alerts page, 50,000 rows deep', `/alerts?after=${encodeURIComponent(`${mid.ts}~${mid.id}`)}`, { cookie }],
    ['GET /api/alerts (JSON)', '/api/alerts', { cookie, accept: 'application/json' }],
  ];
  console.log(
    `bench-web: ${count.toLocaleString('en')} alerts (+ as many items) filled in ${(fillMs / 1000).toFixed(1)} s; ${LOADS} loads per case after 3 warm-ups`,
  );
  console.log('case                                 | rows | KB  | server p50 | server p95 | fetch p50 | fetch p95 | fetch p50 / baseline');
  let baseline = NaN;
  for (const [name, path, headers] of cases) {
    for (let i = 0; i < 3; i++) await get(path, headers);
    const server: number[] = [];
    const total: number[] = [];
    let last = await get(path, headers);
    for (let i = 0; i < LOADS; i++) {
      last = await get(path, headers);
      if (last.status !== 200) throw new Error(`${path}: HTTP ${last.status}`);
      server.push(last.serverMs);
      total.push(last.totalMs);
    }
    const rows =
      (last.body.match(/class="alert-row"/g) ?? []).length ||
      (last.body.startsWith('{"alerts"') ? (JSON.parse(last.body) as { alerts: unknown[] }).alerts.length : 0);
    if (Number.isNaN(baseline)) baseline = pct(total, 50);
    console.log(
      `${name.padEnd(36)} | ${String(rows).padStart(4)} | ${String(Math.round(last.bytes / 1024)).padStart(3)} | ${pct(server, 50).toFixed(1).padStart(7)} ms | ${pct(server, 95).toFixed(1).padStart(7)} ms | ${pct(total, 50).toFixed(1).padStart(6)} ms | ${pct(total, 95).toFixed(1).padStart(6)} ms | ${(pct(total, 50) / baseline).toFixed(1)}x`,
    );
  }
  await web.close();
} finally {
  await db.drop();
}
