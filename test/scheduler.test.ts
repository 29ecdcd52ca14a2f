import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedConfig } from '../config/feedsSchema.ts';
import { resetSettings, settings } from '../config/settings.ts';
import { insertFeed } from '../db/sql/insertFeed.ts';
import { markAlertsNotified } from '../db/sql/markAlertsNotified.ts';
import { updateFeedSettings } from '../db/sql/updateFeedSettings.ts';
import { log } from '../lib/log.ts';
import { openQueues, redisConnection } from '../queues/connection.ts';
import { QUEUES } from '../queues/names.ts';
import { startScheduler, type RunningScheduler } from '../queues/scheduler.ts';
import { sweepLostHandOffs } from '../queues/sweeper.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { waitFor } from './helpers/pipeline.ts';
import { startPrivateRedis } from './helpers/privateServices.ts';

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
});

/** An item stored and analyzed five minutes ago whose alert hand-off has not been taken up. */
async function analyzedItem(guid: string): Promise<number> {
  const r = await db.pool.query<{ id: number }>(
    `INSERT INTO items (feed_id, guid, title, body, content_hash, fetched_at, analyzed_revision, analyzed_at)
     VALUES ('one', $1, 't', 'b', $1, now() - interval '5 minutes', 1, now() - interval '5 minutes') RETURNING id`,
    [guid],
  );
  return r.rows[0].id;
}

const alertJobIds = async () => (await queues.alert.getJobs(['waiting'])).flatMap((j) => j.data.itemIds);

describe('the sweeper tells lost hand-offs from late ones', () => {
  it('leaves an item alone while a job for it waits in the next queue (a backlog is not lost work)', async () => {
    const id = await analyzedItem('backlog-1');
    const queued = await queues.alert.add('alert', { itemIds: [id] });
    await sweepLostHandOffs(db.pool, queues, log);
    expect((await alertJobIds()).filter((x) => x === id)).toHaveLength(1);
    // the job is gone without having done its work (a Redis that lost it): now the item is swept
    await queued.remove();
    const n = await sweepLostHandOffs(db.pool, queues, log);
    expect(n.alert).toBeGreaterThanOrEqual(1);
    expect((await alertJobIds()).filter((x) => x === id)).toHaveLength(1);
  });

  it('does not take over the deliveries of an alert whose alert job is still running, and does once that job ended without them', async () => {
    await queues.alert.drain();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const worker = new Worker(QUEUES.alert, () => gate, { connection: redisConnection(), prefix: settings().RAQIB_QUEUE_PREFIX });
    try {
      const running = await queues.alert.add('alert', { itemIds: [] });
      await waitFor('the alert job to be running', async () => (await running.getState()) === 'active', 10_000);
      // the running job writes an alert; it would hand it to the deliver stage when it ends
      const a = await db.pool.query<{ id: number }>(
        `INSERT INTO alerts (dedupe_key, figure_id, kind, snippet) VALUES ('story:1:x', 'x', 'mention', 's') RETURNING id`,
      );
      const alertId = a.rows[0].id;
      expect((await sweepLostHandOffs(db.pool, queues, log, { graceSeconds: 0 })).notify).toBe(0);
      release();
      await waitFor('the alert job to end', async () => running.isCompleted(), 10_000);
      // it ended without handing the alert on (killed between its commit and its enqueue): that is lost
      expect((await sweepLostHandOffs(db.pool, queues, log, { graceSeconds: 0 })).notify).toBe(1);
      expect((await queues.deliver.getJobs(['waiting'])).map((j) => j.id)).toContain(`deliver-${alertId}-mention`);
    } finally {
      release();
      await worker.close();
    }
  });

  it('never records a weaker kind over a stronger one as handed on, whatever the order two jobs record in', async () => {
    const a = await db.pool.query<{ id: number }>(
      `INSERT INTO alerts (dedupe_key, figure_id, kind, snippet) VALUES ('story:2:x', 'x', 'debunk', 's') RETURNING id`,
    );
    const id = a.rows[0].id;
    await markAlertsNotified(db.pool, [{ id, kind: 'debunk' }]);
    await markAlertsNotified(db.pool, [{ id, kind: 'mention' }]);
    await markAlertsNotified(db.pool, [
      { id, kind: 'mention' },
      { id, kind: 'debunk' },
    ]);
    expect((await db.pool.query('SELECT notified_kind FROM alerts WHERE id = $1', [id])).rows[0].notified_kind).toBe('debunk');
  });
});

describe('a Redis that restarts empty', () => {
  it('gets every schedule back: feeds and the watch checks (surges, silences, retention)', async () => {
    const redis = await startPrivateRedis();
    const conn = redisConnection(redis.url);
    const q = openQueues({ connection: conn, prefix: '{raqib-resync}' });
    const s = await startScheduler({ pool: db.pool, queues: q, log, syncEveryMs: 60_000, sweepEveryMs: 60_000 });
    try {
      const keys = async () => [
        ...(await q.fetch.getJobSchedulers(0, -1)).map((j) => j.key),
        ...(await q.watch.getJobSchedulers(0, -1)).map((j) => j.key),
      ];
      const before = (await keys()).sort();
      expect(before).toEqual(['feed:one', 'feed:two', 'watch:retention', 'watch:silence', 'watch:surge']);
      // feed "two" was fetched a moment ago; "one" never: only the overdue one is fetched at once after the loss
      await db.pool.query(`UPDATE feeds SET last_fetched_at = now() WHERE id = 'two'`);
      await redis.restart({ keepData: false });
      await waitFor('every schedule back', async () => (await keys()).length === 5, 20_000);
      expect((await keys()).sort()).toEqual(before);
      const firsts = (await q.fetch.getJobs(['waiting', 'delayed', 'prioritized']))
        .filter((j) => j.id?.startsWith('first-'))
        .map((j) => j.data.feedId);
      expect(firsts).toEqual(['one']);
    } finally {
      await s.close();
      await q.close();
      conn.disconnect();
      await redis.close();
    }
  }, 60_000);
});
