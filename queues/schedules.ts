import type pg from 'pg';
import { listScheduledFeeds } from '../db/sql/listScheduledFeeds.ts';
import { scheduleOffsetMs } from '../lib/feeds/jitter.ts';
import type { Queues } from './connection.ts';
import { feedSchedulerId, type FetchJob, type WatchJob } from './names.ts';

/**
 * The BullMQ job schedulers the scheduler owns, mirrored from Postgres (feeds) and from its settings (the
 * watch checks). Every function here compares what Redis holds with what it should hold and repairs the
 * difference, so running it again, on several schedulers at once, or against a Redis that came back empty
 * gives the same schedules.
 */

const FEED_PREFIX = 'feed:';

export interface FeedSyncResult {
  upserted: string[];
  removed: string[];
}

/**
 * One job scheduler per enabled feed, at its effective interval, on a per-feed phase. `ids` limits the work
 * to those feeds (a NOTIFY names the feed that changed); null compares every feed and removes schedules of
 * feeds that are gone or disabled.
 */
export async function syncFeedSchedules(pool: pg.Pool, queues: Queues, ids: string[] | null = null, now = Date.now()): Promise<FeedSyncResult> {
  const feeds = await listScheduledFeeds(pool, ids);
  const existing = new Map<string, number | undefined>();
  if (ids === null) {
    for (const j of await queues.fetch.getJobSchedulers(0, -1)) if (j.key.startsWith(FEED_PREFIX)) existing.set(j.key, j.every ?? undefined);
  } else {
    for (const id of ids) {
      const j = await queues.fetch.getJobScheduler(feedSchedulerId(id));
      if (j) existing.set(feedSchedulerId(id), j.every ?? undefined);
    }
  }
  const result: FeedSyncResult = { upserted: [], removed: [] };
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
    // a feed that has no schedule yet and is due (never fetched, or not within its interval) is fetched now,
    // not one interval from now; after a Redis that came back empty, feeds fetched lately just wait their turn
    const due = !f.last_fetched_at || now - f.last_fetched_at.getTime() >= every;
    if (!existing.has(id) && due) await queues.fetch.add('fetch', { feedId: f.id }, { jobId: `first-${f.id}-${Math.floor(now / every)}` });
    result.upserted.push(f.id);
  }
  for (const id of existing.keys()) {
    if (wanted.has(id)) continue;
    await queues.fetch.removeJobScheduler(id);
    result.removed.push(id.slice(FEED_PREFIX.length));
  }
  return result;
}

export interface WatchEvery {
  surgeMs: number;
  silenceMs: number;
  retentionMs: number;
}

export const DEFAULT_WATCH_EVERY: WatchEvery = { surgeMs: 5 * 60_000, silenceMs: 60 * 60_000, retentionMs: 3600_000 };

/** The figure checks and the retention job, each a job scheduler of the watch queue; returns those (re)made. */
export async function syncWatchSchedules(queues: Queues, every: WatchEvery = DEFAULT_WATCH_EVERY): Promise<string[]> {
  const existing = new Map((await queues.watch.getJobSchedulers(0, -1)).map((j) => [j.key, j.every ?? undefined]));
  const made: string[] = [];
  for (const [check, ms] of [
    ['surge', every.surgeMs],
    ['silence', every.silenceMs],
    ['retention', every.retentionMs],
  ] as const) {
    const key = `watch:${check}`;
    if (existing.get(key) === ms) continue;
    await queues.watch.upsertJobScheduler(key, { every: ms }, { name: check, data: { check } satisfies WatchJob });
    made.push(check);
  }
  return made;
}
