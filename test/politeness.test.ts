import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedConfig } from '../config/feedsSchema.ts';
import { insertFeed } from '../db/sql/insertFeed.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { startLocalServer, type LocalServer } from './helpers/httpServer.ts';
import { startTestPipeline, waitFor, type TestPipeline } from './helpers/pipeline.ts';

// Feeds on one host are fetched one at a time and spaced out, however many fetch jobs run at once.
let db: TestDb;
let server: LocalServer;
let slowSite: LocalServer;
let p: TestPipeline;
const hits: number[] = [];
const slowHits: number[] = [];
const rss =
  '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://x.invalid/</link><description>d</description></channel></rss>';

beforeAll(async () => {
  db = await freshDatabase();
  server = await startLocalServer({
    '*': (req, res) => {
      if (req.url?.startsWith('/feed')) hits.push(Date.now());
      res.end(req.url === '/robots.txt' ? '' : rss);
    },
  });
  // a site that asks for a second between requests in its robots.txt
  slowSite = await startLocalServer({
    '*': (req, res) => {
      if (req.url?.startsWith('/feed')) slowHits.push(Date.now());
      res.end(req.url === '/robots.txt' ? 'User-agent: *\nCrawl-delay: 1\n' : rss);
    },
  });
  p = await startTestPipeline(db, ['fetch'], {
    RAQIB_FETCH_ALLOW: `${server.hostPort},${slowSite.hostPort}`,
    RAQIB_HOST_CONCURRENCY: '1',
    RAQIB_HOST_INTERVAL_MS: '300',
  });
  for (let i = 0; i < 3; i++)
    await insertFeed(db.pool, FeedConfig.parse({ id: `c${i}`, name: `C${i}`, kind: 'rss', url: `${slowSite.origin}/feed${i}.xml` }));
  for (let i = 0; i < 4; i++)
    await insertFeed(db.pool, FeedConfig.parse({ id: `f${i}`, name: `F${i}`, kind: 'rss', url: `${server.origin}/feed${i}.xml` }));
}, 60_000);

afterAll(async () => {
  await p?.close();
  await server?.close();
  await slowSite?.close();
  await db?.drop();
});

describe('per-host politeness', () => {
  it('spaces fetches from one host by RAQIB_HOST_INTERVAL_MS across concurrent fetch jobs', async () => {
    await p.queues.fetch.addBulk([0, 1, 2, 3].map((i) => ({ name: 'fetch', data: { feedId: `f${i}` } })));
    await waitFor('four fetch runs', async () => (await db.pool.query('SELECT 1 FROM fetch_runs')).rowCount === 4, 30_000);
    expect(hits).toHaveLength(4);
    const gaps = hits.slice(1).map((t, i) => t - hits[i]);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(280);
  });

  it("honours a site's robots.txt Crawl-delay when it is longer than ours", async () => {
    await p.queues.fetch.addBulk([0, 1, 2].map((i) => ({ name: 'fetch', data: { feedId: `c${i}` } })));
    await waitFor('three fetch runs', async () => (await db.pool.query(`SELECT 1 FROM fetch_runs WHERE feed_id LIKE 'c%'`)).rowCount === 3, 30_000);
    expect(slowHits).toHaveLength(3);
    for (const g of slowHits.slice(1).map((t, i) => t - slowHits[i])) expect(g).toBeGreaterThanOrEqual(950);
  });
});
