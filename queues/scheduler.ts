import type { Queue } from 'bullmq';
import pg from 'pg';
import { settings } from '../config/settings.ts';
import { findItemsAwaitingTranslation } from '../db/sql/findItemsAwaitingTranslation.ts';
import { findUnfinishedWork } from '../db/sql/findUnfinishedWork.ts';
import { listScheduledFeeds } from '../db/sql/listScheduledFeeds.ts';
import { markAlertsNotified } from '../db/sql/markAlertsNotified.ts';
import { scheduleOffsetMs } from '../lib/feeds/jitter.ts';
import type { Logger } from '../lib/log.ts';
import type { Queues } from './connection.ts';
import { enqueueDeliveries, enqueueItemBatches } from './enqueue.ts';
import { feedSchedulerId, type FetchJob } from './names.ts';

export interface SchedulerOptions {
  pool: pg.Pool;
  queues: Queues;
  log: Logger;
  /** full resync with the feeds table even without a NOTIFY */
  syncEveryMs?: number;
  /** how often stalled hand-offs are looked for */
  sweepEveryMs?: number;
  /** figure checks and retention */
  watchEvery?: { surgeMs: number; silenceMs: number; retentionMs: number };
}

export interface RunningScheduler {
  /** one sync now; resolves with what changed */
  sync(): Promise<{ upserted: string[]; removed: string[] }>;
  sweep(): Promise<{ analyze: number; alert: number; notify: number; translate: number }>;
  close(): Promise<void>;
}

const FEED_PREFIX = 'feed:';

/**
 * Mirrors the feeds table into BullMQ job schedulers (one per enabled feed, keyed by feed id, so any number
 * of scheduler restarts or replicas never doubles a schedule), reacts at once to ops' changes through
 * LISTEN raqib_feeds, pauses fetching while analysis lags (backpressure), and re-enqueues hand-offs that a
 * crashed worker committed but never passed on.
 */
export async function startScheduler(o: SchedulerOptions): Promise<RunningScheduler> {
  const s = settings();
  const { pool, queues, log } = o;
  let closed = false;
  let syncing: Promise<{ upserted: string[]; removed: string[] }> | null = null;

  async function syncOnce() {
    const feeds = await listScheduledFeeds(pool);
    const existing = new Map<string, number | undefined>();
    for (const j of await queues.fetch.getJobSchedulers(0, -1)) {
      if (j.key.startsWith(FEED_PREFIX)) existing.set(j.key, j.every ?? undefined);
    }
    const upserted: string[] = [];
    const removed: string[] = [];
    const wanted = new Set<string>();
    for (const f of feeds) {
      if (!f.enabled) continue;
      const id = feedSchedulerId(f.id);
      wanted.add(id);
      const every = f.interval_seconds * 1000;
      if (existing.get(id) === every) continue;
      await queues.fetch.upsertJobScheduler(
        id,
        { every, offset: scheduleOffsetMs(f.id, every) },
        // a feed's own failures are recorded, not thrown: retries are for ours (Postgres or Redis down), and 8
        // attempts from 2 s span about 4 minutes, so a Postgres restart does not fail every fetch due meanwhile
        { name: 'fetch', data: { feedId: f.id } satisfies FetchJob, opts: { attempts: 8, backoff: { type: 'exponential', delay: 2000 } } },
      );
      // a new feed is fetched now, not one interval from now
      if (!existing.has(id)) await queues.fetch.add('fetch', { feedId: f.id }, { jobId: `first-${f.id}-${Math.floor(Date.now() / every)}` });
      upserted.push(f.id);
    }
    for (const id of existing.keys()) {
      if (!wanted.has(id)) {
        await queues.fetch.removeJobScheduler(id);
        removed.push(id.slice(FEED_PREFIX.length));
      }
    }
    if (upserted.length || removed.length)
      log.info({ upserted, removed }, `scheduler: ${upserted.length} feed schedules set, ${removed.length} removed`);
    return { upserted, removed };
  }

  const sync = () => (syncing ??= syncOnce().finally(() => (syncing = null)));

  async function sweep() {
    const w = await findUnfinishedWork(pool);
    await enqueueItemBatches(queues, 'analyze', w.toAnalyze);
    await enqueueItemBatches(queues, 'alert', w.toAlert);
    if (w.toNotify.length) {
      await enqueueDeliveries(queues, w.toNotify);
      await markAlertsNotified(pool, w.toNotify);
    }
    // translations that failed for want of a model are tried again once it may have arrived (a fresh job id:
    // BullMQ keeps the failed one's); the 5-minute bucket keeps one retry per item per window
    const untranslated = await findItemsAwaitingTranslation(pool, 300);
    const bucket = Math.floor(Date.now() / 300_000);
    if (untranslated.length) {
      await queues.translate.addBulk(
        untranslated.map((i) => ({ name: 'translate', data: { itemId: i.id }, opts: { jobId: `translate-${i.id}-${i.revision}-retry${bucket}` } })),
      );
    }
    const n = { analyze: w.toAnalyze.length, alert: w.toAlert.length, notify: w.toNotify.length, translate: untranslated.length };
    if (n.analyze || n.alert || n.notify || n.translate) log.warn(n, 'scheduler: re-enqueued work a stopped worker left behind');
    return n;
  }

  async function backpressure() {
    const waiting = (await queues.analyze.getWaitingCount()) + (await queues.alert.getWaitingCount());
    const paused = await queues.fetch.isPaused();
    if (!paused && waiting > s.RAQIB_MAX_BACKLOG) {
      await queues.fetch.pause();
      log.warn({ waiting }, `scheduler: ${waiting} items wait for analysis; fetching paused`);
    } else if (paused && waiting < s.RAQIB_MAX_BACKLOG / 2) {
      await queues.fetch.resume();
      log.info({ waiting }, 'scheduler: analysis caught up; fetching resumed');
    }
  }

  async function scheduleWatch() {
    const w = o.watchEvery ?? { surgeMs: 5 * 60_000, silenceMs: 60 * 60_000, retentionMs: 3600_000 };
    for (const [check, every] of [
      ['surge', w.surgeMs],
      ['silence', w.silenceMs],
      ['retention', w.retentionMs],
    ] as const) {
      await queues.watch.upsertJobScheduler(`watch:${check}`, { every }, { name: check, data: { check } });
    }
  }

  // LISTEN on a client of its own; reconnects with backoff when Postgres restarts
  let listener: pg.Client | null = null;
  let debounce: NodeJS.Timeout | null = null;
  async function listen(attempt = 0): Promise<void> {
    if (closed) return;
    const c = new pg.Client({ connectionString: s.DATABASE_URL });
    c.on('error', () => {});
    c.on('end', () => {
      // only the live listener reconnects here; a failed attempt's client ends too, and the catch below
      // already retries it (reconnecting from both forked a new chain, and a leaked LISTEN, per failure)
      if (closed || listener !== c) return;
      listener = null;
      log.warn('scheduler: lost the Postgres LISTEN connection, reconnecting');
      setTimeout(() => void listen(1), 1000);
    });
    c.on('notification', () => {
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(() => void guard('sync', sync), 200);
    });
    try {
      await c.connect();
      await c.query('LISTEN raqib_feeds');
      listener = c;
      if (attempt > 0) await guard('sync', sync);
    } catch (e) {
      await c.end().catch(() => {});
      const delay = Math.min(500 * 2 ** attempt, 10_000);
      log.warn({ err: (e as Error).message, delayMs: delay }, 'scheduler: cannot LISTEN on Postgres yet, retrying');
      if (!closed) setTimeout(() => void listen(attempt + 1), delay);
    }
  }

  async function guard<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      log.warn({ err: (e as Error).message }, `scheduler: ${what} failed, will retry: ${(e as Error).message}`);
      return undefined;
    }
  }

  await sync();
  await scheduleWatch();
  await listen();
  const timers = [
    setInterval(() => void guard('sync', sync), o.syncEveryMs ?? 30_000),
    setInterval(() => void guard('sweep', sweep), o.sweepEveryMs ?? 30_000),
    setInterval(() => void guard('backpressure', backpressure), 2_000),
  ];
  return {
    sync,
    sweep,
    async close() {
      closed = true;
      for (const t of timers) clearInterval(t);
      if (debounce) clearTimeout(debounce);
      await listener?.end().catch(() => {});
    },
  };
}

export type { Queue };
