import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { settings } from '../config/settings.ts';
import type { Logger } from '../lib/log.ts';
import type { Queues } from './connection.ts';
import { DEFAULT_WATCH_EVERY, syncFeedSchedules, syncWatchSchedules, type FeedSyncResult, type WatchEvery } from './schedules.ts';
import { sweepLostHandOffs, type SweepResult } from './sweeper.ts';

export interface SchedulerOptions {
  pool: pg.Pool;
  /** producers; with their shared Redis connection, schedules are repaired as soon as it reconnects */
  queues: Queues & { connection?: Redis };
  log: Logger;
  /** full resync of every schedule (feeds and watch checks) even without a NOTIFY */
  syncEveryMs?: number;
  /** how often lost hand-offs are looked for */
  sweepEveryMs?: number;
  /** work younger than this is not looked at by the sweeper */
  sweepGraceSeconds?: number;
  /** figure checks and retention */
  watchEvery?: WatchEvery;
}

export interface RunningScheduler {
  /** one full sync of every schedule now; resolves with the feed schedules that changed */
  sync(): Promise<FeedSyncResult>;
  sweep(): Promise<SweepResult>;
  close(): Promise<void>;
}

/**
 * Mirrors the feeds table into BullMQ job schedulers (one per enabled feed, keyed by feed id, so any number
 * of scheduler restarts or replicas never doubles a schedule) together with the watch checks' schedules,
 * reacts at once to a feed's change through LISTEN raqib_feeds (that feed only), repairs every schedule on a
 * timer and whenever its Redis connection comes back (a Redis restarted empty has none), pauses fetching
 * while analysis lags (backpressure), and hands on work whose hand-off was lost (queues/sweeper.ts).
 */
export async function startScheduler(o: SchedulerOptions): Promise<RunningScheduler> {
  const s = settings();
  const { pool, queues, log } = o;
  const watchEvery = o.watchEvery ?? DEFAULT_WATCH_EVERY;
  let closed = false;
  let syncing: Promise<FeedSyncResult> | null = null;

  async function syncAll(): Promise<FeedSyncResult> {
    const feeds = await syncFeedSchedules(pool, queues);
    const watch = await syncWatchSchedules(queues, watchEvery);
    if (feeds.upserted.length || feeds.removed.length || watch.length)
      log.info(
        { upserted: feeds.upserted, removed: feeds.removed, watch },
        `scheduler: ${feeds.upserted.length} feed schedules set, ${feeds.removed.length} removed, ${watch.length} watch schedules set`,
      );
    return feeds;
  }
  const sync = () => (syncing ??= syncAll().finally(() => (syncing = null)));

  // feeds named by NOTIFYs, synced together a moment later (a burst of changes is one round trip per feed)
  const changed = new Set<string>();
  async function syncChanged(): Promise<void> {
    const ids = [...changed];
    changed.clear();
    if (ids.length === 0) return;
    const r = await syncFeedSchedules(pool, queues, ids);
    if (r.upserted.length || r.removed.length) log.info(r, `scheduler: ${r.upserted.length} feed schedules set, ${r.removed.length} removed`);
  }

  const sweep = () => sweepLostHandOffs(pool, queues, log, { graceSeconds: o.sweepGraceSeconds });

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
    c.on('notification', (msg) => {
      if (msg.payload) changed.add(msg.payload);
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(() => void guard('sync of changed feeds', syncChanged), 200);
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
  await listen();
  // a Redis that restarts may come back empty: every schedule is put back as soon as it answers again
  const onReconnect = () => void guard('resync after Redis reconnected', sync);
  queues.connection?.on('ready', onReconnect);
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
      queues.connection?.off('ready', onReconnect);
      for (const t of timers) clearInterval(t);
      if (debounce) clearTimeout(debounce);
      await listener?.end().catch(() => {});
    },
  };
}

export type { Queue };
