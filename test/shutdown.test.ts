import { spawn } from 'node:child_process';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedConfig } from '../config/feedsSchema.ts';
import { insertFeed } from '../db/sql/insertFeed.ts';
import { redisConnection } from '../queues/connection.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { startLocalServer, type LocalServer } from './helpers/httpServer.ts';
import { waitFor } from './helpers/pipeline.ts';

// SIGTERM lets a worker finish the job in hand: the slow feed's items are stored and the job completes.
let db: TestDb;
let server: LocalServer;
const prefix = `{raqib-shutdown-${process.pid}}`;
let fetchQ: Queue;

beforeAll(async () => {
  db = await freshDatabase();
  server = await startLocalServer({
    '/slow.xml': async (_q, r) => {
      await new Promise((res) => setTimeout(res, 2500));
      r.setHeader('content-type', 'application/rss+xml');
      r.end(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://x.invalid/</link><description>d</description><item><title>خبر</title><guid>s1</guid></item></channel></rss>',
      );
    },
  });
  await insertFeed(db.pool, FeedConfig.parse({ id: 'slow', name: 'Slow', kind: 'rss', url: `${server.origin}/slow.xml` }));
  fetchQ = new Queue('fetch', { connection: redisConnection(), prefix });
}, 60_000);

afterAll(async () => {
  await fetchQ?.obliterate({ force: true }).catch(() => {});
  await fetchQ?.close();
  await server?.close();
  await db?.drop();
});

describe('graceful shutdown', () => {
  it('finishes the job in hand on SIGTERM, then exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/raqib.ts', 'worker', 'fetch'], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        RAQIB_QUEUE_PREFIX: prefix,
        RAQIB_FETCH_ALLOW: server.hostPort,
        RAQIB_METRICS_PORT: '-1',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const job = await fetchQ.add('fetch', { feedId: 'slow' });
    // the worker has the job once the (slow) feed server sees its request, robots.txt aside
    await waitFor('the worker to be fetching', async () => server.requests.includes('/slow.xml'), 30_000);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(err).toContain('SIGTERM: finishing the jobs in hand');
    expect(await job.isCompleted()).toBe(true);
    expect((await db.pool.query(`SELECT guid FROM items WHERE feed_id = 'slow'`)).rows).toEqual([{ guid: 's1' }]);
  }, 60_000);
});
