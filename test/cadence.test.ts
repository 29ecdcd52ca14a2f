import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedConfig } from '../config/feedsSchema.ts';
import { createApiToken } from '../db/sql/createApiToken.ts';
import { insertFeed } from '../db/sql/insertFeed.ts';
import { log } from '../lib/log.ts';
import { startScheduler, type RunningScheduler } from '../queues/scheduler.ts';
import { hashSecret, newApiToken } from '../web/auth/secrets.ts';
import { buildWebApp, type WebApp } from '../web/server.ts';
import { addUser } from '../web/testSupport.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { startLocalServer, type LocalServer } from './helpers/httpServer.ts';
import { fetchFeedNow, startTestPipeline, waitFor, type TestPipeline } from './helpers/pipeline.ts';

// Polling that keeps up, and that ops can read: a feed that has just published is polled sooner; a quiet one is
// never stretched past its maxIntervalSeconds; a pinned one keeps its interval; and the interval in use now,
// with the reason it differs from the set one, is in `GET /api/feeds` and on the feeds page.
let db: TestDb;
let server: LocalServer;
let p: TestPipeline;
let scheduler: RunningScheduler;
let web: WebApp;
let browser: Browser;
let token = '';
let published = 1;

const rss = (n: number) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>http://x.invalid/</link><description>d</description>${Array.from(
    { length: n },
    (_, i) => `<item><title>خبر ${i}</title><guid>g-${i}</guid><link>http://x.invalid/${i}</link><description>نص الخبر ${i}</description></item>`,
  ).join('')}</channel></rss>`;

beforeAll(async () => {
  db = await freshDatabase();
  server = await startLocalServer({
    // a developing story: one more item each time the test says so
    '/live.xml': (_q, r) => r.end(rss(published)),
    '/quiet.xml': (_q, r) => r.end(rss(1)),
    '/pinned.xml': (_q, r) => r.end(rss(1)),
  });
  p = await startTestPipeline(db, ['fetch'], { RAQIB_FETCH_ALLOW: server.hostPort });
  const feed = (id: string, extra: object) =>
    insertFeed(db.pool, FeedConfig.parse({ id, name: id, kind: 'rss', url: `${server.origin}/${id}.xml`, intervalSeconds: 15, ...extra }));
  await feed('live', {});
  await feed('quiet', { burstWindowSeconds: 0 });
  await feed('pinned', { pin: true });
  scheduler = await startScheduler({ pool: db.pool, queues: p.queues, log, syncEveryMs: 600_000, sweepEveryMs: 600_000 });
  web = await buildWebApp({ pool: db.pool, databaseUrl: db.url });
  const userId = await addUser(db.pool, 'ana', 'analyst', 'ana-password-123');
  token = newApiToken();
  await createApiToken(db.pool, userId, hashSecret(token), 'test', null);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await scheduler?.close();
  await p?.close();
  await server?.close();
  await db?.drop();
});

const feedRow = async (id: string) =>
  (
    await db.pool.query<{ effective_interval_seconds: number; cadence_reason: string }>(
      'SELECT effective_interval_seconds, cadence_reason FROM feeds WHERE id = $1',
      [id],
    )
  ).rows[0];
const scheduleEvery = async (id: string) => (await p.queues.fetch.getJobScheduler(`feed:${id}`))?.every;

describe('polling that keeps up', () => {
  it('polls a feed that has just published sooner (a burst), and the schedule follows at once', async () => {
    await fetchFeedNow(p, 'live');
    expect(await feedRow('live')).toEqual({ effective_interval_seconds: 10, cadence_reason: 'burst' });
    await waitFor('the schedule to follow the burst', async () => (await scheduleEvery('live')) === 10_000, 10_000);
    // the second item of the story is found by the next (burst) fetch, and the burst goes on
    published = 2;
    await fetchFeedNow(p, 'live');
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM items WHERE feed_id = 'live'`)).rows[0].n).toBe(2);
    expect(await feedRow('live')).toEqual({ effective_interval_seconds: 10, cadence_reason: 'burst' });
  });

  it('never stretches a quiet feed past its maxIntervalSeconds (twice the set interval by default)', async () => {
    for (let i = 0; i < 6; i++) await fetchFeedNow(p, 'quiet');
    expect(await feedRow('quiet')).toEqual({ effective_interval_seconds: 30, cadence_reason: 'adapted_slower' });
    await waitFor('the schedule to follow', async () => (await scheduleEvery('quiet')) === 30_000, 10_000);
  });

  it('keeps a pinned feed at its set interval, new items or not', async () => {
    for (let i = 0; i < 4; i++) await fetchFeedNow(p, 'pinned');
    expect(await feedRow('pinned')).toEqual({ effective_interval_seconds: 15, cadence_reason: 'pinned' });
  });
});

describe('ops see the interval in use and why', () => {
  it('in GET /api/feeds', async () => {
    const r = await web.app.inject({ method: 'GET', url: '/api/feeds', headers: { authorization: `Bearer ${token}` } });
    expect(r.statusCode).toBe(200);
    const byId = Object.fromEntries((r.json() as { feeds: Array<Record<string, unknown>> }).feeds.map((f) => [f.id, f]));
    expect(byId.live).toMatchObject({
      intervalSeconds: 15,
      effectiveIntervalSeconds: 10,
      cadenceReason: 'burst',
      cadence: 'burst: it just published, so it is polled sooner for a few minutes',
      pinned: false,
      maxIntervalSeconds: 30,
    });
    expect(byId.quiet).toMatchObject({ effectiveIntervalSeconds: 30, cadenceReason: 'adapted_slower', maxIntervalSeconds: 30 });
    expect(byId.pinned).toMatchObject({ effectiveIntervalSeconds: 15, cadenceReason: 'pinned', cadence: 'pinned to the set interval', pinned: true });
  });

  it('on the feeds page, at a desk and on a phone', async () => {
    const origin = await web.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    for (const viewport of [
      { width: 1366, height: 768 },
      { width: 390, height: 844 },
    ]) {
      const page = await browser.newPage({ viewport, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
      await page.goto(`${origin}/feeds`);
      const note = page.locator('tr[data-feed="live"] .cadence');
      await note.scrollIntoViewIfNeeded();
      expect(await note.isVisible()).toBe(true);
      expect((await note.textContent())?.replace(/\s+/g, ' ').trim()).toBe(
        'now every 10 s: burst: it just published, so it is polled sooner for a few minutes',
      );
      expect((await page.locator('tr[data-feed="quiet"] .cadence').textContent())?.replace(/\s+/g, ' ').trim()).toBe(
        'now every 30 s: adapted: recent fetches found nothing new (at most every 30 s)',
      );
      expect((await page.locator('tr[data-feed="pinned"] .cadence').textContent())?.trim()).toBe('pinned to the set interval');
      await page.screenshot({ path: `test-results/feeds-cadence-${viewport.width}.png`, fullPage: true });
      await page.close();
    }
  }, 60_000);
});
