import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedConfig } from '../config/feedsSchema.ts';
import { resetSettings } from '../config/settings.ts';
import { insertFeed } from '../db/sql/insertFeed.ts';
import { updateFeedSettings } from '../db/sql/updateFeedSettings.ts';
import { log } from '../lib/log.ts';
import { openQueues } from '../queues/connection.ts';
import { startScheduler, type RunningScheduler } from '../queues/scheduler.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { waitFor } from './helpers/pipeline.ts';

let db: TestDb;
let queues: ReturnType<typeof openQueues>;
const running: RunningScheduler[] = [];

const schedules = async () =>
  Object.fromEntries((await queues.fetch.getJobSchedulers(0, -1)).filter((j) => j.key.startsWith('feed:')).map((j) => [j.key, j.every]));

beforeAll(async () => {
  db = await freshDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.RAQIB_QUEUE_PREFIX = `{raqib-sched-${process.pid}}`;
  resetSettings();
  queues = openQueues();
  for (const id of ['one', 'two', 'three']) {
    await insertFeed(db.pool, FeedConfig.parse({ id, name: id, kind: 'rss', url: `http://127.0.0.1:9/${id}.xml`, intervalSeconds: 120 }));
  }
}, 60_000);

afterAll(async () => {
  for (const s of running) await s.close();
  for (const q of queues.all) await q.obliterate({ force: true }).catch(() => {});
  await queues.close();
  await db.drop();
});

describe('scheduler', () => {
  it('creates one schedule per enabled feed and fetches new feeds at once', async () => {
    const s = await startScheduler({ pool: db.pool, queues, log, syncEveryMs: 60_000, sweepEveryMs: 60_000 });
    running.push(s);
    expect(await schedules()).toEqual({ 'feed:one': 120_000, 'feed:three': 120_000, 'feed:two': 120_000 });
    const waiting = await queues.fetch.getJobs(['waiting', 'delayed', 'prioritized']);
    expect(
      waiting
        .filter((j) => j.id?.startsWith('first-'))
        .map((j) => j.data.feedId)
        .sort(),
    ).toEqual(['one', 'three', 'two']);
  });

  it('applies a new interval and a disabled feed without a restart (LISTEN/NOTIFY)', async () => {
    await updateFeedSettings(db.pool, 'two', { intervalSeconds: 600 });
    await updateFeedSettings(db.pool, 'three', { enabled: false });
    const got = await waitFor(
      'schedules to follow the feeds table',
      async () => {
        const s = await schedules();
        return s['feed:two'] === 600_000 && !('feed:three' in s) ? s : null;
      },
      5000,
    );
    expect(got).toEqual({ 'feed:one': 120_000, 'feed:two': 600_000 });
  });

  it('never doubles schedules when restarted or run twice at once', async () => {
    await running.pop()!.close();
    const a = await startScheduler({ pool: db.pool, queues, log, syncEveryMs: 60_000, sweepEveryMs: 60_000 });
    const b = await startScheduler({ pool: db.pool, queues, log, syncEveryMs: 60_000, sweepEveryMs: 60_000 });
    running.push(a, b);
    await Promise.all([a.sync(), b.sync()]);
    expect(await schedules()).toEqual({ 'feed:one': 120_000, 'feed:two': 600_000 });
    expect(await queues.fetch.getJobSchedulersCount()).toBe(2);
  });

  it('sweeps work a killed worker committed but never handed on', async () => {
    await db.pool.query(
      `INSERT INTO items (feed_id, guid, title, body, content_hash, fetched_at) VALUES ('one', 'x1', 't', 'b', 'h', now() - interval '5 minutes')`,
    );
    const before = await queues.analyze.getWaitingCount();
    const n = await running[0].sweep();
    expect(n.analyze).toBe(1);
    expect(await queues.analyze.getWaitingCount()).toBe(before + 1);
  });

  it('hands translations that failed for want of a model back to the translate queue', async () => {
    await db.pool.query(
      `INSERT INTO items (feed_id, guid, title, body, content_hash, translation_status, translated_at) VALUES ('one', 'x2', 't', 'b', 'h2', 'model_missing', now() - interval '10 minutes')`,
    );
    const n = await running[0].sweep();
    expect(n.translate).toBe(1);
    const jobs = await queues.translate.getJobs(['waiting']);
    expect(jobs.map((j) => j.id)).toEqual([expect.stringMatching(/^translate-\d+-1-retry\d+$/)]);
  });
});
